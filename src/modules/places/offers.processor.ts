import { Processor } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { checkedPayload, JobOf } from '../../platform/messaging/job-contract';
import { JobSchedulers } from '../../platform/messaging/job-schedulers';
import { JobOutcome, ObservedWorkerHost } from '../../platform/messaging/observed-worker-host';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { OFFER_JOBS, OFFER_PLACES_SHAPE, OffersProducer } from './offers.jobs';
import { OffersService } from './offers.service';

const SWEEP_EVERY_MS = 60_000;

/** Waiting-list work: offer freed places, and the periodic sweep for places a race left unoffered. */
@Processor(QUEUES.confirmations, { concurrency: 2 })
export class OffersProcessor extends ObservedWorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly offers: OffersService,
    private readonly producer: OffersProducer,
    private readonly schedulers: JobSchedulers,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.keepRepeating(this.schedulers, OFFER_JOBS.sweep, SWEEP_EVERY_MS);
  }

  protected async handle(job: JobOf<typeof QUEUES.confirmations>): Promise<JobOutcome> {
    switch (job.name) {
      case OFFER_JOBS.offerPlaces: {
        const { conferenceId } = checkedPayload(job, OFFER_PLACES_SHAPE);
        const offered = await this.offers.offer(conferenceId);
        return { outcome: offered.length ? 'done' : 'skipped', detail: `conference ${conferenceId}: ${offered.length} offer(s)` };
      }
      case OFFER_JOBS.sweep: {
        const offered = await this.offers.sweep();
        return { outcome: offered ? 'done' : 'skipped', detail: `${offered} offer(s)` };
      }
      default:
        throw new UnrecoverableError(`Unknown offers job ${(job as { name: string }).name}`);
    }
  }
}
