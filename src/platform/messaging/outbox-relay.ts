import { DomainEvent } from './domain-events';
import { jobId } from './queue-catalog';

export interface OutboxRow {
  id: string;
  type: string;
  aggregate_id: string;
  payload: unknown;
  occurred_at: Date;
}

export interface EventJob {
  name: string;
  data: DomainEvent;
  opts: { jobId: string };
}

/** One claimed batch: rows locked for this relay until the callback's transaction ends. */
export interface OutboxStore {
  withClaimedBatch(limit: number, publish: (rows: OutboxRow[]) => Promise<void>): Promise<number>;
}

/**
 * One job per event, named by its type. The job id is derived from the event id, so publishing the
 * same event again (after a crash between the queue write and the outbox update) enqueues nothing
 * new while the first job is still known to the queue. Consumers decide which handlers run.
 */
export function toJobs(rows: OutboxRow[]): EventJob[] {
  return rows.map((row) => ({
    name: row.type,
    data: {
      id: String(row.id),
      type: row.type as DomainEvent['type'],
      aggregateId: row.aggregate_id,
      occurredAt: new Date(row.occurred_at).toISOString(),
      data: row.payload as DomainEvent['data'],
    },
    opts: { jobId: jobId('evt', row.id) },
  }));
}

/** Publishes claimed batches until the outbox is empty; returns how many events went out. */
export async function relayPending(store: OutboxStore, enqueue: (jobs: EventJob[]) => Promise<void>, batchSize = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const published = await store.withClaimedBatch(batchSize, (rows) => enqueue(toJobs(rows)));
    total += published;
    if (published < batchSize) return total;
  }
}
