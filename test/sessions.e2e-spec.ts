import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { ADMIN_KEY, ApiClient, TestEnvironment, createTestEnvironment } from './support/test-app';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('browser sessions and API keys', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let other: ApiClient;
  let db: Client;

  const signIn = async (key: string, client = api, headers: Record<string, string> = {}) => {
    const response = await fetch(`${client.baseUrl}/dashboard/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ key }).toString(),
    });
    return { response, session: /convene_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1] };
  };
  const withSession = (session: string) => ({ cookie: `convene_session=${session}` });
  const pipelineStatus = async (session: string, client = api) => (await client.as(null).get('/api/pipeline', withSession(session))).status;

  beforeAll(async () => {
    env = await createTestEnvironment({ SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '2' });
    ({ api } = await env.startHttp());
    // A second API process of the same deployment.
    ({ api: other } = await env.startHttp({ APP_ROLE: 'api' }));
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
  });

  it('puts a random session id in the cookie, never the key, and stores only its hash', async () => {
    const { response, session } = await signIn(ADMIN_KEY);
    expect(response.status).toBe(303);
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session).not.toContain(ADMIN_KEY);
    expect((await signIn(ADMIN_KEY)).session).not.toBe(session);

    const { rows } = await db.query(`SELECT * FROM browser_sessions`);
    expect(rows.map((r) => r.id_hash)).toContain(sha256(session!));
    expect(JSON.stringify(rows)).not.toContain(session);
    expect(JSON.stringify(rows)).not.toContain(ADMIN_KEY);

    expect(await pipelineStatus(session!)).toBe(200);
    expect(await pipelineStatus(session!, other)).toBe(200);
    // The key itself in the cookie is no session.
    expect(await pipelineStatus(ADMIN_KEY)).toBe(401);
  });

  it('ends a session at sign-out on the server, so a copy of the cookie stops working in every process', async () => {
    const { session } = await signIn(ADMIN_KEY);
    const copy = session!;
    const out = await fetch(`${api.baseUrl}/dashboard/logout`, { method: 'POST', redirect: 'manual', headers: withSession(session!) });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/convene_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/);
    expect(await pipelineStatus(copy)).toBe(401);
    expect(await pipelineStatus(copy, other)).toBe(401);
    expect((await api.as(null).get('/admin/queues', withSession(copy))).status).toBe(401);
    const page = await fetch(`${api.baseUrl}/dashboard`, { headers: withSession(copy) });
    expect(await page.text()).toContain('Your session has ended; sign in again.');
    expect((await db.query(`SELECT 1 FROM browser_sessions WHERE id_hash = $1`, [sha256(copy)])).rowCount).toBe(0);
  });

  it('does not carry a session id held before signing in into the new session', async () => {
    const first = (await signIn(ADMIN_KEY)).session!;
    const second = (await signIn(ADMIN_KEY, api, withSession(first))).session!;
    expect(await pipelineStatus(first)).toBe(401);
    expect(await pipelineStatus(second)).toBe(200);
  });

  it('ends the sessions of the bootstrap key when ADMIN_API_KEY changes', async () => {
    const session = (await signIn(ADMIN_KEY)).session!;
    const rotated = await env.startHttp({ APP_ROLE: 'api', ADMIN_API_KEY: 'a-new-bootstrap-key-0123456789' });
    try {
      expect(await pipelineStatus(session, rotated.api)).toBe(401);
      expect(await pipelineStatus(session)).toBe(200);
    } finally {
      await rotated.close();
    }
  });

  it('expires a session left idle, and any session after its absolute lifetime, on the deployment clock', async () => {
    const idle = (await signIn(ADMIN_KEY)).session!;
    const busy = (await signIn(ADMIN_KEY)).session!;
    for (let i = 0; i < 6; i++) {
      await api.post('/api/admin/clock', { advance: 'PT20M' });
      // The busy session is used every 20 minutes; the idle one not at all.
      expect(await pipelineStatus(busy)).toBe(i < 5 ? 200 : 401);
      if (i === 1) expect(await pipelineStatus(idle)).toBe(401);
    }
    // Six times 20 minutes is the two hours' absolute lifetime: the busy session ended too.
  });

  describe('API keys', () => {
    let coordinator: { id: string; key: string };

    beforeAll(async () => {
      // Keys are listed in the order they were created: a second apart on the manual clock.
      coordinator = (await api.post('/api/keys', { name: 'minsk-desk', role: 'coordinator' })).body;
      for (const [name, role] of [['vienna-desk', 'viewer'], ['door-1', 'checkin']]) {
        await api.post('/api/admin/clock', { advance: 'PT1S' });
        expect((await api.post('/api/keys', { name, role })).status).toBe(201);
      }
    });

    it('lists the keys page by page, never the key or its hash', async () => {
      const first = await api.get('/api/keys?limit=2');
      expect(first.status).toBe(200);
      expect(first.body.items.map((k: any) => k.name)).toEqual(['minsk-desk', 'vienna-desk']);
      expect(first.body.items[0]).toEqual({ id: coordinator.id, name: 'minsk-desk', role: 'coordinator', createdAt: expect.any(String), revokedAt: null });
      const second = await api.get(`/api/keys?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body).toEqual({ items: [expect.objectContaining({ name: 'door-1', role: 'checkin' })], nextCursor: null });
      const { rows } = await db.query(`SELECT key_hash FROM api_keys`);
      for (const text of [first.text, second.text]) {
        expect(text).not.toContain(coordinator.key);
        for (const row of rows) expect(text).not.toContain(row.key_hash);
      }
      for (const position of [['not a date', 'not-a-uuid'], ['2026-02-31 10:00:00+00', coordinator.id]]) {
        const crafted = Buffer.from(JSON.stringify(position)).toString('base64url');
        expect((await api.get(`/api/keys?cursor=${crafted}`)).status).toBe(400);
      }
    });

    it('is for admins only', async () => {
      const desk = api.as(coordinator.key);
      expect((await desk.get('/api/keys')).status).toBe(403);
      expect((await desk.post('/api/keys', { name: 'x', role: 'admin' })).status).toBe(403);
      expect((await desk.delete(`/api/keys/${coordinator.id}`)).status).toBe(403);
      expect((await api.as(null).get('/api/keys')).status).toBe(401);
    });

    it('refuses to revoke an unknown key or a malformed id', async () => {
      const unknown = await api.delete('/api/keys/00000000-0000-4000-8000-000000000000');
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toBe('No API key with id 00000000-0000-4000-8000-000000000000.');
      expect((await api.delete('/api/keys/minsk-desk')).status).toBe(400);
    });

    it('revokes a key: it and every session signed in with it stop working at once, in every process', async () => {
      const victim = (await api.post('/api/keys', { name: 'lost-laptop', role: 'admin' })).body;
      const sessions = [(await signIn(victim.key)).session!, (await signIn(victim.key, other)).session!];
      const survivor = (await signIn(coordinator.key)).session!;
      for (const s of sessions) expect(await pipelineStatus(s, other)).toBe(200);
      expect((await api.as(victim.key).get('/admin/queues')).status).toBe(200);

      const revoked = await other.delete(`/api/keys/${victim.id}`);
      expect(revoked.status).toBe(200);
      expect(revoked.body).toEqual({ id: victim.id, name: 'lost-laptop', role: 'admin', createdAt: expect.any(String), revokedAt: expect.any(String) });

      for (const client of [api, other]) {
        const bearer = await client.as(victim.key).get('/api/pipeline');
        expect(bearer.status).toBe(401);
        expect(bearer.body.message).toBe('This API key is unknown or revoked.');
        for (const s of sessions) expect(await pipelineStatus(s, client)).toBe(401);
        expect((await client.as(victim.key).get('/admin/queues')).status).toBe(401);
        expect((await client.as(null).get('/admin/queues', withSession(sessions[0]))).status).toBe(401);
      }
      expect((await db.query(`SELECT 1 FROM browser_sessions WHERE api_key_id = $1`, [victim.id])).rowCount).toBe(0);
      expect(await pipelineStatus(survivor)).toBe(200);
      expect((await signIn(victim.key)).response.status).toBe(401);

      // Revoking again changes nothing; the list shows when.
      const again = await api.delete(`/api/keys/${victim.id}`);
      expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
      const listed = (await api.get('/api/keys?limit=500')).body.items.find((k: any) => k.id === victim.id);
      expect(listed.revokedAt).toBe(revoked.body.revokedAt);
    });

    it('lets a checkin key call nothing under /api but the check-in routes, and keeps it off the dashboard', async () => {
      const door = (await api.post('/api/keys', { name: 'door-2', role: 'checkin' })).body;
      const desk = api.as(door.key);
      for (const [method, path] of [
        ['GET', '/api/pipeline'],
        ['GET', '/api/contacts'],
        ['POST', '/api/contacts'],
        ['GET', '/api/keys'],
        ['POST', '/api/admin/clock'],
      ]) {
        const answer = await desk.request(method, path, method === 'POST' ? {} : undefined);
        expect([method, path, answer.status]).toEqual([method, path, 403]);
        expect(answer.body.message).toContain('A checkin key may only check participants in.');
      }
      expect((await desk.get('/admin/queues')).status).toBe(403);
      const refused = await signIn(door.key);
      expect(refused.response.status).toBe(403);
      expect(refused.session).toBeUndefined();
      expect(await refused.response.text()).toContain('A check-in key opens the check-in desk, not the dashboard.');
    });
  });

  describe('behind a proxy', () => {
    it('believes X-Forwarded-Proto only from TRUSTED_PROXIES', async () => {
      const direct = await signIn(ADMIN_KEY, api, { 'x-forwarded-proto': 'https' });
      expect(direct.response.headers.get('set-cookie')).not.toMatch(/Secure/);
      const proxied = await env.startHttp({ APP_ROLE: 'api', TRUSTED_PROXIES: '127.0.0.0/8' });
      try {
        const behind = await signIn(ADMIN_KEY, proxied.api, { 'x-forwarded-proto': 'https' });
        expect(behind.response.headers.get('set-cookie')).toMatch(/; Secure/);
      } finally {
        await proxied.close();
      }
    });
  });
});
