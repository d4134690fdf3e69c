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

declare module '../../platform/messaging/queue-catalog' {
  interface QueueJobs {
    [QUEUES.webhooks]: {
      [WEBHOOK_JOBS.deliver]: DeliverJob;
      [WEBHOOK_JOBS.reconcile]: Record<string, never>;
    };
  }
}

export const deliverJobId = (deliveryId: string, attempt: number) => jobId('webhook', deliveryId, attempt);
