import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Logger, OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Cluster } from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { openRedis } from '../messaging/redis-connection';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** How often a Redis that cannot count is reported while it stays so. */
const WARN_EVERY_MS = 60_000;

/** How long a request waits for its count before it goes through uncounted. */
const ANSWER_WITHIN_MS = 1_000;

/**
 * Rate-limit counters for @nestjs/throttler kept in Redis (one atomic script per request), so every
 * API process of a deployment counts against one limit. Keys live under QUEUE_PREFIX. When Redis
 * cannot answer within a second the request goes through uncounted: a limit that cannot be counted
 * must not turn away invitees whose answers the database can still take (a request queued behind a
 * round trip already under way may wait for that one's second too).
 */
export class SharedRateLimitStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger('rate-limit');
  private lastWarning = 0;

  constructor(
    private readonly counters: Pick<ThrottlerStorage, 'increment'>,
    private readonly close: () => void = () => undefined,
  ) {}

  /** Counters under `<QUEUE_PREFIX>:rate-limit:<scope>:` on the deployment's Redis. */
  static forConfig(config: Pick<AppConfig, 'redis' | 'queuePrefix'>, scope: string): SharedRateLimitStorage {
    // Auto-pipelining: the counts of requests that arrive while one round trip is under way go in one write.
    const redis = openRedis(config.redis, {
      keyPrefix: `${config.queuePrefix}:rate-limit:${scope}:`,
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      lazyConnect: true,
      enableAutoPipelining: true,
    });
    redis.on('error', () => undefined);
    // One constructor overload each for a server and a cluster.
    const counters = redis instanceof Cluster ? new ThrottlerStorageRedisService(redis) : new ThrottlerStorageRedisService(redis);
    return new SharedRateLimitStorage(counters, () => redis.disconnect());
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const counted = this.counters.increment(key, ttl, limit, blockDuration, throttlerName);
      counted.catch(() => undefined);
      // A cluster client holds commands while it finds its nodes again, past any per-command timeout.
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS);
      });
      return await Promise.race([counted, late]);
    } catch (error) {
      const now = Date.now();
      if (now - this.lastWarning >= WARN_EVERY_MS) {
        this.lastWarning = now;
        this.logger.warn({ err: { message: (error as Error).message } }, 'rate limit not counted: Redis did not answer');
      }
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    } finally {
      clearTimeout(timer);
    }
  }

  onModuleDestroy(): void {
    this.close();
  }
}
