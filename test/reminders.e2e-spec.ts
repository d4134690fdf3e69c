import IORedis from 'ioredis';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { InvitationTokens } from '../src/modules/invitations/invitation-tokens';
import { ReminderReconciler } from '../src/modules/reminders/reminder-reconciler';
import { REDIS_URL } from './support/databases';
import { createModelSeries, replay } from './support/fixtures';
import { MailSink, SinkMessage, startMailSink } from './support/mail-sink';
import { ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

const PUBLIC_BASE_URL = 'https://convene.test';
const SECRETARIAT = 'secretariat@un.example';

/** `<reminder-non_responders.14.<invitation id>@host>`: the step and the recipient of a reminder. */
function reminderOf(message: SinkMessage): { step: string; recipientId: string } | null {
  const match = /^<reminder-([a-z_]+\.[0-9-]+)\.([0-9a-f-]{36})@/.exec(message.messageId ?? '');
  return match ? { step: match[1], recipientId: match[2] } : null;
}

const waveDone = (api: ApiClient, waveId: string) =>
  waitFor(async () => {
    const wave = await api.get(`/api/waves/${waveId}`);
    return ['completed', 'completed_with_failures'].includes(wave.body.state) ? wave.body : null;
  }, `wave ${waveId} to complete`, 60000);

async function stepsOf(api: ApiClient, conferenceId: string): Promise<any[]> {
  const response = await api.get(`/api/conferences/${conferenceId}/reminders?limit=500`);
  if (response.status !== 200) throw new Error(`reminders: ${response.status} ${response.text}`);
  return response.body.items;
}

const stepByKey = (steps: any[], kind: string, offsetDays: number | null) => steps.find((s) => s.kind === kind && s.offsetDays === offsetDays);

/**
 * Until every started step of the conference has handled everyone it can handle now, and the worker
 * has closed each step left with nobody waiting for their quiet hours to end.
 */
const settle = (api: ApiClient, conferenceId: string) =>
  waitFor(
    async () => (await stepsOf(api, conferenceId)).every((s) => s.counts.pending === 0 && (s.state !== 'started' || s.counts.waitingQuietHours > 0)),
    'reminder batches to be handled',
    30000,
  );

/** Imports contacts, invites them in one wave and waits until it is sent; returns invitation ids by e-mail. */
async function invite(api: ApiClient, db: Client, conferenceId: string, contacts: Array<Record<string, unknown>>, wave: Record<string, unknown> = {}) {
  const imported = await api.post('/api/contacts/import', contacts);
  expect(imported.body.rejected).toEqual([]);
  const emails = contacts.map((c) => String(c.email).toLowerCase());
  const { rows: found } = await db.query(`SELECT id FROM contacts WHERE lower(email) = ANY($1::text[])`, [emails]);
  const created = await api.post(`/api/conferences/${conferenceId}/waves`, { name: `Wave ${emails[0]}`, audience: { contactIds: found.map((r: { id: string }) => r.id) }, ...wave });
  expect(created.status).toBe(201);
  await api.post(`/api/waves/${created.body.id}/dispatch`);
  return created.body.id as string;
}

async function invitationIds(db: Client, conferenceId: string): Promise<Record<string, string>> {
  const { rows } = await db.query(`SELECT i.id, lower(c.email) AS email FROM invitations i JOIN contacts c ON c.id = i.contact_id WHERE i.conference_id = $1`, [conferenceId]);
  return Object.fromEntries(rows.map((r: { id: string; email: string }) => [r.email, r.id]));
}

const person = (email: string, timezone: string | undefined, language: string) => ({
  email,
  fullName: email.split('@')[0].replace(/\./g, ' '),
  stakeholderType: 'civil_society',
  country: 'AT',
  language,
  ...(timezone ? { timezone } : {}),
});

describe('reminders across time zones, day by day through the deadline', () => {
  let env: TestEnvironment;
  let sink: MailSink;
  let api: ApiClient;
  let db: Client;
  let tokens: InvitationTokens;
  let vienna: any;

  beforeAll(async () => {
    sink = await startMailSink();
    env = await createTestEnvironment({ SMTP_URL: sink.url, PUBLIC_BASE_URL, SECRETARIAT_EMAIL: SECRETARIAT, RSVP_RATE_LIMIT: '0' });
    ({ api } = await env.startHttp());
    tokens = new InvitationTokens(env.config());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    vienna = (await createModelSeries(api)).regionals.find((c: any) => c.city === 'Vienna');
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
    await sink?.close();
  });

  it('reaches each person once per step, in their language, never in their quiet hours, never after they answered', async () => {
    const zones: Record<string, string | undefined> = {
      'pos@reminders.example': 'America/Port_of_Spain',
      'vienna@reminders.example': 'Europe/Vienna',
      'late@reminders.example': 'Europe/Vienna',
      'nozone@reminders.example': undefined,
      'abudhabi@reminders.example': 'Asia/Dubai',
      'beijing@reminders.example': 'Asia/Shanghai',
      'answerer@reminders.example': 'Asia/Dubai',
      'accepter@reminders.example': 'Asia/Shanghai',
    };
    const languages: Record<string, string> = { 'vienna@reminders.example': 'fr', 'nozone@reminders.example': 'ru', 'abudhabi@reminders.example': 'ar', 'beijing@reminders.example': 'zh', 'pos@reminders.example': 'es' };
    await api.post('/api/admin/clock', { to: replay('2020-01-20T12:00:00Z') });
    await waveDone(api, await invite(api, db, vienna.id, Object.keys(zones).map((email) => person(email, zones[email], languages[email] ?? 'en'))));
    sink.refuse(1, 550);
    const bounced = await waveDone(api, await invite(api, db, vienna.id, [person('bounce@reminders.example', 'Europe/Vienna', 'en')]));
    expect(bounced.state).toBe('completed_with_failures');
    const invitation = await invitationIds(db, vienna.id);
    const emailOf = Object.fromEntries(Object.entries(invitation).map(([email, id]) => [id, email]));
    const answer = (email: string, body: Record<string, unknown>) => api.as(null).post(`/rsvp/${tokens.tokenFor(invitation[email])}`, body);
    expect((await answer('accepter@reminders.example', { response: 'accept', needsVisaLetter: true })).body.response).toBe('accepted');

    // Without a policy of its own, the conference follows the default.
    const policy = await api.get(`/api/conferences/${vienna.id}/reminder-policy`);
    expect(policy.body).toMatchObject({
      isDefault: true,
      nonResponders: { daysBeforeDeadline: [14, 7, 3] },
      participants: { daysBeforeStart: [2] },
      quietHours: { from: '20:00', to: '08:00' },
      digest: { at: '08:00', to: null },
    });
    const planned = await waitFor(async () => {
      const steps = await stepsOf(api, vienna.id);
      return steps.length >= 5 ? steps : null;
    }, 'the default plan');
    expect(Object.fromEntries(planned.filter((s) => s.kind !== 'digest').map((s) => [`${s.kind}.${s.offsetDays}`, s.dueAt]))).toEqual({
      'non_responders.14': new Date(replay('2020-01-31T23:00:00Z')).toISOString(),
      'non_responders.7': new Date(replay('2020-02-07T23:00:00Z')).toISOString(),
      'non_responders.3': new Date(replay('2020-02-11T23:00:00Z')).toISOString(),
      'participants.2': new Date(replay('2020-03-02T23:00:00Z')).toISOString(),
    });

    // The clock walks day by day (noon UTC) and hour by hour around each step: 23:00 UTC is midnight in Vienna.
    const utc = (value: DateTime) => value.toUTC().toISO({ suppressMilliseconds: true })!.replace('+00:00', 'Z');
    const around = (due: string) => {
      const next = DateTime.fromISO(due, { zone: 'utc' }).plus({ days: 1 }).startOf('day');
      return [due, utc(next), utc(next.set({ hour: 4 })), utc(next.set({ hour: 7 }))];
    };
    const checkpoints = new Set<string>();
    for (let day = DateTime.fromISO('2020-01-21T12:00:00Z', { zone: 'utc' }); day.toISODate()! <= '2020-03-04'; day = day.plus({ days: 1 })) checkpoints.add(utc(day));
    for (const due of ['2020-01-31T23:00:00Z', '2020-02-07T23:00:00Z', '2020-02-11T23:00:00Z', '2020-02-14T23:00:00Z', '2020-03-02T23:00:00Z']) around(due).forEach((c) => checkpoints.add(c));
    checkpoints.add('2020-02-08T03:00:00Z');
    const received: Array<{ at: string; step: string; email: string; message: SinkMessage }> = [];
    const digests: Array<{ at: string; message: SinkMessage }> = [];
    let seen = sink.messages.length;

    for (const checkpoint of [...checkpoints].sort()) {
      const moved = await api.post('/api/admin/clock', { to: replay(checkpoint) });
      expect(moved.status).toBe(200);
      await settle(api, vienna.id);
      for (const message of sink.messages.slice(seen)) {
        const reminder = reminderOf(message);
        if (!reminder) continue;
        if (reminder.step.startsWith('digest.')) digests.push({ at: checkpoint, message });
        else received.push({ at: checkpoint, step: reminder.step, email: emailOf[reminder.recipientId] ?? message.envelope.to[0], message });
      }
      seen = sink.messages.length;

      if (checkpoint === '2020-02-03T12:00:00Z') expect((await answer('answerer@reminders.example', { response: 'decline' })).body.response).toBe('declined');
      if (checkpoint === '2020-02-07T23:00:00Z') {
        // The 7-day step at midnight in Vienna: Port of Spain (19:00) now, the others when their quiet hours end.
        const step = stepByKey(await stepsOf(api, vienna.id), 'non_responders', 7);
        expect(step).toMatchObject({ state: 'started', counts: { targeted: 8, sent: 1, skipped: 2, waitingQuietHours: 5, failed: 0, pending: 0 } });
        expect(step.nextRelease).toBe(new Date(replay('2020-02-08T00:00:00Z')).toISOString());
      }
      // Answers while held for the night: not sent in the morning.
      if (checkpoint === '2020-02-08T03:00:00Z') expect((await answer('late@reminders.example', { response: 'decline' })).body.response).toBe('declined');
      if (checkpoint === '2020-02-08T12:00:00Z') {
        // A policy change mid-way, then a later deadline: only the steps that have not gone out move.
        const put = await api.put(`/api/conferences/${vienna.id}/reminder-policy`, { nonResponders: { daysBeforeDeadline: [2, 5] } });
        expect(put.status).toBe(200);
        expect(put.body).toMatchObject({ isDefault: false, nonResponders: { daysBeforeDeadline: [5, 2] }, quietHours: { from: '20:00', to: '08:00' }, updatedBy: expect.any(String) });
        let steps = await stepsOf(api, vienna.id);
        expect(stepByKey(steps, 'non_responders', 3)).toBeUndefined();
        expect(stepByKey(steps, 'non_responders', 5).dueAt).toBe(new Date(replay('2020-02-09T23:00:00Z')).toISOString());
        expect(stepByKey(steps, 'non_responders', 7).state).toBe('finished');
        expect((await api.patch(`/api/conferences/${vienna.id}`, { rsvpDeadline: replay('2020-02-16') })).status).toBe(200);
        steps = await waitFor(async () => {
          const now = await stepsOf(api, vienna.id);
          return stepByKey(now, 'non_responders', 5).dueAt === new Date(replay('2020-02-11T23:00:00Z')).toISOString() ? now : null;
        }, 'the steps to follow the new deadline');
        expect(stepByKey(steps, 'non_responders', 2).dueAt).toBe(new Date(replay('2020-02-14T23:00:00Z')).toISOString());
        expect(stepByKey(steps, 'non_responders', 14)).toMatchObject({ state: 'finished', dueAt: new Date(replay('2020-01-31T23:00:00Z')).toISOString() });
      }
    }

    // Exactly the expected people, once per step, at the end of their own night.
    const arrivals = (step: string) => Object.fromEntries(received.filter((r) => r.step === step).map((r) => [r.email, r.at]));
    const mornings = (due: string) => {
      const [, midnight, four, seven] = around(due);
      return {
        'pos@reminders.example': due,
        'beijing@reminders.example': midnight,
        'abudhabi@reminders.example': four,
        'vienna@reminders.example': seven,
        'nozone@reminders.example': seven,
      };
    };
    expect(arrivals('non_responders.14')).toEqual({
      ...mornings('2020-01-31T23:00:00Z'),
      'answerer@reminders.example': '2020-02-01T04:00:00Z',
      'late@reminders.example': '2020-02-01T07:00:00Z',
    });
    expect(arrivals('non_responders.7')).toEqual(mornings('2020-02-07T23:00:00Z'));
    expect(arrivals('non_responders.5')).toEqual(mornings('2020-02-11T23:00:00Z'));
    expect(arrivals('non_responders.2')).toEqual(mornings('2020-02-14T23:00:00Z'));
    expect(arrivals('participants.2')).toEqual({ 'accepter@reminders.example': '2020-03-03T00:00:00Z' });
    expect(new Set(received.map((r) => r.step))).toEqual(new Set(['non_responders.14', 'non_responders.7', 'non_responders.5', 'non_responders.2', 'participants.2']));
    const perStepAndPerson = received.map((r) => `${r.step} ${r.email}`);
    expect(new Set(perStepAndPerson).size).toBe(perStepAndPerson.length);

    for (const { email, message } of received) {
      const zone = zones[email] ?? 'Europe/Vienna';
      const hour = DateTime.fromJSDate(message.date!, { zone }).hour;
      expect(hour >= 8 && hour < 20).toBe(true);
      expect(message.envelope.to).toEqual([email]);
    }

    // In the invitee's language where the conference works in it, with the personal link and a stable Message-ID.
    const first = (step: string, email: string) => received.find((r) => r.step === step && r.email === email)!.message;
    expect(first('non_responders.7', 'vienna@reminders.example').headers.get('content-language')).toBe('fr');
    expect(first('non_responders.7', 'nozone@reminders.example').headers.get('content-language')).toBe('ru');
    expect(first('non_responders.7', 'abudhabi@reminders.example').headers.get('content-language')).toBe('en');
    const pos = first('non_responders.14', 'pos@reminders.example');
    expect(pos.messageId).toBe(`<reminder-non_responders.14.${invitation['pos@reminders.example']}@convene.test>`);
    expect(String(pos.text)).toContain(`${PUBLIC_BASE_URL}/rsvp/${tokens.tokenFor(invitation['pos@reminders.example'])}`);
    expect(String(pos.subject)).toMatch(/^Reminder: invitation to the/);
    const participant = first('participants.2', 'accepter@reminders.example');
    expect(participant.messageId).toMatch(/^<reminder-participants\.2\.[0-9a-f-]{36}@convene\.test>$/);
    expect(String(participant.text)).toMatch(/Letter in support of a visa application/);

    const steps = await stepsOf(api, vienna.id);
    expect(stepByKey(steps, 'non_responders', 14).counts).toEqual({ targeted: 8, sent: 7, skipped: 1, waitingQuietHours: 0, failed: 0, pending: 0, withheld: 0 });
    for (const offset of [7, 5, 2]) expect(stepByKey(steps, 'non_responders', offset)).toMatchObject({ state: 'finished', counts: { targeted: 8, sent: 5, skipped: 3, failed: 0 } });
    expect(stepByKey(steps, 'participants', 2)).toMatchObject({ state: 'finished', counts: { targeted: 1, sent: 1 } });
    const invitations = await api.get(`/api/conferences/${vienna.id}/invitations?limit=500`);
    const remindersSent = Object.fromEntries(invitations.body.items.map((i: any) => [emailOf[i.id], i.remindersSent]));
    expect(remindersSent).toMatchObject({ 'pos@reminders.example': 4, 'answerer@reminders.example': 1, 'late@reminders.example': 1, 'accepter@reminders.example': 0, 'bounce@reminders.example': 0 });
    expect((await api.get(`/api/conferences/${vienna.id}`)).body.state).toBe('registration_closed');

    // The secretariat's digest: once a day while something is overdue (here the bounced invitation).
    const digestDays = digests.map((d) => reminderOf(d.message)!.step);
    expect(new Set(digestDays).size).toBe(digestDays.length);
    expect(digestDays.length).toBeGreaterThanOrEqual(40);
    expect(digests.every((d) => d.message.envelope.to[0] === SECRETARIAT)).toBe(true);
    expect(String(digests[0].message.text)).toMatch(/1 invitation\(s\) could not be delivered/);
    expect(steps.filter((s) => s.kind === 'digest').at(-1)).toMatchObject({ state: 'planned' });
  });

  it('refuses a policy it cannot follow, naming the field', async () => {
    const bad = await api.put(`/api/conferences/${vienna.id}/reminder-policy`, { nonResponders: { daysBeforeDeadline: [0, 7, 7] }, quietHours: { from: '25:00', to: '8' }, extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/nonResponders.daysBeforeDeadline/);
    expect(bad.body.message).toMatch(/quietHours.from/);
    expect(bad.body.message).toMatch(/quietHours.to/);
    expect(bad.body.message).toMatch(/extra/);
    const same = await api.put(`/api/conferences/${vienna.id}/reminder-policy`, { quietHours: { from: '08:00', to: '08:00' } });
    expect(same.status).toBe(400);
    expect(same.body.message).toMatch(/quietHours/);
    const unknown = await api.put(`/api/conferences/${vienna.id}/reminder-policy`, { nonResponders: { daysBeforeDeadline: [3], weekly: true } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/nonResponders.weekly/);
    const viewer = await api.post('/api/keys', { name: 'observer', role: 'viewer' });
    expect((await api.as(viewer.body.key).put(`/api/conferences/${vienna.id}/reminder-policy`, {})).status).toBe(403);
    expect((await api.as(viewer.body.key).get(`/api/conferences/${vienna.id}/reminders`)).status).toBe(200);
    expect((await api.get(`/api/conferences/00000000-0000-4000-8000-000000000000/reminders`)).status).toBe(404);
    expect((await api.get(`/api/conferences/not-a-uuid/reminder-policy`)).status).toBe(400);
  });
});

describe('the tick catches up after a long gap, in order', () => {
  let env: TestEnvironment;
  let sink: MailSink;
  let api: ApiClient;
  let db: Client;

  beforeAll(async () => {
    sink = await startMailSink();
    env = await createTestEnvironment({ SMTP_URL: sink.url, PUBLIC_BASE_URL, RSVP_RATE_LIMIT: '0' });
    ({ api } = await env.startHttp());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
    await sink?.close();
  });

  it('runs every step, scheduled wave and transition that came due while the clock stood still', async () => {
    const { regionals } = await createModelSeries(api);
    const portOfSpain = regionals.find((c: any) => c.city === 'Port of Spain');
    const budapest = regionals.find((c: any) => c.city === 'Budapest');
    const quiet = { nonResponders: { daysBeforeDeadline: [14, 7, 3] }, participants: { daysBeforeStart: [] }, quietHours: null, digest: null };
    for (const conference of [portOfSpain, budapest]) expect((await api.put(`/api/conferences/${conference.id}/reminder-policy`, quiet)).status).toBe(200);

    await api.post('/api/admin/clock', { to: replay('2019-09-20T12:00:00Z') });
    const early = ['a1', 'a2', 'a3'].map((n) => person(`${n}@gap.example`, 'America/Port_of_Spain', 'en'));
    await waveDone(api, await invite(api, db, portOfSpain.id, early));
    const later = ['b1', 'b2'].map((n) => person(`${n}@gap.example`, 'America/Port_of_Spain', 'en'));
    const scheduled = await invite(api, db, portOfSpain.id, later, { sendAt: replay('2019-10-08T12:00:00Z') });
    expect((await api.get(`/api/waves/${scheduled}`)).body.state).toBe('scheduled');
    await waveDone(api, await invite(api, db, budapest.id, [person('c1@gap.example', 'Europe/Budapest', 'en')]));
    sink.clear();

    // Three weeks in one move: step 14 (5 Oct), the scheduled wave (8 Oct), step 7 (12 Oct), in that order.
    const jump = await api.post('/api/admin/clock', { to: replay('2019-10-13T12:00:00Z') });
    expect(jump.body.performed).toBeGreaterThanOrEqual(3);
    await waveDone(api, scheduled);
    await settle(api, portOfSpain.id);
    const byStep = () => {
      const result: Record<string, string[]> = {};
      for (const m of sink.messages) {
        const r = reminderOf(m);
        const key = r ? r.step : (m.messageId ?? '').split('.')[0].slice(1);
        (result[key] ??= []).push(m.envelope.to[0]);
      }
      for (const list of Object.values(result)) list.sort();
      return result;
    };
    // The early invitees get both steps; the late wave went out after both were due: invitation only.
    expect(byStep()).toEqual({
      'non_responders.14': ['a1@gap.example', 'a2@gap.example', 'a3@gap.example'],
      'non_responders.7': ['a1@gap.example', 'a2@gap.example', 'a3@gap.example'],
      invitation: ['b1@gap.example', 'b2@gap.example'],
    });
    let steps = await stepsOf(api, portOfSpain.id);
    expect(stepByKey(steps, 'non_responders', 14).startedAt).toBe(new Date(replay('2019-10-13T12:00:00Z')).toISOString());
    expect(stepByKey(steps, 'non_responders', 7).counts).toMatchObject({ targeted: 3, sent: 3 });

    // The 3-day step reaches the late wave too, and not whoever answered.
    const invitation = await invitationIds(db, portOfSpain.id);
    const tokens = new InvitationTokens(env.config());
    expect((await api.as(null).post(`/rsvp/${tokens.tokenFor(invitation['a1@gap.example'])}`, { response: 'decline' })).status).toBe(200);
    sink.clear();
    await api.post('/api/admin/clock', { to: replay('2019-10-17T12:00:00Z') });
    await settle(api, portOfSpain.id);
    expect(byStep()['non_responders.3']).toEqual(['a2@gap.example', 'a3@gap.example', 'b1@gap.example', 'b2@gap.example']);

    // Budapest's three steps and its deadline all fall in the next gap: the steps run in order, but
    // once replies are closed a reminder to reply would mislead, so none is sent.
    sink.clear();
    const second = await api.post('/api/admin/clock', { to: replay('2020-01-10T12:00:00Z') });
    expect(second.body.performed).toBeGreaterThanOrEqual(5);
    await settle(api, budapest.id);
    // A step is closed by the worker after its last batch: wait for that, not just for the batches.
    steps = await waitFor(async () => {
      const current = await stepsOf(api, budapest.id);
      return [14, 7, 3].every((offset) => stepByKey(current, 'non_responders', offset).state === 'finished') ? current : null;
    }, 'the three steps to finish');
    for (const offset of [14, 7, 3]) {
      expect(stepByKey(steps, 'non_responders', offset)).toMatchObject({ state: 'finished', counts: { targeted: 1, sent: 0, withheld: 1 }, withheldReasons: { deadline_passed: 1 } });
    }
    expect(sink.messages.filter((m) => reminderOf(m))).toEqual([]);
    expect((await api.get(`/api/conferences/${budapest.id}`)).body.state).toBe('registration_closed');
    expect((await api.get(`/api/conferences/${portOfSpain.id}`)).body.state).toBe('registration_closed');
    const events = (await api.get(`/api/conferences/${portOfSpain.id}/events`)).body.items.map((e: any) => e.to);
    expect(events).toEqual(['inviting', 'registration_closed']);
  });
});

describe('a worker restarted in the middle of a step', () => {
  it('neither skips nor repeats anyone, even when Redis loses the queued batches', async () => {
    const sink = await startMailSink();
    const env = await createTestEnvironment({ SMTP_URL: sink.url, PUBLIC_BASE_URL });
    try {
      const apiOnly = await env.startHttp({ APP_ROLE: 'api' });
      const api = apiOnly.api;
      const worker = await env.startWorker();
      const db = new Client({ connectionString: env.databaseUrl });
      await db.connect();
      try {
        const { regionals } = await createModelSeries(api);
        const minsk = regionals.find((c: any) => c.city === 'Minsk');
        await api.post('/api/admin/clock', { to: replay('2019-09-01T06:00:00Z') });
        const count = 1500;
        const contacts = Array.from({ length: count }, (_, i) => person(`delegate${i}@restart.example`, 'Europe/Minsk', 'ru'));
        const wave = await waveDone(api, await invite(api, db, minsk.id, contacts));
        expect(wave.counts.sent).toBe(count);
        expect((await api.put(`/api/conferences/${minsk.id}/reminder-policy`, { nonResponders: { daysBeforeDeadline: [3] }, participants: { daysBeforeStart: [] }, digest: null })).status).toBe(200);
        sink.clear();

        // The deadline is the end of 15 September in Minsk: the step is due at 21:00 UTC on the 12th,
        // midnight in Minsk; quiet hours hold everyone until 08:00 there, when the API's tick releases them.
        await api.post('/api/admin/clock', { to: replay('2019-09-13T04:59:00Z') });
        await settle(api, minsk.id);
        let [step] = await stepsOf(api, minsk.id);
        expect(step.counts).toMatchObject({ targeted: count, waitingQuietHours: count });
        await api.post('/api/admin/clock', { to: replay('2019-09-13T05:00:00Z') });
        await waitFor(async () => ((await stepsOf(api, minsk.id))[0].counts.sent >= 200 ? true : null), 'the first batch');
        await worker.close();
        [step] = await stepsOf(api, minsk.id);
        expect(step.counts.sent).toBeGreaterThan(0);
        expect(step.counts.sent).toBeLessThan(count);
        expect(step.counts.sent + step.counts.pending).toBe(count);

        // Nobody works the step for two hours: the pipeline calls it late.
        await api.post('/api/admin/clock', { to: replay('2019-09-13T07:00:00Z') });
        const pipeline = await api.get('/api/pipeline');
        const overdue = pipeline.body.conferences.find((c: any) => c.id === minsk.id).overdue;
        expect(overdue).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'reminder_step', count: step.counts.pending })]));

        // Redis loses what was queued; a new worker and the reconciler pick the step up where it stopped.
        const redis = new IORedis(REDIS_URL);
        const keys = await redis.keys(`${env.queuePrefix}:reminders:*`);
        if (keys.length) await redis.del(...keys);
        redis.disconnect();
        const fresh = await env.startWorker();
        const { requeued } = await fresh.app.get(ReminderReconciler).reconcile(0);
        expect(requeued).toBeGreaterThan(0);
        await settle(api, minsk.id);
        [step] = await stepsOf(api, minsk.id);
        expect(step).toMatchObject({ state: 'finished', counts: { targeted: count, sent: count, skipped: 0, failed: 0, pending: 0 } });
        const recipients = sink.messages.filter((m) => reminderOf(m)).map((m) => m.envelope.to[0]);
        expect(recipients).toHaveLength(count);
        expect(new Set(recipients).size).toBe(count);
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM invitations WHERE conference_id = $1 AND reminders_sent = 1`, [minsk.id]);
        expect(rows[0].n).toBe(count);
      } finally {
        await db.end();
      }
    } finally {
      await env.teardown();
      await sink.close();
    }
    // Two waves' worth of mail through a parsing sink and a worker restart: on a busy machine it needs more than the default minute.
  }, 180_000);
});
