import { QUEUES } from '../messaging/queue-catalog';

export const TICK_JOB = 'tick';

declare module '../messaging/queue-catalog' {
  interface QueueJobs {
    [QUEUES.clock]: { [TICK_JOB]: Record<string, never> };
  }
}
