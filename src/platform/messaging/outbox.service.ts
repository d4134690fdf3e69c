import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedRows } from '../database/prepared';
import { StatementPart, composeStatement } from '../database/statement-parts';
import { DomainEventType, DomainEvents } from './domain-events';

export interface PendingEvent<T extends DomainEventType = DomainEventType> {
  type: T;
  aggregateId: string;
  data: DomainEvents[T];
  occurredAt: Date;
}

type Listener = () => void;

/**
 * Writes domain events into the outbox table inside the caller's transaction, so a state change
 * and the event announcing it commit or roll back together. The relay publishes them afterwards.
 */
@Injectable()
export class OutboxService {
  private readonly listeners = new Set<Listener>();

  async record(manager: EntityManager, ...events: PendingEvent[]): Promise<void> {
    const part = this.recordPart(events);
    if (!part) return;
    const { text, values } = composeStatement([part], 'SELECT NULL');
    await preparedRows(manager, text, values);
  }

  /** record() as part of a caller's statement (see composeStatement); null when there is nothing to record. */
  recordPart(events: PendingEvent[]): StatementPart | null {
    if (events.length === 0) return null;
    const times = new Map<Date, string>();
    const isoTime = (time: Date) => times.get(time) ?? times.set(time, time.toISOString()).get(time)!;
    // One JSON document for all the events, in order: a jsonb[] parameter would have every payload
    // escaped again into an array literal.
    return {
      with: [
        [
          'outbox_recorded',
          `INSERT INTO outbox_events (type, aggregate_id, payload, occurred_at)
           SELECT e.type, e.aggregate_id, e.payload, e.occurred_at
           FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (type text, aggregate_id text, payload jsonb, occurred_at timestamptz))
             WITH ORDINALITY AS e(type, aggregate_id, payload, occurred_at, n)
           ORDER BY e.n`,
        ],
      ],
      yields: 'outbox_recorded',
      // Times as text, each once (a batch's events share one): a Date keeps JSON.stringify off its fast path.
      values: [JSON.stringify(events.map((e) => ({ type: e.type, aggregate_id: e.aggregateId, payload: e.data, occurred_at: isoTime(e.occurredAt) })))],
    };
  }

  /**
   * A data-modifying CTE body recording the events a caller's statement selects (columns type,
   * aggregate_id, payload, occurred_at, in order), for events made of rows that statement changes.
   */
  recordSelectedSql(select: string): string {
    return `INSERT INTO outbox_events (type, aggregate_id, payload, occurred_at) ${select}`;
  }

  /** Called after a commit so the relay publishes at once instead of at its next poll. */
  committed(): void {
    for (const listener of this.listeners) listener();
  }

  onCommitted(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
