import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobSchedulers } from '../messaging/job-schedulers';
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
    private readonly schedulers: JobSchedulers,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.schedulers.keep(this.queue, TICK_JOB, this.config.tickIntervalMs);
  }

  protected async handle(_job: Job): Promise<JobOutcome> {
    const { performed } = await this.tick.run();
    return { outcome: performed ? 'done' : 'skipped', detail: `${performed} due item(s)` };
  }
}
