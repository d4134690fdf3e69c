import { DomainEvent } from './domain-events';
import { jobId } from './queue-catalog';

export interface OutboxRow {
  id: string;
  type: string;
  aggregate_id: string;
  payload: unknown;
  occurred_at: Date;
}

export interface FanOutJob {
  name: string;
  data: DomainEvent;
  opts: { jobId: string };
}

/** One claimed batch: rows locked for this relay until the callback's transaction ends. */
export interface OutboxStore {
  withClaimedBatch(limit: number, publish: (rows: OutboxRow[]) => Promise<void>): Promise<number>;
}

/**
 * Turns each event into one job per subscribed handler. The job id is derived from the event id
 * and the handler, so publishing the same event again (after a crash between the queue write and
 * the outbox update) enqueues nothing new while the first job is still known to the queue.
 */
export function fanOut(rows: OutboxRow[], subscribersOf: (type: string) => { key: string }[]): FanOutJob[] {
  return rows.flatMap((row) => {
    const event: DomainEvent = {
      id: String(row.id),
      type: row.type as DomainEvent['type'],
      aggregateId: row.aggregate_id,
      occurredAt: new Date(row.occurred_at).toISOString(),
      data: row.payload as DomainEvent['data'],
    };
    return subscribersOf(row.type).map((handler) => ({ name: handler.key, data: event, opts: { jobId: jobId('evt', row.id, handler.key) } }));
  });
}

/** Publishes claimed batches until the outbox is empty; returns how many events went out. */
export async function relayPending(
  store: OutboxStore,
  subscribersOf: (type: string) => { key: string }[],
  enqueue: (jobs: FanOutJob[]) => Promise<void>,
  batchSize = 500,
): Promise<number> {
  let total = 0;
  for (;;) {
    const published = await store.withClaimedBatch(batchSize, async (rows) => {
      const jobs = fanOut(rows, subscribersOf);
      if (jobs.length) await enqueue(jobs);
    });
    total += published;
    if (published < batchSize) return total;
  }
}
