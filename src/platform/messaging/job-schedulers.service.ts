import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { TickService } from '../clock/tick.service';
import { APP_CONFIG, AppConfig, runsConsumers } from '../config/app-config';

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

/**
 * Keeps the repeatable jobs (the clock tick, the reconcilers, the sweeps) alive when Redis loses its
 * memory: a flush or a restart without data removes the very jobs that would repair the queues, so a
 * timer of each worker process, and every clock tick, looks for them and, when one is gone, creates
 * them again and rebuilds the lost queue work from PostgreSQL at once.
 */
@Injectable()
export class JobSchedulers implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('job-schedulers');
  private readonly kept: KeptScheduler[] = [];
  private readonly rebuilds = new Map<string, Rebuild>();
  private timer?: NodeJS.Timeout;
  private checking?: Promise<boolean>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tick: TickService,
  ) {}

  onModuleInit(): void {
    this.tick.register({
      name: 'lost-job-schedulers',
      dueItems: async () =>
        (await this.missing()).length ? [{ dueAt: new Date(0), label: 'job schedulers lost from Redis', perform: async () => void (await this.repair()) }] : [],
    });
  }

  onApplicationBootstrap(): void {
    if (!runsConsumers(this.config.role)) return;
    this.timer = setInterval(() => void this.check(), SCHEDULER_CHECK_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Creates (or updates) a repeatable job now, and again whenever Redis has lost it. */
  async keep(queue: Queue, id: string, every: number): Promise<void> {
    this.kept.push({ queue, id, every });
    await this.upsert({ queue, id, every });
  }

  /** What rebuilds one kind of queue work from PostgreSQL, run when the schedulers were found gone. */
  onLost(name: string, rebuild: Rebuild): void {
    if (this.rebuilds.has(name)) throw new Error(`Queue rebuild ${name} is registered twice.`);
    this.rebuilds.set(name, rebuild);
  }

  /** Repairs if any kept scheduler is gone; concurrent calls share one look. Never throws. */
  check(): Promise<boolean> {
    this.checking ??= (async () => {
      if ((await this.missing()).length === 0) return false;
      await this.repair();
      return true;
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

  private async missing(): Promise<KeptScheduler[]> {
    const found = await Promise.all(this.kept.map(async (s) => ((await s.queue.getJobScheduler(s.id)) ? null : s)));
    return found.filter((s): s is KeptScheduler => s !== null);
  }

  /** Re-creates the missing schedulers, then requeues whatever PostgreSQL still calls open; returns jobs requeued. */
  private async repair(): Promise<number> {
    const missing = await this.missing();
    if (missing.length === 0) return 0;
    for (const scheduler of missing) await this.upsert(scheduler);
    let requeued = 0;
    for (const [name, rebuild] of this.rebuilds) {
      try {
        requeued += (await rebuild()).requeued;
      } catch (error) {
        this.logger.warn({ rebuild: name, err: (error as Error).message }, 'could not rebuild queue work; the periodic reconciler will');
      }
    }
    this.logger.warn({ schedulers: missing.map((s) => `${s.queue.name}/${s.id}`), requeued }, 'Redis had lost job schedulers: re-created them and requeued open work from the database');
    return requeued;
  }

  private upsert({ queue, id, every }: KeptScheduler) {
    return queue.upsertJobScheduler(id, { every }, { name: id, opts: SCHEDULED_JOB_OPTIONS });
  }
}
