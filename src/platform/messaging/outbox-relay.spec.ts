import { EventJob, OutboxRow, OutboxStore, eventsOf, relayPending, toJobs } from './outbox-relay';

/** An outbox in memory with the same claim-publish-mark contract as the PostgreSQL one. */
class MemoryOutbox implements OutboxStore {
  published = new Set<string>();
  constructor(readonly rows: OutboxRow[]) {}

  async withClaimedBatch(limit: number, publish: (rows: OutboxRow[]) => Promise<void>): Promise<number> {
    const batch = this.rows.filter((r) => !this.published.has(r.id)).slice(0, limit);
    if (batch.length === 0) return 0;
    await publish(batch);
    for (const row of batch) this.published.add(row.id);
    return batch.length;
  }
}

/** An event; by default each in a transaction of its own. */
const row = (id: number, tx = `${1000 + id}`, type = 'conference.transitioned'): OutboxRow => ({
  id: String(id),
  type,
  aggregate_id: `c${id}`,
  payload: { conferenceId: `c${id}` },
  occurred_at: new Date('2027-01-01T00:00:00Z'),
  tx,
});

describe('outbox relay', () => {
  it('publishes every pending event in batches and marks them', async () => {
    const outbox = new MemoryOutbox(Array.from({ length: 7 }, (_, i) => row(i + 1)));
    const sent: EventJob[] = [];
    const count = await relayPending(outbox, async (jobs) => void sent.push(...jobs), 3);
    expect(count).toBe(7);
    expect(sent.flatMap((j) => eventsOf(j.data).map((e) => e.id))).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(outbox.published.size).toBe(7);
  });

  it('leaves events pending when the queue refuses, and publishes them on the next pass', async () => {
    const outbox = new MemoryOutbox([row(1), row(2)]);
    await expect(relayPending(outbox, async () => Promise.reject(new Error('redis down')))).rejects.toThrow('redis down');
    expect(outbox.published.size).toBe(0);
    const sent: EventJob[] = [];
    await relayPending(outbox, async (jobs) => void sent.push(...jobs));
    expect(sent).toHaveLength(2);
  });

  it("publishes the events one transaction committed together as one job, in the order written", () => {
    const jobs = toJobs([row(10, '77', 'rsvp.accepted'), row(11, '77', 'participant.confirmed'), row(12, '78'), row(13, '77', 'participant.confirmed')]);
    expect(jobs.map((j) => [j.name, j.opts.jobId, eventsOf(j.data).map((e) => e.id)])).toEqual([
      ['participant.confirmed+rsvp.accepted', 'evts.10-13', ['10', '11', '13']],
      ['conference.transitioned', 'evt.12', ['12']],
    ]);
    // The same rows again give the same ids: a relay that publishes twice is recognised.
    expect(toJobs([row(10, '77'), row(11, '77'), row(13, '77')])[0].opts.jobId).toBe('evts.10-13');
  });

  it('derives the job id from the event, so publishing twice is recognisable', () => {
    const [first] = toJobs([row(42)]);
    const [again] = toJobs([row(42)]);
    expect(first.opts.jobId).toBe('evt.42');
    expect(again.opts.jobId).toBe(first.opts.jobId);
    expect(first).toMatchObject({ name: 'conference.transitioned', data: { id: '42', aggregateId: 'c42', occurredAt: '2027-01-01T00:00:00.000Z' } });
  });
});
