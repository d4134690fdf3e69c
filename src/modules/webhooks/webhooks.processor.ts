import { Processor } from '@nestjs/bullmq';
import { OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobOf, checkedPayload } from '../../platform/messaging/job-contract';
import { JobSchedulers } from '../../platform/messaging/job-schedulers';
import { JobOutcome, ObservedWorkerHost } from '../../platform/messaging/observed-worker-host';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { WebhookDeliverer } from './webhook-deliverer';
import { WebhookReconciler } from './webhook-reconciler';
import { DELIVER_SHAPE, WEBHOOK_JOBS, WebhooksProducer } from './webhooks.jobs';

const RECONCILE_EVERY_MS = 30_000;

/** Webhook attempts, many at once: each mostly waits on a receiver. */
@Processor(QUEUES.webhooks, { concurrency: 128 })
export class WebhooksProcessor extends ObservedWorkerHost implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly deliverer: WebhookDeliverer,
    private readonly reconciler: WebhookReconciler,
    private readonly producer: WebhooksProducer,
    private readonly schedulers: JobSchedulers,
  ) {
    super();
  }

  onModuleInit(): void {
    // After Redis lost its data every attempt still due is requeued from the database, not only the old ones.
    this.schedulers.onLost('webhooks', () => this.reconciler.reconcile(0));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.keepRepeating(this.schedulers, WEBHOOK_JOBS.reconcile, RECONCILE_EVERY_MS);
  }

  protected async handle(job: JobOf<typeof QUEUES.webhooks>): Promise<JobOutcome> {
    switch (job.name) {
      case WEBHOOK_JOBS.deliver: {
        const { deliveryId, attempt } = checkedPayload(job, DELIVER_SHAPE);
        const result = await this.deliverer.attempt(deliveryId, attempt);
        return { outcome: result.outcome === 'skipped' || result.outcome === 'parked' ? 'skipped' : 'done', detail: `${result.outcome}: ${result.detail}` };
      }
      case WEBHOOK_JOBS.reconcile: {
        const { requeued } = await this.reconciler.reconcile();
        return { outcome: requeued ? 'done' : 'skipped', detail: `${requeued} requeued` };
      }
      default:
        throw new UnrecoverableError(`Unknown webhooks job ${(job as { name: string }).name}`);
    }
  }
}
