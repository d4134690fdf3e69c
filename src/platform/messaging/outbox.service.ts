import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
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
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO outbox_events (type, aggregate_id, payload, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[])`,
      [events.map((e) => e.type), events.map((e) => e.aggregateId), events.map((e) => JSON.stringify(e.data)), events.map((e) => e.occurredAt.toISOString())],
    );
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
