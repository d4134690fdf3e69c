import { JobsOptions, Queue } from 'bullmq';

/**
 * Queues a job again under its deterministic id when the queue no longer holds a live one for it:
 * missing (Redis lost it), or finished while the database still calls its work open. A waiting,
 * delayed or active job is left alone. Returns whether it queued.
 */
export async function requeueIfLost(queue: Queue, name: string, data: unknown, jobId: string, opts: JobsOptions = {}): Promise<boolean> {
  const job = await queue.getJob(jobId);
  if (job) {
    const state = await job.getState();
    if (state !== 'completed' && state !== 'failed') return false;
    await job.remove();
  }
  await queue.add(name, data, { ...opts, jobId });
  return true;
}
