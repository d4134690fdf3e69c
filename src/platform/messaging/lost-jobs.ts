import type { Logger } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import type { JobName, JobProducer, QueueWithJobs } from './job-contract';
import type { JobOutcome } from './observed-worker-host';
import type { QueueJobs } from './queue-catalog';

/** Open work younger than this may simply not have been queued or run yet. */
export const RECONCILE_AFTER_SECONDS = 60;

/** How often each queue's reconcile job looks for lost work. */
export const RECONCILE_EVERY_MS = 30_000;

/** A piece of work PostgreSQL still calls open, as the job of queue Q that does it, under its deterministic id. */
export type OpenJob<Q extends QueueWithJobs> = { [N in JobName<Q>]: { name: N; data: QueueJobs[Q][N]; jobId: string; opts?: JobsOptions } }[JobName<Q>];

/**
 * PostgreSQL is the record, Redis only the transport: of the work the database still calls open,
 * each piece the queue holds no live job for (Redis lost its data, a job was removed or finished
 * early) is queued again under its id, so it can never be queued twice. Returns how many were.
 */
export async function requeueLost<Q extends QueueWithJobs>(producer: JobProducer<Q>, open: Array<OpenJob<Q>>, logger: Logger, what: string): Promise<{ requeued: number }> {
  let requeued = 0;
  for (const job of open) {
    if (await producer.requeueIfLost(job.name, job.data, job.jobId, job.opts)) requeued++;
  }
  if (requeued) logger.warn({ requeued }, `requeued ${what} the queue had lost`);
  return { requeued };
}

/** A reconcile job's outcome, as its worker logs it. */
export const reconciled = ({ requeued }: { requeued: number }): JobOutcome => ({ outcome: requeued ? 'done' : 'skipped', detail: `${requeued} requeued` });
