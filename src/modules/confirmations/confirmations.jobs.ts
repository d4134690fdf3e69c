import { QUEUES, jobId } from '../../platform/messaging/queue-catalog';

export const CONFIRMATION_JOBS = {
  /** Offers a conference's unassigned places to its earliest waitlisted parties that fit. */
  offerPlaces: 'offer-places',
  /** Looks for places left unoffered by a race (a rolled-back answer, a locked party) in every conference. */
  sweep: 'offer-sweep',
} as const;

export interface OfferPlacesJob {
  conferenceId: string;
}

declare module '../../platform/messaging/queue-catalog' {
  interface QueueJobs {
    [QUEUES.confirmations]: {
      [CONFIRMATION_JOBS.offerPlaces]: OfferPlacesJob;
      [CONFIRMATION_JOBS.sweep]: Record<string, never>;
    };
  }
}

/** One job per event that freed places: the event id makes it deterministic, the job itself is idempotent. */
export const offerPlacesJobId = (conferenceId: string, cause: string) => jobId('offers', conferenceId, cause);
