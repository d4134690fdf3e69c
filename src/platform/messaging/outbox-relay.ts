import { DomainEvent } from './domain-events';
import { jobId } from './queue-catalog';

export interface OutboxRow {
  id: string;
  type: string;
  aggregate_id: string;
  payload: unknown;
  occurred_at: Date;
  /** The transaction that wrote the event. */
  tx: string;
}

/** A job of the domain-events queue: one event, or the events one transaction committed together. */
export type EventJobData = DomainEvent | { events: DomainEvent[] };

export interface EventJob {
  name: string;
  data: EventJobData;
  opts: { jobId: string };
}

/** One claimed batch: rows locked for this relay until the callback's transaction ends. */
export interface OutboxStore {
  withClaimedBatch(limit: number, publish: (rows: OutboxRow[]) => Promise<void>): Promise<number>;
}

const toEvent = (row: OutboxRow): DomainEvent => ({
  id: String(row.id),
  type: row.type as DomainEvent['type'],
  aggregateId: row.aggregate_id,
  occurredAt: new Date(row.occurred_at).toISOString(),
  data: row.payload as DomainEvent['data'],
});

/**
 * One job per transaction's events: a lone event is a job named by its type; the events one
 * transaction committed together (a batch of answers writes dozens) travel as one job, named by
 * their types, in the order they were written. Job ids derive from the event ids, so publishing
 * the same events again (after a crash between the queue write and the outbox update) enqueues
 * nothing new while the first job is still known to the queue. Consumers decide which handlers run.
 */
export function toJobs(rows: OutboxRow[]): EventJob[] {
  const byTransaction = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const group = byTransaction.get(row.tx);
    if (group) group.push(row);
    else byTransaction.set(row.tx, [row]);
  }
  return [...byTransaction.values()].map((group) => {
    if (group.length === 1) return { name: group[0].type, data: toEvent(group[0]), opts: { jobId: jobId('evt', group[0].id) } };
    const types = [...new Set(group.map((r) => r.type))].sort();
    return {
      name: types.join('+'),
      data: { events: group.map(toEvent) },
      opts: { jobId: jobId('evts', `${group[0].id}-${group[group.length - 1].id}`) },
    };
  });
}

/** The events a job carries. */
export const eventsOf = (data: EventJobData): DomainEvent[] => ('events' in data ? data.events : [data]);

/** Publishes claimed batches until the outbox is empty; returns how many events went out. */
export async function relayPending(store: OutboxStore, enqueue: (jobs: EventJob[]) => Promise<void>, batchSize = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const published = await store.withClaimedBatch(batchSize, (rows) => enqueue(toJobs(rows)));
    total += published;
    if (published < batchSize) return total;
  }
}
