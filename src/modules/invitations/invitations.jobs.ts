import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import { Queue } from 'bullmq';
import { JobProducer, PayloadShape } from '../../platform/messaging/job-contract';
import { QUEUES, jobId } from '../../platform/messaging/queue-catalog';

export const INVITATION_JOBS = {
  /** Turns a dispatched wave's audience into invitation rows, then queues their send batches. */
  expand: 'expand-wave',
  /** Sends one batch of a wave's invitations. */
  sendBatch: 'send-batch',
  /** Requeues what PostgreSQL says is queued but Redis no longer holds. */
  reconcile: 'reconcile',
} as const;

export interface ExpandWaveJob {
  waveId: string;
}

export interface SendBatchJob {
  waveId: string;
  batchNo: number;
}

export const EXPAND_WAVE_SHAPE: PayloadShape<ExpandWaveJob> = { waveId: 'uuid' };
export const SEND_BATCH_SHAPE: PayloadShape<SendBatchJob> = { waveId: 'uuid', batchNo: 'integer' };

declare module '../../platform/messaging/queue-catalog' {
  interface QueueJobs {
    [QUEUES.invitations]: {
      [INVITATION_JOBS.expand]: ExpandWaveJob;
      [INVITATION_JOBS.sendBatch]: SendBatchJob;
      [INVITATION_JOBS.reconcile]: Record<string, never>;
    };
  }
}

export const expandJobId = (waveId: string) => jobId('wave', waveId, 'expand');
export const sendBatchJobId = (waveId: string, batchNo: number) => jobId('wave', waveId, 'batch', batchNo);

/**
 * A mail server's deferrals (greylisting, an outage) are waited out for about an hour, not two
 * minutes, and the jitter keeps the batches of a wave from all coming back in the same second.
 */
export const SEND_BATCH_JOB_OPTIONS: JobsOptions = { attempts: 12, backoff: { type: 'exponential', delay: 1000, jitter: 0.3 } };

/** Invitations per send job: large enough that per-job overhead vanishes, small enough to retry cheaply. */
export const BATCH_SIZE = 200;

/** What the invitations module puts on its queue, typed by the catalog. */
@Injectable()
export class InvitationsProducer extends JobProducer<typeof QUEUES.invitations> {
  constructor(@InjectQueue(QUEUES.invitations) queue: Queue) {
    super(queue);
  }
}
