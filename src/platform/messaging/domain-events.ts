/**
 * The domain events modules publish for each other, by type. Features merge their own types
 * into DomainEvents with `declare module`.
 */
export interface DomainEvents {
  'conference.transitioned': {
    conferenceId: string;
    seriesId: string;
    kind: 'regional' | 'summit';
    from: string;
    to: string;
    actor: string;
    reason: string | null;
  };
  'conference.created': { conferenceId: string; seriesId: string; kind: 'regional' | 'summit' };
  /** A regional conference's report waived for the summit of its series. */
  'conference.waived': { summitId: string; conferenceId: string; seriesId: string; reason: string; actor: string };
  /** Fields changed by PATCH /api/conferences/:id, with the capacity after the change. */
  'conference.updated': { conferenceId: string; changed: string[]; capacity: number | null };
}

export type DomainEventType = keyof DomainEvents;

export interface DomainEvent<T extends DomainEventType = DomainEventType> {
  id: string;
  type: T;
  aggregateId: string;
  occurredAt: string;
  data: DomainEvents[T];
}
