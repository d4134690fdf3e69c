import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobProducer, PayloadShape } from '../../platform/messaging/job-contract';
import { QUEUES, jobId } from '../../platform/messaging/queue-catalog';

export const REMINDER_JOBS = {
  /** Sends (or holds for quiet hours, or skips) the open deliveries of one batch of a step. */
  sendBatch: 'send-batch',
  /** Requeues batches PostgreSQL still calls open while Redis holds no live job for them. */
  reconcile: 'reconcile',
} as const;

export interface SendReminderBatchJob {
  stepId: string;
  batchNo: number;
  /** Grows each time the batch is queued again, so the new job never collides with a finished one. */
  generation: number;
}

export const SEND_REMINDER_BATCH_SHAPE: PayloadShape<SendReminderBatchJob> = { stepId: 'uuid', batchNo: 'integer', generation: 'integer' };

declare module '../../platform/messaging/queue-catalog' {
  interface QueueJobs {
    [QUEUES.reminders]: {
      [REMINDER_JOBS.sendBatch]: SendReminderBatchJob;
      [REMINDER_JOBS.reconcile]: Record<string, never>;
    };
  }
}

export const reminderBatchJobId = (stepId: string, batchNo: number, generation: number) => jobId('reminder', stepId, 'batch', batchNo, generation);

/** Recipients per send job, as for waves: per-job overhead vanishes, a retry stays cheap. */
export const REMINDER_BATCH_SIZE = 200;

/** A claim older than this belongs to an attempt that died mid-send; its recipients may be taken again. */
export const CLAIM_LEASE_SECONDS = 120;

/** What the reminders module puts on its queue, typed by the catalog. */
@Injectable()
export class RemindersProducer extends JobProducer<typeof QUEUES.reminders> {
  constructor(@InjectQueue(QUEUES.reminders) queue: Queue) {
    super(queue);
  }
}
