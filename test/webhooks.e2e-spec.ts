import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { verifySignature } from '../src/modules/webhooks/webhook-signature';
import { createModelSeries } from './support/fixtures';
import { ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';
import { WebhookReceiver, startWebhookReceiver } from './support/webhook-receiver';

const SECRET = 'whsec_test_0123456789abcdefghij';

/** The README's code blocks of one language, in order. */
function readmeBlocks(language: string): string[] {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Webhooks'));
  return [...section.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

const deliveriesOf = async (api: ApiClient, webhookId: string) => (await api.get(`/api/webhooks/${webhookId}/deliveries?limit=500`)).body.items as any[];

/** Moves the manual clock in steps until `done` holds; each step lets the attempts it made be recorded. */
async function advanceUntil(api: ApiClient, step: string, idle: () => Promise<boolean>, done: () => Promise<boolean>, what: string, maxSteps = 40): Promise<void> {
  for (let i = 0; i < maxSteps; i++) {
    if (await done()) return;
    expect((await api.post('/api/admin/clock', { advance: step })).status).toBe(200);
    // The step's attempts run on the worker: each is recorded before the clock moves again.
    await waitFor(idle, `attempts after step ${i + 1}`);
  }
  if (!(await done())) throw new Error(`${what} did not happen within ${maxSteps} steps of ${step}`);
}

describe('webhooks', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let db: Client;
  let receiver: WebhookReceiver;
  let conference: any;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    env = await createTestEnvironment({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    ({ api } = await env.startHttp());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    conference = (await createModelSeries(api)).regionals[0];
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
    await receiver?.close();
  });

  beforeEach(() => receiver.clear());

  const idle = (webhookId: string) => async () => {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1 AND status = 'pending' AND queued_at IS NOT NULL`, [webhookId]);
    return rows[0].n === 0;
  };

  it('registers a subscription, shows its secret once, and refuses bad ones', async () => {
    const created = await api.post('/api/webhooks', { url: `${receiver.url}/hooks`, events: ['wave.completed'], description: 'Travel office' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: `${receiver.url}/hooks`, events: ['wave.completed'], enabled: true, description: 'Travel office' });
    expect(created.body.secret).toMatch(/^whsec_/);
    const listed = await api.get('/api/webhooks');
    expect(listed.body.items.map((w: any) => w.id)).toContain(created.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    const { rows } = await db.query(`SELECT secret_sealed FROM webhook_subscriptions WHERE id = $1`, [created.body.id]);
    expect(rows[0].secret_sealed.toString('latin1')).not.toContain(created.body.secret);

    const bad = await api.post('/api/webhooks', { url: receiver.url, events: ['rsvp.accepted'] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(expect.stringContaining('events may hold'));
    expect((await api.post('/api/webhooks', { url: 'ftp://example.org/x', events: ['wave.completed'] })).status).toBe(400);
    expect((await api.post('/api/webhooks', { url: receiver.url, events: ['wave.completed'], extra: 1 })).status).toBe(400);
    expect((await api.post('/api/webhooks', { url: receiver.url, events: ['wave.completed'], secret: 'short' })).status).toBe(400);

    const coordinator = await api.post('/api/keys', { name: 'desk', role: 'coordinator' });
    expect((await api.as(coordinator.body.key).get('/api/webhooks')).status).toBe(403);
    expect((await api.delete(`/api/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await api.get(`/api/webhooks/${created.body.id}`)).status).toBe(404);
  });

  it('delivers every subscribed event once by id, signed, after the receiver answered 500 three times', async () => {
    const hook = (await api.post('/api/webhooks', { url: `${receiver.url}/convene`, events: ['conference.transitioned'], secret: SECRET })).body;
    const other = (await api.post('/api/webhooks', { url: `${receiver.url}/other`, events: ['wave.completed'] })).body;
    receiver.answer(500, 3);

    expect((await api.post(`/api/conferences/${conference.id}/transitions`, { to: 'postponed', reason: 'Venue works' })).status).toBe(200);
    expect((await api.post(`/api/conferences/${conference.id}/transitions`, { to: 'planning' })).status).toBe(200);
    await waitFor(async () => receiver.received.length >= 2, 'first attempts');
    await waitFor(idle(hook.id), 'first attempts recorded');

    const retrying = (await deliveriesOf(api, hook.id)).find((d) => d.status === 'pending');
    expect(retrying).toMatchObject({ attempts: 1, lastStatusCode: 500, lastError: expect.stringContaining('500') });
    const backoff = Date.parse(retrying.nextAttemptAt) - Date.parse(retrying.lastAttemptAt);
    expect(backoff).toBeGreaterThanOrEqual(15_000);
    expect(backoff).toBeLessThanOrEqual(30_000);

    await advanceUntil(
      api,
      'PT2M',
      idle(hook.id),
      async () => (await deliveriesOf(api, hook.id)).every((d) => d.status === 'delivered'),
      'both deliveries',
    );
    const deliveries = await deliveriesOf(api, hook.id);
    expect(deliveries).toHaveLength(2);
    expect(deliveries.reduce((n, d) => n + d.attempts, 0)).toBe(5);
    expect(receiver.received.filter((r) => r.path === '/convene')).toHaveLength(5);
    expect(receiver.received.filter((r) => r.path === '/other')).toHaveLength(0);

    const unique = receiver.unique('conference.transitioned');
    expect(unique).toHaveLength(2);
    expect(unique.map((r) => r.body.data.to).sort()).toEqual(['planning', 'postponed']);
    expect(unique.find((r) => r.body.data.to === 'postponed')!.body).toMatchObject({ data: { conferenceId: conference.id, from: 'planning', reason: 'Venue works' } });
    expect(new Set(deliveries.map((d) => d.eventId))).toEqual(new Set(unique.map((r) => r.body.id)));
    for (const r of receiver.received) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['convene-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifySignature(SECRET, r.raw, String(r.headers['convene-signature']))).toBe(true);
    }
    // The same event id on every attempt, the same bytes too.
    const first = unique[0];
    const attemptsOfFirst = receiver.received.filter((r) => r.body.id === first.body.id);
    expect(new Set(attemptsOfFirst.map((r) => r.raw)).size).toBe(1);
    expect(await deliveriesOf(api, other.id)).toHaveLength(0);
  });

  it("the README's snippet and shell line verify a real delivery and reject a tampered one", async () => {
    const hook = (await api.post('/api/webhooks', { url: `${receiver.url}/readme`, events: ['conference.transitioned'], secret: SECRET })).body;
    expect((await api.post(`/api/webhooks/${hook.id}/test`)).status).toBe(202);
    await waitFor(async () => receiver.received.find((r) => r.path === '/readme'), 'the ping');
    const delivery = receiver.received.find((r) => r.path === '/readme')!;
    expect(delivery.body).toMatchObject({ type: 'ping', data: { webhookId: hook.id } });
    const header = String(delivery.headers['convene-signature']);

    const [snippet] = readmeBlocks('js');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const verify = new Function('require', `${snippet}\nreturn verifyConveneSignature;`)(require) as (s: string, b: string, h: string) => boolean;
    expect(verify(SECRET, delivery.raw, header)).toBe(true);
    expect(verify(SECRET, delivery.raw.replace('ping', 'pong'), header)).toBe(false);
    expect(verify('another-secret-of-some-length', delivery.raw, header)).toBe(false);

    const [shell] = readmeBlocks('sh');
    const dir = mkdtempSync(join(tmpdir(), 'convene-webhook-'));
    try {
      const { t, v1 } = Object.fromEntries(header.split(',').map((p) => p.split('=', 2)));
      const run = (body: string) => {
        writeFileSync(join(dir, 'body.json'), body);
        return execFileSync('sh', ['-c', shell], { cwd: dir, env: { PATH: process.env.PATH, T: t, V1: v1, SECRET }, encoding: 'utf8' }).trim();
      };
      expect(run(delivery.raw)).toBe('valid');
      expect(run(delivery.raw.replace('ping', 'pong'))).toBe('invalid');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not follow a redirect, even to an address it may reach', async () => {
    const inside = await startWebhookReceiver();
    try {
      const hook = (await api.post('/api/webhooks', { url: `${receiver.url}/moved`, events: ['conference.transitioned'] })).body;
      receiver.answer(302, 1, { location: `${inside.url}/admin` });
      await api.post(`/api/webhooks/${hook.id}/test`);
      await waitFor(async () => (await deliveriesOf(api, hook.id))[0]?.attempts === 1, 'the attempt');
      const [delivery] = await deliveriesOf(api, hook.id);
      expect(delivery).toMatchObject({ status: 'pending', lastStatusCode: 302, lastError: expect.stringContaining('redirects are not followed') });
      expect(inside.received).toHaveLength(0);
    } finally {
      await inside.close();
    }
  });

  it('gives a delivery up after 24 hours, disables a subscription that failed all day, and replays once enabled', async () => {
    const hook = (await api.post('/api/webhooks', { url: `${receiver.url}/down`, events: ['conference.transitioned'], secret: SECRET })).body;
    receiver.answer(503, 'all');
    const ping = (await api.post(`/api/webhooks/${hook.id}/test`)).body;
    await waitFor(async () => (await api.get(`/api/webhooks/${hook.id}/deliveries`)).body.items[0]?.attempts === 1, 'first attempt');

    await advanceUntil(api, 'PT3H', idle(hook.id), async () => (await deliveriesOf(api, hook.id))[0].status === 'dead', 'the delivery to die', 12);
    const [dead] = await deliveriesOf(api, hook.id);
    expect(dead).toMatchObject({ id: ping.id, status: 'dead', lastStatusCode: 503, nextAttemptAt: null });
    expect(dead.attempts).toBeGreaterThanOrEqual(8);
    expect(Date.parse(dead.lastAttemptAt) - Date.parse(dead.createdAt)).toBeGreaterThanOrEqual(24 * 3600_000);

    const disabled = (await api.get(`/api/webhooks/${hook.id}`)).body;
    expect(disabled).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/Every delivery failed from .* for 24 hours; the last: the receiver answered 503/) });
    // While disabled nothing is recorded or sent for it.
    const before = receiver.received.length;
    await api.post(`/api/conferences/${conference.id}/transitions`, { to: 'postponed', reason: 'Again' });
    await api.post(`/api/conferences/${conference.id}/transitions`, { to: 'planning' });
    // The subscription of the first test is still enabled: once it has both, the fan-out is over.
    await waitFor(() => receiver.received.slice(before).filter((r) => r.path === '/convene').length === 2, 'the enabled subscription to hear both');
    expect((await api.post(`/api/webhooks/${hook.id}/test`)).status).toBe(409);
    expect((await api.post(`/api/webhooks/${hook.id}/deliveries/${dead.id}/replay`)).status).toBe(409);

    receiver.answer(200, 0);
    expect((await api.post(`/api/webhooks/${hook.id}/enable`)).body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    const replayed = await api.post(`/api/webhooks/${hook.id}/deliveries/${dead.id}/replay`);
    expect(replayed.status).toBe(202);
    await waitFor(async () => (await deliveriesOf(api, hook.id)).find((d) => d.id === dead.id)?.status === 'delivered', 'the replay');
    const arrivals = receiver.received.slice(before).filter((r) => r.path === '/down');
    expect(arrivals.map((r) => r.body.id)).toEqual([dead.eventId]);
    expect((await api.post(`/api/webhooks/${hook.id}/deliveries/${dead.id}/replay`)).status).toBe(409);
    expect(await deliveriesOf(api, hook.id)).toHaveLength(1);
  });

  it('prunes delivered deliveries once older than the retention period, and keeps dead ones', async () => {
    const hook = (await api.post('/api/webhooks', { url: `${receiver.url}/kept`, events: ['conference.transitioned'], secret: SECRET })).body;
    const statusOf = async (id: string) => (await deliveriesOf(api, hook.id)).find((d) => d.id === id)?.status;
    const old = (await api.post(`/api/webhooks/${hook.id}/test`)).body;
    await waitFor(async () => (await statusOf(old.id)) === 'delivered', 'the first ping');

    receiver.answer(503, 'all');
    const failing = (await api.post(`/api/webhooks/${hook.id}/test`)).body;
    await waitFor(async () => (await deliveriesOf(api, hook.id)).find((d) => d.id === failing.id)?.attempts === 1, 'the failing ping');
    await advanceUntil(api, 'PT3H', idle(hook.id), async () => (await statusOf(failing.id)) === 'dead', 'the delivery to die', 12);
    receiver.answer(200, 0);
    await api.post(`/api/webhooks/${hook.id}/enable`);
    const recent = (await api.post(`/api/webhooks/${hook.id}/test`)).body;
    await waitFor(async () => (await statusOf(recent.id)) === 'delivered', 'the last ping');
    const deliveredAt = async (id: string) => Date.parse((await deliveriesOf(api, hook.id)).find((d) => d.id === id).deliveredAt);
    const oldAt = await deliveredAt(old.id);
    const recentAt = await deliveredAt(recent.id);
    expect(recentAt - oldAt).toBeGreaterThanOrEqual(24 * 3600_000);

    // Thirty days (the default) after the first ping was delivered, and a minute: only it is old enough.
    const now = Date.parse((await api.get('/api/admin/clock')).body.now);
    await api.post('/api/admin/clock', { advance: `PT${Math.ceil((oldAt + 30 * 86_400_000 - now) / 60_000) + 1}M` });
    expect((await deliveriesOf(api, hook.id)).map((d) => [d.id, d.status])).toEqual([
      [failing.id, 'dead'],
      [recent.id, 'delivered'],
    ]);

    await api.post('/api/admin/clock', { advance: `PT${Math.ceil((recentAt - oldAt) / 60_000)}M` });
    expect((await deliveriesOf(api, hook.id)).map((d) => [d.id, d.status])).toEqual([[failing.id, 'dead']]);
  });
});

describe('webhooks and server-side request forgery', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let db: Client;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    env = await createTestEnvironment();
    ({ api } = await env.startHttp());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
    await receiver?.close();
  });

  it.each([
    ['loopback', (port: string) => `http://127.0.0.1:${port}/`, /127\.0\.0\.1 is a loopback address/],
    ['IPv4-mapped IPv6 loopback', (port: string) => `http://[::ffff:127.0.0.1]:${port}/`, /loopback address/],
    ['the cloud metadata service', () => 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a linkLocal address/],
    ['a name that resolves to loopback', (port: string) => `http://localhost:${port}/`, /localhost resolves to .* which is a loopback address/],
    ['IPv6 loopback', (port: string) => `http://[::1]:${port}/`, /loopback address/],
    ['a private network', () => 'https://10.1.2.3/hook', /private address/],
  ])('refuses to register %s', async (_what, url, message) => {
    const port = new URL(receiver.url).port;
    const refused = await api.post('/api/webhooks', { url: url(port), events: ['wave.completed'] });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(message) });
  });

  it('checks the address again when it connects, so a name turned internal later is refused', async () => {
    const port = new URL(receiver.url).port;
    const registered = await api.post('/api/webhooks', { url: 'https://93.184.215.14/hook', events: ['wave.completed'] });
    expect(registered.status).toBe(201);
    // As if its DNS, or the row, now pointed inside: each form is refused when the delivery connects.
    for (const url of [`http://localhost:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, `http://[::ffff:7f00:1]:${port}/`, 'http://169.254.169.254/latest/meta-data/']) {
      await db.query(`UPDATE webhook_subscriptions SET url = $2 WHERE id = $1`, [registered.body.id, url]);
      const ping = (await api.post(`/api/webhooks/${registered.body.id}/test`)).body;
      await waitFor(async () => (await api.get(`/api/webhooks/${registered.body.id}/deliveries?limit=500`)).body.items.find((d: any) => d.id === ping.id)?.attempts === 1, `attempt to ${url}`);
      const delivery = (await api.get(`/api/webhooks/${registered.body.id}/deliveries?limit=500`)).body.items.find((d: any) => d.id === ping.id);
      expect(delivery).toMatchObject({ status: 'pending', lastStatusCode: null, lastError: expect.stringMatching(/^refused: .*(loopback|linkLocal) address/) });
    }
    expect(receiver.received).toHaveLength(0);
  });
});
