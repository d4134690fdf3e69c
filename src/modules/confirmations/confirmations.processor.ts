import { InjectQueue, Processor } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { JobSchedulers } from '../../platform/messaging/job-schedulers.service';
import { JobOutcome, ObservedWorkerHost } from '../../platform/messaging/observed-worker-host';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { CONFIRMATION_JOBS, OfferPlacesJob } from './confirmations.jobs';
import { WaitlistService } from './waitlist.service';

const SWEEP_EVERY_MS = 60_000;

/** Waiting-list work: offer freed places, and the periodic sweep for places a race left unoffered. */
@Processor(QUEUES.confirmations, { concurrency: 2 })
export class ConfirmationsProcessor extends ObservedWorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly waitlist: WaitlistService,
    @InjectQueue(QUEUES.confirmations) private readonly queue: Queue,
    private readonly schedulers: JobSchedulers,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.schedulers.keep(this.queue, CONFIRMATION_JOBS.sweep, SWEEP_EVERY_MS);
  }

  protected async handle(job: Job): Promise<JobOutcome> {
    switch (job.name) {
      case CONFIRMATION_JOBS.offerPlaces: {
        const { conferenceId } = job.data as OfferPlacesJob;
        if (typeof conferenceId !== 'string') return { outcome: 'skipped', detail: 'no conference id' };
        const offered = await this.waitlist.offer(conferenceId);
        return { outcome: offered.length ? 'done' : 'skipped', detail: `conference ${conferenceId}: ${offered.length} offer(s)` };
      }
      case CONFIRMATION_JOBS.sweep: {
        const offered = await this.waitlist.sweep();
        return { outcome: offered ? 'done' : 'skipped', detail: `${offered} offer(s)` };
      }
      default:
        throw new Error(`Unknown confirmations job ${job.name}`);
    }
  }
}
