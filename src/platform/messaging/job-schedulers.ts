import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { TickService } from '../clock/tick.service';
import { APP_CONFIG, AppConfig, runsConsumers } from '../config/app-config';
import { RedisClient, openRedis } from './redis-connection';

/** How often a worker looks for its schedulers in Redis, on its own timer: the tick itself is one of them. */
export const SCHEDULER_CHECK_MS = 5_000;

interface KeptScheduler {
  queue: Queue;
  id: string;
  every: number;
}

/** Rebuilds the queue work of one kind from PostgreSQL, taking every open item whatever its age. */
type Rebuild = () => Promise<{ requeued: number }>;

const SCHEDULED_JOB_OPTIONS = { attempts: 1, removeOnComplete: true, removeOnFail: 100 };

/** How long one process may hold the recovery before another may take it over (it died, or is stuck). */
export const RECOVERY_LOCK_MS = 120_000;

/** Sets the epoch only if the recovery's lock is still this process's: a flush during the recovery removed it, and the recovery must run again. */
const SET_EPOCH_IF_LOCKED = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[2])
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`;
const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Keeps the queue work alive when Redis loses its memory (a flush, a restart without its data). A
 * marker key, the epoch, is written once the queue work has been rebuilt from PostgreSQL; a Redis
 * without it has lost its data since (or is new). Every worker process looks for it when it starts,
 * on a timer of its own, and at every clock tick; whichever finds it gone takes the recovery's lock,
 * creates the repeatable jobs again, rebuilds the lost queue work from PostgreSQL and writes the
 * epoch. A repeatable job found missing while the epoch is there is re-created the same way.
 */
@Injectable()
export class JobSchedulers implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('job-schedulers');
  private readonly kept: KeptScheduler[] = [];
  private readonly rebuilds = new Map<string, Rebuild>();
  private timer?: NodeJS.Timeout;
  private checking?: Promise<boolean>;
  private triedInTick?: Date;
  private markerClient?: RedisClient;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tick: TickService,
  ) {}

  onModuleInit(): void {
    this.tick.register({
      name: 'lost-job-schedulers',
      // Once per tick run (each run passes its own `now`): while another process holds the recovery, asking again would only spin.
      dueItems: async (now) =>
        this.triedInTick !== now && (await this.lost())
          ? [{ dueAt: new Date(0), label: 'queue work lost from Redis', perform: async () => void ((this.triedInTick = now), await this.check()) }]
          : [],
    });
  }

  /** Processors register their rebuilds when their module initialises, so all are known by now: a restarted worker recovers at once. */
  onApplicationBootstrap(): void {
    if (!runsConsumers(this.config.role)) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), SCHEDULER_CHECK_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
  }

  onApplicationShutdown(): void {
    this.markerClient?.disconnect();
  }

  /** Creates (or updates) a repeatable job now, and again whenever Redis has lost it. */
  async keep(queue: Queue, id: string, every: number): Promise<void> {
    this.kept.push({ queue, id, every });
    await this.upsert({ queue, id, every });
  }

  /** What rebuilds one kind of queue work from PostgreSQL, run when Redis has lost its data; register it in onModuleInit. */
  onLost(name: string, rebuild: Rebuild): void {
    if (this.rebuilds.has(name)) throw new Error(`Queue rebuild ${name} is registered twice.`);
    this.rebuilds.set(name, rebuild);
  }

  /** Recovers if Redis lost its data or a kept scheduler; concurrent calls share one look. True if it recovered. Never throws. */
  check(): Promise<boolean> {
    this.checking ??= (async () => {
      if (!(await this.lost())) return false;
      return this.recover();
    })()
      .catch((error: Error) => {
        this.logger.warn({ err: error.message }, 'could not check the job schedulers; trying again');
        return false;
      })
      .finally(() => {
        this.checking = undefined;
      });
    return this.checking;
  }

  /** The epoch's key and the recovery lock's, under the deployment's queue prefix, so a flush of that prefix takes them too. */
  private keys() {
    return { epoch: `${this.config.queuePrefix}:recovery:epoch`, lock: `${this.config.queuePrefix}:recovery:lock` };
  }

  /** A connection of its own that answers or fails within seconds: a frozen Redis must not hold a look forever. */
  private redis(): RedisClient {
    if (!this.markerClient) {
      this.markerClient = openRedis(this.config.redis, { maxRetriesPerRequest: 1, commandTimeout: 2_000, lazyConnect: true });
      this.markerClient.on('error', () => undefined);
    }
    return this.markerClient;
  }

  private async lost(): Promise<boolean> {
    if (!(await this.redis().exists(this.keys().epoch))) return true;
    return (await this.missing()).length > 0;
  }

  private async missing(): Promise<KeptScheduler[]> {
    const found = await Promise.all(this.kept.map(async (s) => ((await s.queue.getJobScheduler(s.id)) ? null : s)));
    return found.filter((s): s is KeptScheduler => s !== null);
  }

  /**
   * Under the lock (another process recovering is left to it): re-creates the missing schedulers,
   * requeues whatever PostgreSQL still calls open, then writes the epoch. False if another process holds the lock.
   */
  private async recover(): Promise<boolean> {
    const redis = this.redis();
    const { epoch, lock } = this.keys();
    const owner = randomUUID();
    if ((await redis.set(lock, owner, 'PX', RECOVERY_LOCK_MS, 'NX')) !== 'OK') return false;
    let marked = false;
    try {
      const epochWas = await redis.get(epoch);
      const missing = await this.missing();
      for (const scheduler of missing) await this.upsert(scheduler);
      let requeued = 0;
      let complete = true;
      for (const [name, rebuild] of this.rebuilds) {
        try {
          requeued += (await rebuild()).requeued;
        } catch (error) {
          complete = false;
          this.logger.warn({ rebuild: name, err: (error as Error).message }, 'could not rebuild queue work; trying again');
        }
      }
      // Without the epoch the next look recovers again, so a rebuild that failed is not given up on.
      marked = complete && (await redis.eval(SET_EPOCH_IF_LOCKED, 2, lock, epoch, owner, new Date().toISOString())) === 1;
      const schedulers = missing.map((s) => `${s.queue.name}/${s.id}`);
      // A new deployment has no epoch either, and nothing to requeue: that is no warning.
      const log = requeued > 0 || epochWas !== null ? 'warn' : 'log';
      this.logger[log](
        { schedulers, requeued },
        epochWas === null
          ? 'Redis held no recovery epoch (new, emptied or restarted without its data): requeued open work from the database'
          : 'Redis had lost job schedulers: re-created them and requeued open work from the database',
      );
    } finally {
      if (!marked) await redis.eval(RELEASE_LOCK, 1, lock, owner).catch(() => undefined);
    }
    return true;
  }

  private upsert({ queue, id, every }: KeptScheduler) {
    return queue.upsertJobScheduler(id, { every }, { name: id, opts: SCHEDULED_JOB_OPTIONS });
  }
}
