import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobProducer, PayloadShape } from '../../platform/messaging/job-contract';
import { QUEUES, jobId } from '../../platform/messaging/queue-catalog';

export const WEBHOOK_JOBS = {
  /** One attempt at one delivery. */
  deliver: 'deliver',
  /** Requeues attempts PostgreSQL calls queued that Redis no longer holds. */
  reconcile: 'reconcile',
} as const;

export interface DeliverJob {
  deliveryId: string;
  /** Which attempt this job is (1 for the first): a job for an attempt already made does nothing. */
  attempt: number;
}

export const DELIVER_SHAPE: PayloadShape<DeliverJob> = { deliveryId: 'uuid', attempt: 'integer' };

declare module '../../platform/messaging/queue-catalog' {
  interface QueueJobs {
    [QUEUES.webhooks]: {
      [WEBHOOK_JOBS.deliver]: DeliverJob;
      [WEBHOOK_JOBS.reconcile]: Record<string, never>;
    };
  }
}

export const deliverJobId = (deliveryId: string, attempt: number) => jobId('webhook', deliveryId, attempt);

/** How an attempt's job is kept: a finished one is dropped at once, the database remembers that it ran. */
export const DELIVER_OPTIONS = { attempts: 3, removeOnComplete: true } as const;

/** The only way onto the webhooks queue. */
@Injectable()
export class WebhooksProducer extends JobProducer<typeof QUEUES.webhooks> {
  constructor(@InjectQueue(QUEUES.webhooks) queue: Queue) {
    super(queue);
  }

  /** One job per attempt, under an id of its own. */
  deliver(attempts: DeliverJob[]): Promise<unknown> {
    return this.addBulk(attempts.map((a) => ({ name: WEBHOOK_JOBS.deliver, data: { deliveryId: a.deliveryId, attempt: a.attempt }, opts: { ...DELIVER_OPTIONS, jobId: deliverJobId(a.deliveryId, a.attempt) } })));
  }
}
