import { Job, JobsOptions, Queue, UnrecoverableError } from 'bullmq';
import type { JobSchedulers } from './job-schedulers';
import { QueueJobs } from './queue-catalog';

export type QueueWithJobs = keyof QueueJobs & string;
export type JobName<Q extends QueueWithJobs> = keyof QueueJobs[Q] & string;

/** A job of queue Q as its processor receives it: the payload's type follows the job's name. */
export type JobOf<Q extends QueueWithJobs> = { [N in JobName<Q>]: Job<QueueJobs[Q][N], unknown, N> }[JobName<Q>];

/**
 * What a module enqueues on its queue, typed by the catalog: a payload that does not match its job
 * name does not compile. Each module wraps its queue in one of these and exports that, not the queue.
 */
export class JobProducer<Q extends QueueWithJobs> {
  constructor(protected readonly queue: Queue) {}

  add<N extends JobName<Q>>(name: N, data: QueueJobs[Q][N], opts?: JobsOptions): Promise<Job> {
    return this.queue.add(name, data, opts);
  }

  addBulk<N extends JobName<Q>>(jobs: Array<{ name: N; data: QueueJobs[Q][N]; opts?: JobsOptions }>): Promise<Job[]> {
    return this.queue.addBulk(jobs);
  }

  /**
   * Queues the job again under its deterministic id when the queue no longer holds a live one for
   * it: missing (Redis lost it), or finished while the database still calls its work open. A
   * waiting, delayed or active job is left alone. Returns whether it queued.
   */
  async requeueIfLost<N extends JobName<Q>>(name: N, data: QueueJobs[Q][N], jobId: string, opts: JobsOptions = {}): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    if (job) {
      const state = await job.getState();
      if (state !== 'completed' && state !== 'failed') return false;
      await job.remove();
    }
    await this.queue.add(name, data, { ...opts, jobId });
    return true;
  }

  /** A job repeated every `everyMs`, one per name however many processes start, kept alive if Redis loses it. */
  keepRepeating<N extends JobName<Q>>(schedulers: JobSchedulers, name: N, everyMs: number): Promise<void> {
    return schedulers.keep(this.queue, name, everyMs);
  }
}

type FieldKind = 'string' | 'uuid' | 'integer';
/** The kind of every field of a payload: a payload type and its check cannot drift apart. */
export type PayloadShape<T> = { [K in keyof T]-?: FieldKind };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const fits: Record<FieldKind, (value: unknown) => boolean> = {
  string: (v) => typeof v === 'string' && v.length > 0,
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  integer: (v) => Number.isSafeInteger(v),
};

/**
 * The job's payload once it has the shape its processor expects. A malformed payload cannot get
 * better by waiting, so it fails the job at once with the reason (UnrecoverableError: no retry).
 */
export function checkedPayload<T>(job: Pick<Job, 'name' | 'data'>, shape: PayloadShape<T>): T {
  const data: unknown = job.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UnrecoverableError(`job ${job.name}: the payload must be an object`);
  }
  const record = data as Record<string, unknown>;
  const problems = Object.entries(shape as Record<string, FieldKind>)
    .filter(([field, kind]) => !fits[kind](record[field]))
    .map(([field, kind]) => `${field} must be ${kind === 'integer' ? 'an integer' : kind === 'uuid' ? 'a UUID' : 'a non-empty string'}`);
  if (problems.length) throw new UnrecoverableError(`job ${job.name}: malformed payload: ${problems.join('; ')}`);
  return data as T;
}
