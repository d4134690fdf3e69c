import type { JobsOptions } from 'bullmq';

/**
 * Every queue of the service, declared once. Each feature names the jobs of its queue and their
 * payloads beside its processor and merges them into QueueJobs, so a wrong payload does not compile.
 */
export const QUEUES = {
  domainEvents: 'domain-events',
  clock: 'clock',
  invitations: 'invitations',
  mail: 'mail',
  confirmations: 'confirmations',
  reminders: 'reminders',
  webhooks: 'webhooks',
  reports: 'reports',
  badges: 'badges',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** queue name -> job name -> payload. Features extend it with `declare module`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface QueueJobs {}

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 5000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** BullMQ refuses ':' in custom job ids; deterministic ids are built from these parts. */
export const jobId = (...parts: Array<string | number>) => parts.map((p) => String(p).replace(/:/g, '_')).join('.');
