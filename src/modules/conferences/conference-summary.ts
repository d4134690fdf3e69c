import type { Conference } from './conference.entity';

/** A conference as other modules read it: the fields they use, read-only, without the entity's persistence. */
export type ConferenceSummary = Readonly<
  Pick<
    Conference,
    | 'id'
    | 'seriesId'
    | 'kind'
    | 'title'
    | 'city'
    | 'country'
    | 'partners'
    | 'startsOn'
    | 'endsOn'
    | 'timezone'
    | 'capacity'
    | 'languages'
    | 'rsvpDeadline'
    | 'rsvpDeadlineDate'
    | 'translations'
    | 'calendarSequence'
    | 'delegationQuota'
    | 'state'
    | 'stateChangedAt'
    | 'updatedAt'
  >
>;
