import { createHash } from 'node:crypto';
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
 * Events one job carries at most when several transactions' events share it; a transaction that
 * wrote more still travels whole, in a job of its own.
 */
export const EVENTS_PER_JOB = 50;

/**
 * Jobs of whole transactions: a lone event is a job named by its type; the events one transaction
 * committed together travel in one job, in the order they were written, and consecutive small
 * transactions share a job up to EVENTS_PER_JOB events, so that a stream of commits is handled a
 * job (and a batch handler's call) for many commits, not one each. Job ids derive from the event
 * ids, so publishing the same events again (after a crash between the queue write and the outbox
 * update) enqueues nothing new while the first job is still known to the queue; a shared job's id
 * also carries a digest of every id in it, so that a job grouped otherwise is never taken for it.
 * Consumers decide which handlers run.
 */
export function toJobs(rows: OutboxRow[]): EventJob[] {
  const byTransaction = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const group = byTransaction.get(row.tx);
    if (group) group.push(row);
    else byTransaction.set(row.tx, [row]);
  }
  const jobs: OutboxRow[][][] = [];
  let open: OutboxRow[][] = [];
  let size = 0;
  for (const group of byTransaction.values()) {
    if (size > 0 && size + group.length > EVENTS_PER_JOB) {
      jobs.push(open);
      open = [];
      size = 0;
    }
    open.push(group);
    size += group.length;
  }
  if (size > 0) jobs.push(open);
  return jobs.map((groups) => {
    const events = groups.flat();
    if (events.length === 1) return { name: events[0].type, data: toEvent(events[0]), opts: { jobId: jobId('evt', events[0].id) } };
    const types = [...new Set(events.map((r) => r.type))].sort();
    const range = `${events[0].id}-${events[events.length - 1].id}`;
    const digest = groups.length === 1 ? [] : [createHash('sha256').update(events.map((r) => r.id).join(',')).digest('hex').slice(0, 16)];
    return { name: types.join('+'), data: { events: events.map(toEvent) }, opts: { jobId: jobId('evts', range, ...digest) } };
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
