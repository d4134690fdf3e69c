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

/** Invitations per send job: large enough that per-job overhead vanishes, small enough to retry cheaply. */
export const BATCH_SIZE = 200;
