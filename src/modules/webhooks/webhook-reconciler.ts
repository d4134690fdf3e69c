import { Injectable, Logger } from '@nestjs/common';
import { OpenJob, requeueLost } from '../../platform/messaging/lost-jobs';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { WebhookDeliveries } from './webhook-deliveries';
import { DELIVER_OPTIONS, WEBHOOK_JOBS, WebhooksProducer, deliverJobId } from './webhooks.jobs';

/** An attempt queued this long ago (real time) and still unrecorded may have been lost with Redis. */
export const LOST_AFTER_SECONDS = 120;

/** Delivery attempts the database calls queued, queued again under the same id when Redis lost their job. */
@Injectable()
export class WebhookReconciler {
  private readonly logger = new Logger('webhook-reconciler');

  constructor(
    private readonly deliveries: WebhookDeliveries,
    private readonly producer: WebhooksProducer,
  ) {}

  async reconcile(olderThanSeconds = LOST_AFTER_SECONDS): Promise<{ requeued: number }> {
    const open: Array<OpenJob<typeof QUEUES.webhooks>> = (await this.deliveries.queuedBefore(olderThanSeconds)).map((a) => ({
      name: WEBHOOK_JOBS.deliver,
      data: { deliveryId: a.deliveryId, attempt: a.attempt },
      jobId: deliverJobId(a.deliveryId, a.attempt),
      opts: DELIVER_OPTIONS,
    }));
    return requeueLost(this.producer, open, this.logger, 'webhook attempts');
  }
}
