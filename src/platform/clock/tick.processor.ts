import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobOutcome, ObservedWorkerHost } from '../messaging/observed-worker-host';
import { QUEUES } from '../messaging/queue-catalog';
import { TICK_JOB } from './clock.jobs';
import { TickService } from './tick.service';

/** The heartbeat of time-driven work: one repeatable job, shared by all workers through its scheduler id. */
@Processor(QUEUES.clock, { concurrency: 1 })
export class TickProcessor extends ObservedWorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly tick: TickService,
    @InjectQueue(QUEUES.clock) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(TICK_JOB, { every: this.config.tickIntervalMs }, { name: TICK_JOB, opts: { attempts: 1, removeOnComplete: true, removeOnFail: 100 } });
  }

  protected async handle(_job: Job): Promise<JobOutcome> {
    const { performed } = await this.tick.run();
    return { outcome: performed ? 'done' : 'skipped', detail: `${performed} due item(s)` };
  }
}
