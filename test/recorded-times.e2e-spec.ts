import { Client } from 'pg';
import { MODEL_REGIONALS, MODEL_SUMMIT, replay } from './support/fixtures';
import { ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

/** On the manual clock every time the service records is the clock's, never the database's or the machine's. */
describe('recorded times come from the service clock', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let db: Client;
  let minsk: any;

  const clockAt = async (to: string) => {
    const moved = await api.post('/api/admin/clock', { to: replay(to) });
    expect(moved.status).toBe(200);
    return replay(to.replace(/Z$/, '.000Z'));
  };
  const iso = (value: Date) => value.toISOString();

  beforeAll(async () => {
    env = await createTestEnvironment();
    ({ api } = await env.startHttp());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    await clockAt('2019-08-01T08:00:00Z');
    const { body: series } = await api.post('/api/series', { name: 'Clock series', summit: MODEL_SUMMIT });
    ({ body: minsk } = await api.post(`/api/series/${series.id}/conferences`, MODEL_REGIONALS[0]));
    for (const [email, fullName] of [
      ['a.ivanova@mfa.gov.by', 'Anna Ivanova'],
      ['j.novak@mzv.cz', 'Jan Novák'],
    ]) {
      expect((await api.post('/api/contacts', { email, fullName, stakeholderType: 'member_state', country: email.endsWith('.by') ? 'BY' : 'CZ' })).status).toBe(201);
    }
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
  });

  it("writes a wave's invitations at the clock's time, after the wave was created", async () => {
    const created = await api.post(`/api/conferences/${minsk.id}/waves`, { name: 'Everyone', audience: { stakeholderTypes: ['member_state'] } });
    const dispatchedAt = await clockAt('2019-08-02T09:15:00Z');
    expect((await api.post(`/api/waves/${created.body.id}/dispatch`, {})).status).toBe(202);
    const wave = await waitFor(async () => {
      const read = await api.get(`/api/waves/${created.body.id}`);
      return read.body.state === 'completed' ? read.body : null;
    }, 'the wave to complete');
    expect(wave).toMatchObject({ createdAt: replay('2019-08-01T08:00:00.000Z'), dispatchedAt });

    const { rows } = await db.query(`SELECT created_at, sent_at FROM invitations WHERE wave_id = $1`, [wave.id]);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect({ createdAt: iso(row.created_at), sentAt: iso(row.sent_at) }).toEqual({ createdAt: dispatchedAt, sentAt: dispatchedAt });
  });

  it("creates reminder steps at the clock's time", async () => {
    const plannedAt = await clockAt('2019-08-03T10:30:00Z');
    expect((await api.put(`/api/conferences/${minsk.id}/reminder-policy`, { nonResponders: { daysBeforeDeadline: [9, 4] } })).status).toBe(200);
    const { rows } = await db.query(`SELECT step_key, created_at FROM reminder_steps WHERE conference_id = $1 AND kind = 'non_responders' ORDER BY step_key`, [minsk.id]);
    expect(rows.map((r) => ({ key: r.step_key, createdAt: iso(r.created_at) }))).toEqual([
      { key: 'non_responders.4', createdAt: plannedAt },
      { key: 'non_responders.9', createdAt: plannedAt },
    ]);
  });

  it("records a change of a conference, a contact and a series at the clock's time, each change after the one before", async () => {
    const changedAt = await clockAt('2019-08-04T11:45:00Z');
    const first = await api.patch(`/api/conferences/${minsk.id}`, { capacity: 130 });
    expect(first.body.updatedAt).toBe(changedAt);
    const { rows } = await db.query(`SELECT updated_at FROM conferences WHERE id = $1`, [minsk.id]);
    expect(iso(rows[0].updated_at)).toBe(changedAt);
    // The clock stands still; the second change still reads as the later one (places take updated_at for the version).
    const second = await api.patch(`/api/conferences/${minsk.id}`, { capacity: 140 });
    expect(new Date(second.body.updatedAt).getTime()).toBe(new Date(changedAt).getTime() + 1);

    const { body: contact } = await api.get(`/api/contacts?q=Novák`);
    const corrected = await api.patch(`/api/contacts/${contact.items[0].id}`, { email: 'jan.novak@mzv.cz' });
    expect(corrected.body).toMatchObject({ createdAt: replay('2019-08-01T08:00:00.000Z'), updatedAt: changedAt });

    const series = await api.patch(`/api/series/${minsk.seriesId}`, { name: 'Clock series, renamed' });
    expect(series.body.updatedAt).toBe(changedAt);

    const movedAt = await clockAt('2019-08-05T07:00:00Z');
    const postponed = await api.post(`/api/conferences/${minsk.id}/transitions`, { to: 'postponed', reason: 'Venue unavailable' });
    expect(postponed.body).toMatchObject({ state: 'postponed', stateChangedAt: movedAt, updatedAt: movedAt });
  });
});
