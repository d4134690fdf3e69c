import { run } from './convene';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that answers from a script and records what was asked. */
function stubFetch(...answers: Array<{ status?: number; body?: unknown } | Error>) {
  const calls: Call[] = [];
  const fetch = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({
      url: String(url),
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected request ${String(url)}`);
    if (answer instanceof Error) throw answer;
    return new Response(answer.body === undefined ? '' : JSON.stringify(answer.body), { status: answer.status ?? 200, headers: { 'content-type': 'application/json' } });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

async function cli(argv: string[], fetch: typeof globalThis.fetch, env: Record<string, string> = { CONVENE_URL: 'http://convene.test/', CONVENE_API_KEY: 'k-123' }) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, env, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), fetch });
  return { code, stdout, stderr };
}

const conference = (over: Record<string, unknown> = {}) => ({
  id: 'c1',
  seriesId: 's1',
  kind: 'regional',
  title: 'Countering terrorism with new technologies — Minsk',
  city: 'Minsk',
  country: 'BY',
  partners: ['Belarus'],
  startsOn: '2019-10-03',
  endsOn: '2019-10-04',
  timezone: 'Europe/Minsk',
  capacity: 400,
  languages: ['en', 'ru'],
  rsvpDeadline: '2019-09-16T00:00:00+03:00',
  delegationQuota: 4,
  state: 'planning',
  stateChangedAt: '2019-08-01T00:00:00.000Z',
  ...over,
});

const seriesView = {
  id: 's1',
  name: 'Model series',
  createdAt: '2019-08-01T00:00:00.000Z',
  summit: conference({ id: 'c0', kind: 'summit', city: 'New York', title: 'Second Counter-Terrorism Week' }),
  conferences: [conference({ id: 'c0', kind: 'summit', city: 'New York', title: 'Second Counter-Terrorism Week' }), conference()],
  summitReadiness: { ready: false, missingReports: ['c1'], waivers: [] },
};

describe('convene command line', () => {
  it('lists every series as a table, following the cursor to the last page, with the key and URL from the environment', async () => {
    const { fetch, calls } = stubFetch(
      { body: { items: [{ id: 's1', name: 'First series', createdAt: '2019-08-01T00:00:00.000Z' }], nextCursor: 'abc' } },
      { body: { items: [{ id: 's2', name: 'Second series', createdAt: '2019-08-02T00:00:00.000Z' }], nextCursor: null } },
    );
    const { code, stdout } = await cli(['series', 'list'], fetch);
    expect(code).toBe(0);
    expect(calls.map((c) => c.url)).toEqual(['http://convene.test/api/series?limit=500', 'http://convene.test/api/series?limit=500&cursor=abc']);
    expect(calls[0].headers.authorization).toBe('Bearer k-123');
    expect(stdout).toMatch(/│ ID +│ Name +│ Created/);
    expect(stdout).toContain('First series');
    expect(stdout).toContain('Second series');
  });

  it.each([[['--json', 'series', 'list']], [['series', 'list', '--json']]])('prints JSON for scripts: %j', async (argv) => {
    const { fetch } = stubFetch({ body: { items: [{ id: 's1', name: 'First series', createdAt: 'x' }], nextCursor: null } });
    const { code, stdout } = await cli(argv, fetch);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([{ id: 's1', name: 'First series', createdAt: 'x' }]);
  });

  it('talks to http://localhost:3000 when CONVENE_URL is not set', async () => {
    const { fetch, calls } = stubFetch({ body: { mode: 'manual', now: '2019-08-01T00:00:00.000Z' } });
    const { code, stdout } = await cli(['clock', 'show'], fetch, {});
    expect(code).toBe(0);
    expect(calls[0].url).toBe('http://localhost:3000/api/admin/clock');
    expect(calls[0].headers.authorization).toBeUndefined();
    expect(stdout).toBe('2019-08-01T00:00:00.000Z (manual clock)\n');
  });

  describe('series create', () => {
    const summitOptions = ['--summit-title', 'Week', '--summit-city', 'New York', '--summit-country', 'US', '--summit-starts-on', '2020-06-29', '--summit-ends-on', '2020-07-03', '--summit-timezone', 'America/New_York'];

    it('sends the series with its summit, capacity as a number, and shows the conferences and readiness', async () => {
      const { fetch, calls } = stubFetch({ status: 201, body: seriesView });
      const { code, stdout } = await cli(['series', 'create', '--name', 'Model series', ...summitOptions, '--summit-capacity', '1500'], fetch);
      expect(code).toBe(0);
      expect(calls[0]).toMatchObject({
        method: 'POST',
        url: 'http://convene.test/api/series',
        body: { name: 'Model series', summit: { title: 'Week', city: 'New York', country: 'US', startsOn: '2020-06-29', endsOn: '2020-07-03', timezone: 'America/New_York', capacity: 1500 } },
      });
      expect(stdout).toContain('Series Model series (s1)');
      expect(stdout).toMatch(/│ c1 +│ regional +│ Minsk +│ BY +│ planning +│ 2019-10-03 to 2019-10-04/);
      expect(stdout).toContain('Summit readiness: not ready: 1 regional report(s) missing (Minsk)');
    });

    it('sends the secretariat invitees write to when one is named', async () => {
      const { fetch, calls } = stubFetch({ status: 201, body: seriesView });
      const secretariat = ['--secretariat-name', 'Conference Secretariat', '--secretariat-email', 'ct@example.org', '--secretariat-phone', '+1 212 963 1234'];
      const { code } = await cli(['series', 'create', '--name', 'Model series', ...summitOptions, '--summit-capacity', '1500', ...secretariat], fetch);
      expect(code).toBe(0);
      expect(calls[0].body).toMatchObject({ secretariat: { name: 'Conference Secretariat', email: 'ct@example.org', phone: '+1 212 963 1234' } });
    });

    it('refuses a capacity that is not a whole number without calling the API', async () => {
      const { fetch, calls } = stubFetch();
      const { code, stderr } = await cli(['series', 'create', '--name', 'x', ...summitOptions, '--summit-capacity', 'many'], fetch);
      expect(code).not.toBe(0);
      expect(stderr).toMatch(/--summit-capacity .*'many' is invalid\. must be a whole number/);
      expect(calls).toHaveLength(0);
    });

    it('names a missing required option', async () => {
      const { fetch, calls } = stubFetch();
      const { code, stderr } = await cli(['series', 'create', '--name', 'x'], fetch);
      expect(code).not.toBe(0);
      expect(stderr).toContain("required option '--summit-title <title>' not specified");
      expect(calls).toHaveLength(0);
    });
  });

  it('shows a conference as label and value pairs', async () => {
    const { fetch, calls } = stubFetch({ body: conference({ state: 'inviting' }) });
    const { code, stdout } = await cli(['conference', 'show', 'c1'], fetch);
    expect(code).toBe(0);
    expect(calls[0].url).toBe('http://convene.test/api/conferences/c1');
    expect(stdout).toMatch(/│ State +│ inviting since 2019-08-01T00:00:00.000Z/);
    expect(stdout).toMatch(/│ Languages +│ en, ru/);
  });

  it('commands a transition with its reason', async () => {
    const { fetch, calls } = stubFetch({ body: conference({ state: 'postponed' }) });
    const { code, stdout } = await cli(['conference', 'transition', 'c1', 'postponed', '--reason', 'Hurricane season'], fetch);
    expect(code).toBe(0);
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'http://convene.test/api/conferences/c1/transitions', body: { to: 'postponed', reason: 'Hurricane season' } });
    expect(stdout).toBe('Countering terrorism with new technologies — Minsk: now postponed.\n');
  });

  it('exits non-zero with the API message and every failing guard when the API refuses', async () => {
    const { fetch } = stubFetch({
      status: 409,
      body: { statusCode: 409, error: 'Conflict', message: 'planning -> inviting is blocked: Set the capacity.', failedGuards: [{ guard: 'capacity_set', message: 'Set the capacity.' }] },
    });
    const { code, stdout, stderr } = await cli(['conference', 'transition', 'c1', 'inviting'], fetch);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('The API refused (409): planning -> inviting is blocked: Set the capacity.\n  - capacity_set: Set the capacity.\n');
  });

  it('says to set CONVENE_API_KEY when the API does not know the caller', async () => {
    const { fetch } = stubFetch({ status: 401, body: { statusCode: 401, error: 'Unauthorized', message: 'Send your API key as "Authorization: Bearer <key>".' } });
    const { code, stderr } = await cli(['series', 'show', 's1'], fetch, {});
    expect(code).toBe(1);
    expect(stderr).toContain('The API refused (401): Send your API key');
    expect(stderr).toContain('Set CONVENE_API_KEY');
  });

  it('exits non-zero naming the address when the service is unreachable', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const { fetch } = stubFetch(refused);
    const { code, stderr } = await cli(['series', 'list'], fetch);
    expect(code).toBe(1);
    expect(stderr).toBe('Cannot reach Convene at http://convene.test (ECONNREFUSED). Is the service running? Set CONVENE_URL to its address.\n');
  });

  it('lists the history of a conference', async () => {
    const { fetch } = stubFetch({
      body: { items: [{ id: '1', type: 'transition', from: 'planning', to: 'postponed', actor: 'admin', reason: 'Hurricane season', occurredAt: '2019-08-02T00:00:00.000Z' }], nextCursor: null },
    });
    const { code, stdout } = await cli(['conference', 'events', 'c1'], fetch);
    expect(code).toBe(0);
    expect(stdout).toMatch(/│ 2019-08-02T00:00:00.000Z │ planning -> postponed │ admin +│ Hurricane season │/);
  });

  describe('clock', () => {
    it('moves to a time and forward by a duration', async () => {
      const moved = { mode: 'manual', from: '2019-08-01T00:00:00.000Z', now: '2019-10-01T09:00:00.000Z', performed: 2 };
      const { fetch, calls } = stubFetch({ body: moved }, { body: moved });
      expect((await cli(['clock', 'set', '2019-10-01T09:00:00Z'], fetch)).stdout).toBe('Clock moved from 2019-08-01T00:00:00.000Z to 2019-10-01T09:00:00.000Z; 2 due item(s) performed.\n');
      expect((await cli(['clock', 'advance', 'P3D'], fetch)).code).toBe(0);
      expect(calls.map((c) => c.body)).toEqual([{ to: '2019-10-01T09:00:00Z' }, { advance: 'P3D' }]);
    });

    it.each([
      [['clock', 'advance', '3D'], /must be an ISO-8601 duration/],
      [['clock', 'advance', 'P'], /must be an ISO-8601 duration/],
      [['clock', 'set', 'next tuesday'], /must be an ISO-8601 date or time/],
    ])('refuses %j before calling the API', async (argv, message) => {
      const { fetch, calls } = stubFetch();
      const { code, stderr } = await cli(argv, fetch);
      expect(code).not.toBe(0);
      expect(stderr).toMatch(message);
      expect(calls).toHaveLength(0);
    });
  });

  it('creates a key for a known role only, and shows the key once', async () => {
    const { fetch, calls } = stubFetch({ status: 201, body: { id: 'k1', name: 'minsk-desk', role: 'coordinator', key: 'secret-value' } });
    const refused = await cli(['keys', 'create', 'minsk-desk', 'superuser'], fetch);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Allowed choices are admin, coordinator, viewer, checkin');
    const created = await cli(['keys', 'create', 'minsk-desk', 'coordinator'], fetch);
    expect(created.code).toBe(0);
    expect(calls).toHaveLength(1);
    expect(calls[0].body).toEqual({ name: 'minsk-desk', role: 'coordinator' });
    expect(created.stdout).toMatch(/│ Key +│ secret-value │/);
    expect(created.stdout).toContain('shown only this once');
  });

  it('lists the keys without the keys themselves, following the cursor', async () => {
    const { fetch, calls } = stubFetch(
      { body: { items: [{ id: 'k1', name: 'minsk-desk', role: 'coordinator', createdAt: '2019-08-01T00:00:00.000Z', revokedAt: null }], nextCursor: 'n1' } },
      { body: { items: [{ id: 'k2', name: 'old-desk', role: 'checkin', createdAt: '2019-08-02T00:00:00.000Z', revokedAt: '2019-08-03T00:00:00.000Z' }], nextCursor: null } },
    );
    const { code, stdout } = await cli(['keys', 'list'], fetch);
    expect(code).toBe(0);
    expect(calls.map((c) => c.url)).toEqual(['http://convene.test/api/keys?limit=500', 'http://convene.test/api/keys?limit=500&cursor=n1']);
    expect(stdout).toMatch(/│ k1 +│ minsk-desk +│ coordinator +│ 2019-08-01T00:00:00.000Z +│ - +│/);
    expect(stdout).toMatch(/│ k2 +│ old-desk +│ checkin +│ 2019-08-02T00:00:00.000Z +│ 2019-08-03T00:00:00.000Z +│/);
  });

  it('revokes a key by id, or by name after looking it up', async () => {
    const id = '6f1c2a8e-3b4d-4c5e-9f60-7a8b9c0d1e2f';
    const revoked = { id, name: 'minsk-desk', role: 'coordinator', createdAt: '2019-08-01T00:00:00.000Z', revokedAt: '2019-08-05T00:00:00.000Z' };
    const byId = stubFetch({ body: revoked });
    const first = await cli(['keys', 'revoke', id], byId.fetch);
    expect(first.code).toBe(0);
    expect(byId.calls.map((c) => [c.method, c.url])).toEqual([['DELETE', `http://convene.test/api/keys/${id}`]]);
    expect(first.stdout).toBe(`Revoked the coordinator key "minsk-desk" (${id}) at 2019-08-05T00:00:00.000Z.\n`);

    const byName = stubFetch({ body: { items: [{ ...revoked, revokedAt: null }], nextCursor: null } }, { body: revoked });
    expect((await cli(['keys', 'revoke', 'minsk-desk'], byName.fetch)).code).toBe(0);
    expect(byName.calls.map((c) => [c.method, c.url])).toEqual([['GET', 'http://convene.test/api/keys?limit=500'], ['DELETE', `http://convene.test/api/keys/${id}`]]);

    const unknown = stubFetch({ body: { items: [], nextCursor: null } });
    const missing = await cli(['keys', 'revoke', 'nobody'], unknown.fetch);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No API key is named "nobody"');
  });

  it('reports health per component and exits non-zero when a dependency is down', async () => {
    const { fetch } = stubFetch({ status: 503, body: { status: 'error', details: { postgres: { status: 'up' }, redis: { status: 'down', message: 'connect ECONNREFUSED' } } } });
    const { code, stdout, stderr } = await cli(['health'], fetch);
    expect(code).toBe(1);
    expect(stdout).toMatch(/│ redis +│ down +│ connect ECONNREFUSED │/);
    expect(stderr).toBe('The service is not healthy (503): redis down.\n');
  });

  it('prints usage and exits non-zero without a command, and refuses an unknown one', async () => {
    const { fetch } = stubFetch();
    const bare = await cli([], fetch);
    expect(bare.code).toBe(1);
    expect(bare.stdout).toContain('Usage: convene');
    const unknown = await cli(['seris', 'list'], fetch);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("unknown command 'seris'");
  });
});
