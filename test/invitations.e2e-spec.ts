import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import * as ical from 'node-ical';
import { Client } from 'pg';
import { WaveReconciler } from '../src/modules/invitations/wave-reconciler';
import { QUEUES } from '../src/platform/messaging/queue-catalog';
import { REDIS_URL } from './support/databases';
import { createModelSeries, replay } from './support/fixtures';
import { MailSink, startMailSink } from './support/mail-sink';
import { ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

const PUBLIC_BASE_URL = 'https://convene.test';

async function addContacts(api: ApiClient, contacts: Array<Record<string, unknown>>) {
  const ids: Record<string, string> = {};
  for (const contact of contacts) {
    const created = await api.post('/api/contacts', contact);
    if (created.status !== 201) throw new Error(`contact ${created.status}: ${created.text}`);
    ids[contact.email as string] = created.body.id;
  }
  return ids;
}

const waveDone = (api: ApiClient, waveId: string) =>
  waitFor(async () => {
    const wave = await api.get(`/api/waves/${waveId}`);
    return ['completed', 'completed_with_failures'].includes(wave.body.state) ? wave.body : null;
  }, `wave ${waveId} to complete`, 30000);

describe('invitation waves', () => {
  let env: TestEnvironment;
  let sink: MailSink;
  let api: ApiClient;
  let db: Client;
  let abuDhabi: any;
  let vienna: any;

  beforeAll(async () => {
    sink = await startMailSink();
    env = await createTestEnvironment({ SMTP_URL: sink.url, PUBLIC_BASE_URL });
    ({ api } = await env.startHttp());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    const model = await createModelSeries(api);
    abuDhabi = model.regionals.find((c: any) => c.city === 'Abu Dhabi');
    vienna = model.regionals.find((c: any) => c.city === 'Vienna');
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
    await sink?.close();
  });

  beforeEach(() => {
    sink.refuse('none');
    sink.clear();
  });

  it('invites each person once, in their language, with a personal link and the conference calendar', async () => {
    const ids = await addContacts(api, [
      { email: 'mission.uae@example.org', fullName: 'Hamdan Al Mazrouei', honorific: 'H.E. Mr.', stakeholderType: 'member_state', country: 'AE', language: 'ar' },
      { email: 'Mission.Oman@example.org', fullName: 'Aisha Al Said', honorific: 'Ms.', stakeholderType: 'member_state', country: 'OM', language: 'fr' },
      { email: 'mission.qatar@example.org', fullName: 'Khalid Al Thani', stakeholderType: 'member_state', country: 'QA', language: 'zh' },
      { email: 'mission.austria@example.org', fullName: 'Anna Gruber', stakeholderType: 'member_state', country: 'AT', language: 'fr' },
      { email: 'analyst@example.org', fullName: 'Sam Analyst', stakeholderType: 'academia', country: 'AE', language: 'en' },
    ]);

    const created = await api.post(`/api/conferences/${abuDhabi.id}/waves`, { name: 'Western Asia missions', audience: { stakeholderTypes: ['member_state'], regions: ['145'] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'draft', audienceSize: 3 });

    const started = Date.now();
    const dispatched = await api.post(`/api/waves/${created.body.id}/dispatch`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(dispatched.status).toBe(202);
    expect(dispatched.body.state).toBe('dispatching');
    expect((await api.get(`/api/conferences/${abuDhabi.id}`)).body.state).toBe('inviting');

    const wave = await waveDone(api, created.body.id);
    expect(wave).toMatchObject({ state: 'completed', counts: { targeted: 3, alreadyInvited: 0, queued: 0, sent: 3, failed: 0 } });
    await sink.waitForCount(3);
    expect(sink.messages.map((m) => m.envelope.to[0].toLowerCase()).sort()).toEqual(['mission.oman@example.org', 'mission.qatar@example.org', 'mission.uae@example.org']);

    // Abu Dhabi works in Arabic, English and French: Chinese falls back to English.
    const [arabic] = sink.messagesTo('mission.uae@example.org');
    expect(arabic.headers.get('content-language')).toBe('ar');
    expect(String(arabic.html)).toMatch(/<html[^>]*dir="rtl"/);
    expect(String(arabic.html)).toMatch(/<html[^>]*lang="ar"/);
    expect(sink.messagesTo('mission.oman@example.org')[0].headers.get('content-language')).toBe('fr');
    expect(sink.messagesTo('mission.qatar@example.org')[0].headers.get('content-language')).toBe('en');

    // A personal link that opens this invitation only.
    const invitations = await api.get(`/api/conferences/${abuDhabi.id}/invitations`);
    const uaeInvitation = invitations.body.items.find((i: any) => i.contactId === ids['mission.uae@example.org']);
    expect(uaeInvitation).toMatchObject({ delivery: 'sent', response: 'none', waveId: created.body.id, language: 'ar', remindersSent: 0 });
    const link = /https:\/\/convene\.test\/rsvp\/([A-Za-z0-9_-]{43})/.exec(String(arabic.text))?.[1];
    expect(link).toBeDefined();
    const { rows } = await db.query(`SELECT id FROM invitations WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, [link]);
    expect(rows).toEqual([{ id: uaeInvitation.id }]);
    const tokens = sink.messages.map((m) => /\/rsvp\/([A-Za-z0-9_-]+)/.exec(String(m.text))?.[1]);
    expect(new Set(tokens).size).toBe(3);

    // Completion is announced once, with the wave's counts.
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'wave.completed' AND aggregate_id = $1`, [created.body.id])).rows[0].n > 0, 'wave.completed');
    const completions = await db.query(`SELECT payload FROM outbox_events WHERE type = 'wave.completed' AND aggregate_id = $1`, [created.body.id]);
    expect(completions.rows).toEqual([{ payload: { waveId: created.body.id, conferenceId: abuDhabi.id, state: 'completed', counts: { targeted: 3, alreadyInvited: 0, sent: 3, failed: 0 } } }]);

    // The same Message-ID whenever this invitation is sent.
    expect(arabic.messageId).toBe(`<invitation.${uaeInvitation.id}@convene.test>`);

    // The calendar file reads back with the conference's days, place and time zone.
    const ics = arabic.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    expect(ics).toBeDefined();
    const events = Object.values(ical.sync.parseICS(ics!.content.toString('utf8'))).filter((e: any) => e.type === 'VEVENT') as any[];
    expect(events).toHaveLength(1);
    expect(events[0].start.dateOnly).toBe(true);
    const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    expect(ymd(events[0].start)).toBe(replay('2020-02-17'));
    expect(ymd(events[0].end)).toBe(replay('2020-02-19'));
    expect(String(events[0].location)).toContain('أبوظبي'.length ? 'Abu Dhabi' : '');
    expect(ics!.content.toString('utf8')).toContain('Asia/Dubai');
  });

  it('never invites anyone twice: overlapping waves and a double dispatch', async () => {
    await addContacts(api, [
      { email: 'mission.kuwait@example.org', fullName: 'Fahad Al Sabah', stakeholderType: 'member_state', country: 'KW' },
      { email: 'mission.jordan@example.org', fullName: 'Rania Haddad', stakeholderType: 'member_state', country: 'JO' },
    ]);
    const second = await api.post(`/api/conferences/${abuDhabi.id}/waves`, { name: 'All Member States', audience: { stakeholderTypes: ['member_state'] } });
    const [a, b] = await Promise.all([api.post(`/api/waves/${second.body.id}/dispatch`), api.post(`/api/waves/${second.body.id}/dispatch`)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const wave = await waveDone(api, second.body.id);
    // Six member states in the directory; three were invited by the first wave.
    expect(wave.counts).toMatchObject({ targeted: 6, alreadyInvited: 3, sent: 3, failed: 0, queued: 0 });
    const again = await api.post(`/api/waves/${second.body.id}/dispatch`);
    expect(again.body.state).toBe('completed');
    await waitFor(() => sink.count >= 3, 'three messages');
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM invitations WHERE conference_id = $1`, [abuDhabi.id]);
    expect(rows[0].n).toBe(6);
    const recipients = sink.messages.map((m) => m.envelope.to[0].toLowerCase());
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(recipients).not.toContain('mission.uae@example.org');
    expect(recipients).toContain('mission.austria@example.org');
  });

  it('retries while the mail server refuses, and delivers each message once it accepts', async () => {
    await addContacts(api, [
      { email: 'ngo.one@example.org', fullName: 'Civil One', stakeholderType: 'civil_society', country: 'AT' },
      { email: 'ngo.two@example.org', fullName: 'Civil Two', stakeholderType: 'civil_society', country: 'CH' },
    ]);
    sink.refuse(3, 451);
    const wave = await api.post(`/api/conferences/${abuDhabi.id}/waves`, { name: 'Civil society', audience: { stakeholderTypes: ['civil_society'] } });
    await api.post(`/api/waves/${wave.body.id}/dispatch`);
    const done = await waveDone(api, wave.body.id);
    expect(done).toMatchObject({ state: 'completed', counts: { sent: 2, failed: 0 } });
    expect(sink.refused).toBeGreaterThanOrEqual(2);
    expect(sink.messagesTo('ngo.one@example.org')).toHaveLength(1);
    expect(sink.messagesTo('ngo.two@example.org')).toHaveLength(1);
  });

  it('records a permanent refusal as failed with its reason', async () => {
    await addContacts(api, [{ email: 'gone@example.org', fullName: 'Gone Person', stakeholderType: 'private_sector', country: 'AE' }]);
    sink.refuse(1, 550);
    const wave = await api.post(`/api/conferences/${abuDhabi.id}/waves`, { name: 'Private sector', audience: { stakeholderTypes: ['private_sector'] } });
    await api.post(`/api/waves/${wave.body.id}/dispatch`);
    const done = await waveDone(api, wave.body.id);
    expect(done).toMatchObject({ state: 'completed_with_failures', counts: { sent: 0, failed: 1 } });
    const failed = await api.get(`/api/conferences/${abuDhabi.id}/invitations?delivery=failed`);
    expect(failed.body.items).toHaveLength(1);
    expect(failed.body.items[0].deliveryError).toMatch(/550/);
    expect(failed.body.items[0].deliveryError).not.toContain('gone@example.org');
  });

  it('sends a scheduled wave when the clock passes its time, and can cancel one before', async () => {
    await api.post('/api/admin/clock', { to: replay('2019-12-01T00:00:00Z') });
    const scheduled = await api.post(`/api/conferences/${vienna.id}/waves`, { name: 'Europe', audience: { countries: ['AT', 'CH'] }, sendAt: replay('2019-12-02T09:00:00+01:00') });
    const cancelled = await api.post(`/api/conferences/${vienna.id}/waves`, { name: 'Dropped', audience: { countries: ['AT'] }, sendAt: replay('2019-12-02T09:00:00+01:00') });
    expect((await api.post(`/api/waves/${scheduled.body.id}/dispatch`)).body.state).toBe('scheduled');
    expect((await api.post(`/api/waves/${cancelled.body.id}/dispatch`)).body.state).toBe('scheduled');
    expect((await api.post(`/api/waves/${cancelled.body.id}/cancel`)).body.state).toBe('cancelled');
    expect((await api.post(`/api/waves/${scheduled.body.id}/cancel`, {})).status).toBe(200);
    const again = await api.post(`/api/conferences/${vienna.id}/waves`, { name: 'Europe', audience: { countries: ['AT', 'CH'] }, sendAt: replay('2019-12-02T09:00:00+01:00') });
    await api.post(`/api/waves/${again.body.id}/dispatch`);
    expect((await api.post(`/api/waves/${again.body.id}/cancel`, {})).status).toBe(200);
    const kept = await api.post(`/api/conferences/${vienna.id}/waves`, { name: 'Europe, kept', audience: { countries: ['AT', 'CH'] }, sendAt: replay('2019-12-02T09:00:00+01:00') });
    await api.post(`/api/waves/${kept.body.id}/dispatch`);

    await api.post('/api/admin/clock', { to: replay('2019-12-02T07:59:00Z') });
    expect((await api.get(`/api/waves/${kept.body.id}`)).body.state).toBe('scheduled');
    await api.post('/api/admin/clock', { to: replay('2019-12-02T08:00:00Z') });
    expect((await api.get(`/api/waves/${kept.body.id}`)).body.state).not.toBe('scheduled');
    const done = await waveDone(api, kept.body.id);
    expect(done.counts.sent).toBe(3);
    expect((await api.get(`/api/waves/${cancelled.body.id}`)).body.state).toBe('cancelled');
    expect((await api.post(`/api/waves/${done.id}/cancel`)).status).toBe(409);
    expect((await api.get(`/api/conferences/${vienna.id}`)).body.state).toBe('inviting');
  });

  it('refuses a bad audience naming each problem', async () => {
    const response = await api.post(`/api/conferences/${abuDhabi.id}/waves`, { name: 'Bad', audience: { stakeholderTypes: ['diplomats'], regions: ['999'], countries: [] } });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/audience.stakeholderTypes/);
    expect(response.body.message).toMatch(/audience.regions/);
    expect(response.body.message).toMatch(/audience.countries/);
    expect((await api.post(`/api/conferences/${abuDhabi.id}/waves`, { name: 'No audience' })).status).toBe(400);
  });

  it('lists invitations with filters and pages', async () => {
    const first = await api.get(`/api/conferences/${abuDhabi.id}/invitations?limit=2&delivery=sent`);
    expect(first.body.items).toHaveLength(2);
    const rest = await api.get(`/api/conferences/${abuDhabi.id}/invitations?limit=500&delivery=sent&cursor=${first.body.nextCursor}`);
    const all = await api.get(`/api/conferences/${abuDhabi.id}/invitations?delivery=sent&limit=500`);
    expect([...first.body.items, ...rest.body.items].map((i: any) => i.id)).toEqual(all.body.items.map((i: any) => i.id));
    expect((await api.get(`/api/conferences/${abuDhabi.id}/invitations?delivery=lost`)).status).toBe(400);
  });
});

describe('the database is the record, Redis the transport', () => {
  it('requeues a wave whose jobs Redis lost, without sending anything twice', async () => {
    const sink = await startMailSink();
    const env = await createTestEnvironment({ SMTP_URL: sink.url });
    try {
      // Only an API process: the wave is dispatched, its expansion sits in Redis.
      const apiOnly = await env.startHttp({ APP_ROLE: 'api' });
      const { regionals } = await createModelSeries(apiOnly.api);
      const emails = Array.from({ length: 450 }, (_, i) => `delegate${i}@example.org`);
      const imported = await apiOnly.api.post('/api/contacts/import', emails.map((email, i) => ({ email, fullName: `Delegate ${i}`, stakeholderType: 'member_state', country: 'HU' })));
      expect(imported.body.created).toBe(450);
      const wave = await apiOnly.api.post(`/api/conferences/${regionals[2].id}/waves`, { name: 'Everyone', audience: { countries: ['HU'] } });
      await apiOnly.api.post(`/api/waves/${wave.body.id}/dispatch`);

      // A worker sends part of the wave, then Redis loses every key (restart without persistence).
      const worker = await env.startWorker();
      await waitFor(async () => (await apiOnly.api.get(`/api/waves/${wave.body.id}`)).body.counts.sent >= 200, 'the first batches');
      await worker.close();
      const redis = new IORedis(REDIS_URL);
      const keys = await redis.keys(`${env.queuePrefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();

      const fresh = await env.startWorker();
      const queue = fresh.app.get<Queue>(getQueueToken(QUEUES.invitations));
      const lost = await queue.getJobs(['waiting', 'delayed', 'active', 'prioritized']);
      expect(lost.filter((job) => job.name === 'send-batch' || job.name === 'expand-wave')).toEqual([]);
      const { requeued } = await fresh.app.get(WaveReconciler).reconcile(0);
      const before = (await apiOnly.api.get(`/api/waves/${wave.body.id}`)).body.counts;
      if (before.sent < 450) expect(requeued).toBeGreaterThan(0);
      const done = await waveDone(apiOnly.api, wave.body.id);
      expect(done.counts).toMatchObject({ targeted: 450, sent: 450, failed: 0 });
      await waitFor(() => sink.count >= 450, 'all messages');
      const recipients = sink.messages.map((m) => m.envelope.to[0]);
      expect(new Set(recipients).size).toBe(450);
      expect(recipients).toHaveLength(450);
    } finally {
      await env.teardown();
      await sink.close();
    }
  });

  it('expands again a wave dispatched on the manual clock whose expansion Redis lost', async () => {
    const env = await createTestEnvironment();
    try {
      const apiOnly = await env.startHttp({ APP_ROLE: 'api' });
      await apiOnly.api.post('/api/admin/clock', { to: replay('2019-08-01T00:00:00Z') });
      const { regionals } = await createModelSeries(apiOnly.api);
      await apiOnly.api.post('/api/contacts', { email: 'one@example.org', fullName: 'One Delegate', stakeholderType: 'member_state', country: 'HU' });
      const wave = await apiOnly.api.post(`/api/conferences/${regionals[2].id}/waves`, { name: 'One', audience: { countries: ['HU'] } });
      await apiOnly.api.post(`/api/waves/${wave.body.id}/dispatch`);
      const redis = new IORedis(REDIS_URL);
      const keys = await redis.keys(`${env.queuePrefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();

      const worker = await env.startWorker();
      expect(await worker.app.get(WaveReconciler).reconcile(0)).toEqual({ requeued: 1 });
      const done = await waveDone(apiOnly.api, wave.body.id);
      expect(done.counts).toMatchObject({ targeted: 1, sent: 1 });
      expect(new Date(done.dispatchedAt).getTime()).toBeGreaterThanOrEqual(new Date(done.createdAt).getTime());
      expect(done.createdAt).toBe(replay('2019-08-01T00:00:00.000Z'));
    } finally {
      await env.teardown();
    }
  });
});
