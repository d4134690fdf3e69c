import { Client } from 'pg';
import { BatchInFlightError, InvitationSender } from '../src/modules/invitations/invitation-sender';
import { freePort } from '../bench/support';
import { FaultSink } from './faults/support/fault-sink';
import { createModelSeries } from './support/fixtures';
import { ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

const BATCH = 200;

describe('each acceptance recorded while the batch is still being sent', () => {
  let env: TestEnvironment;
  let sink: FaultSink;
  let api: ApiClient;
  let app: Awaited<ReturnType<TestEnvironment['startHttp']>>['app'];
  let db: Client;
  let conferenceId: string;

  beforeAll(async () => {
    sink = new FaultSink(await freePort());
    await sink.start();
    // The deferrals caused on purpose here are reported as warnings.
    env = await createTestEnvironment({ SMTP_URL: sink.url, LOG_LEVEL: 'error' });
    ({ api, app } = await env.startHttp());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    const { regionals } = await createModelSeries(api);
    conferenceId = regionals[2].id;
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
    await sink?.close();
  });

  const recordedSent = async (waveId: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM invitations WHERE wave_id = $1 AND delivery = 'sent'`, [waveId])).rows[0].n as number;

  const waveOf = async (country: string) => {
    const emails = Array.from({ length: BATCH }, (_, i) => `${country.toLowerCase()}.delegate${i}@example.org`);
    const imported = await api.post('/api/contacts/import', emails.map((email, i) => ({ email, fullName: `Delegate ${i}`, stakeholderType: 'member_state', country })));
    expect(imported.body.created).toBe(BATCH);
    const wave = await api.post(`/api/conferences/${conferenceId}/waves`, { name: country, audience: { countries: [country] } });
    return wave.body.id as string;
  };

  it('records acceptances in small batches before the batch ends, and a second sender of the same batch waits', async () => {
    const waveId = await waveOf('HU');
    sink.reset();
    // Slow enough that one batch of 200 takes seconds over the pool's eight connections.
    sink.delayMs = 100;
    await api.post(`/api/waves/${waveId}/dispatch`);
    await waitFor(() => sink.distinct >= 40, 'the first acceptances');
    const midway = await waitFor(async () => {
      const recorded = await recordedSent(waveId);
      return recorded >= 30 ? { recorded, accepted: sink.distinct } : null;
    }, 'acceptances recorded while the batch is under way');
    expect(midway.accepted).toBeLessThan(BATCH);
    expect(midway.recorded).toBeLessThanOrEqual(midway.accepted);
    await expect(app.get(InvitationSender).sendBatch(waveId, 0, false)).rejects.toBeInstanceOf(BatchInFlightError);

    sink.delayMs = 0;
    await waitFor(async () => (await api.get(`/api/waves/${waveId}`)).body.state === 'completed', 'the wave to complete');
    expect((await api.get(`/api/waves/${waveId}`)).body.counts).toMatchObject({ sent: BATCH, failed: 0 });
    expect(sink.distinct).toBe(BATCH);
    expect(sink.duplicates).toBe(0);
  });

  it('resends nothing it recorded when the mail server goes away mid-batch and comes back', async () => {
    const waveId = await waveOf('CZ');
    sink.reset();
    sink.delayMs = 20;
    await api.post(`/api/waves/${waveId}/dispatch`);
    await waitFor(() => sink.distinct >= 60, 'part of the batch');
    await sink.goAway();
    // The first attempt is over once the batch's lock is free (the sender holds it for the whole send) with part of it still queued.
    const recordedWhileAway = await waitFor(async () => {
      const row = (
        await db.query(
          `SELECT count(*) FILTER (WHERE delivery = 'sent')::int AS sent, count(*) FILTER (WHERE delivery = 'queued')::int AS queued,
                  (SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS held
           FROM invitations WHERE wave_id = $1`,
          [waveId],
        )
      ).rows[0];
      return row.held === 0 && row.sent > 0 && row.queued > 0 && row.sent + row.queued === BATCH ? row : null;
    }, 'the first attempt to end', 40_000);
    const recorded = (await db.query(`SELECT id FROM invitations WHERE wave_id = $1 AND delivery = 'sent'`, [waveId])).rows.map((r) => r.id as string);
    // A message the server took while its reply was lost with the connection is the one kind an SMTP client may send twice.
    const unanswered = sink.distinct - recordedWhileAway.sent;
    sink.delayMs = 0;
    await sink.comeBack();
    await waitFor(async () => (await api.get(`/api/waves/${waveId}`)).body.state === 'completed', 'the wave to complete after the server came back');
    expect(sink.distinct).toBe(BATCH);
    const copies = (id: string) => [...sink.received].find(([messageId]) => messageId.startsWith(`<invitation.${id}`))?.[1];
    expect(recorded.filter((id) => copies(id) !== 1)).toEqual([]);
    expect(sink.duplicates).toBeLessThanOrEqual(unanswered);
    expect((await api.get(`/api/waves/${waveId}`)).body.counts).toMatchObject({ sent: BATCH, failed: 0 });
  }, 120_000);
});
