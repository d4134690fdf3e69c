import type { RedisOptions } from 'bullmq';

/** BullMQ connection from REDIS_URL; workers need maxRetriesPerRequest null to block safely. */
export function redisOptions(redisUrl: string): RedisOptions {
  return { url: redisUrl, maxRetriesPerRequest: null };
}
