import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobProducer, PayloadShape } from '../../platform/messaging/job-contract';
import { QUEUES, jobId } from '../../platform/messaging/queue-catalog';

export const OFFER_JOBS = {
  /** Offers a conference's unassigned places to its earliest waitlisted parties that fit. */
  offerPlaces: 'offer-places',
  /** Looks for places left unoffered by a race (a rolled-back answer, a locked party) in every conference. */
  sweep: 'offer-sweep',
} as const;

export interface OfferPlacesJob {
  conferenceId: string;
}
export const OFFER_PLACES_SHAPE: PayloadShape<OfferPlacesJob> = { conferenceId: 'uuid' };

declare module '../../platform/messaging/queue-catalog' {
  interface QueueJobs {
    [QUEUES.confirmations]: {
      [OFFER_JOBS.offerPlaces]: OfferPlacesJob;
      [OFFER_JOBS.sweep]: Record<string, never>;
    };
  }
}

/** One job per event that freed places: the event id makes it deterministic, the job itself is idempotent. */
export const offerPlacesJobId = (conferenceId: string, cause: string) => jobId('offers', conferenceId, cause);

/** The only way onto the offers queue. */
@Injectable()
export class OffersProducer extends JobProducer<typeof QUEUES.confirmations> {
  constructor(@InjectQueue(QUEUES.confirmations) queue: Queue) {
    super(queue);
  }

  /** Offers for places freed by `cause` (an event id): queued once per cause. */
  offerPlaces(conferenceId: string, cause: string): Promise<unknown> {
    return this.add(OFFER_JOBS.offerPlaces, { conferenceId }, { jobId: offerPlacesJobId(conferenceId, cause) });
  }
}
