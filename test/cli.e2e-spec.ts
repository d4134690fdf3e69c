import { run } from '../src/cli/convene';
import { MODEL_REGIONALS, MODEL_SUMMIT, replay } from './support/fixtures';
import { ADMIN_KEY, ApiClient, TestEnvironment, createTestEnvironment } from './support/test-app';

/** The operators' command line, run in-process against a real service. */
describe('convene command line against the service', () => {
  let env: TestEnvironment;
  let api: ApiClient;

  const convene = async (argv: string[], key: string | undefined = ADMIN_KEY) => {
    let stdout = '';
    let stderr = '';
    const code = await run(argv, { CONVENE_URL: api.baseUrl, CONVENE_API_KEY: key }, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
  };

  const summitOptions = [
    ['--summit-title', MODEL_SUMMIT.title],
    ['--summit-city', MODEL_SUMMIT.city],
    ['--summit-country', MODEL_SUMMIT.country],
    ['--summit-starts-on', MODEL_SUMMIT.startsOn],
    ['--summit-ends-on', MODEL_SUMMIT.endsOn],
    ['--summit-timezone', MODEL_SUMMIT.timezone],
    ['--summit-capacity', String(MODEL_SUMMIT.capacity)],
  ].flat();

  beforeAll(async () => {
    env = await createTestEnvironment();
    ({ api } = await env.startHttp());
    await api.post('/api/admin/clock', { to: replay('2019-08-01T00:00:00Z') });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('reports the service healthy', async () => {
    const { code, stdout } = await convene(['health'], undefined);
    expect(code).toBe(0);
    expect(stdout).toMatch(/│ postgres +│ up/);
    expect(stdout).toMatch(/│ redis +│ up/);
  });

  it('creates a series, lists it and shows it with its summit and readiness', async () => {
    const created = await convene(['--json', 'series', 'create', '--name', 'Operators series', ...summitOptions]);
    expect(created.code).toBe(0);
    const series = JSON.parse(created.stdout);
    expect(series.summit).toMatchObject({ city: 'New York', state: 'planning', capacity: 1500 });

    const { body: minsk } = await api.post(`/api/series/${series.id}/conferences`, MODEL_REGIONALS[0]);
    const listed = await convene(['series', 'list', '--json']);
    expect(JSON.parse(listed.stdout).map((s: { id: string }) => s.id)).toContain(series.id);

    const shown = await convene(['series', 'show', series.id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Series Operators series');
    expect(shown.stdout).toMatch(new RegExp(`│ ${minsk.id} │ regional +│ Minsk +│ BY +│ planning +│ ${MODEL_REGIONALS[0].startsOn} to ${MODEL_REGIONALS[0].endsOn}`));
    expect(shown.stdout).toContain('Summit readiness: not ready: 1 regional report(s) missing (Minsk)');
  });

  it("changes a series' secretariat one part at a time, and removes it", async () => {
    const { body: series } = await api.post('/api/series', { name: 'Secretariat series', secretariat: { name: 'Desk', email: 'desk@example.org', phone: '+1 212 963 1234' }, summit: MODEL_SUMMIT });
    const update = (...argv: string[]) => convene(['--json', 'series', 'update', series.id, ...argv]);

    // One part given, the others kept: the API takes the whole contact, the command fills in the rest.
    const emailOnly = await update('--secretariat-email', 'summit-desk@example.org');
    expect(emailOnly.code).toBe(0);
    expect(JSON.parse(emailOnly.stdout).secretariat).toEqual({ name: 'Desk', email: 'summit-desk@example.org', phone: '+1 212 963 1234' });
    const noPhone = await update('--secretariat-phone', '');
    expect(JSON.parse(noPhone.stdout).secretariat).toEqual({ name: 'Desk', email: 'summit-desk@example.org', phone: null });

    const both = await update('--no-secretariat', '--secretariat-name', 'Other');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--no-secretariat removes the secretariat');
    const removed = await convene(['series', 'update', series.id, '--no-secretariat']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('Secretariat: none (invitees write to SECRETARIAT_EMAIL)');
    const nameOnly = await update('--secretariat-name', 'Desk');
    expect(nameOnly.code).toBe(1);
    expect(nameOnly.stderr).toContain('give --secretariat-email');
    expect((await api.get(`/api/series/${series.id}`)).body.secretariat).toBeNull();

    const viewer = JSON.parse((await convene(['--json', 'keys', 'create', 'series-viewer', 'viewer'])).stdout).key;
    const refused = await convene(['series', 'update', series.id, '--name', 'By a viewer'], viewer);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The API refused (403)');
  });

  it('sets a conference\'s texts in its working languages one field at a time, and shows them', async () => {
    const { body: series } = await api.post('/api/series', { name: 'Texts series', summit: MODEL_SUMMIT });
    const { body: minsk } = await api.post(`/api/series/${series.id}/conferences`, { ...MODEL_REGIONALS[0], languages: ['en', 'ru'] });
    const texts = async (...argv: string[]) => convene(['--json', 'conference', 'update', minsk.id, ...argv]);

    const first = await texts('--text', 'ru.title=Региональная конференция — Минск', '--text', 'ru.city=Минск');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).translations).toEqual({ ru: { title: 'Региональная конференция — Минск', city: 'Минск' } });
    // Each update changes the fields it names and keeps the others; an empty text removes one.
    const second = await texts('--text', 'ru.venue=Дворец Независимости', '--text', 'ru.city=');
    expect(JSON.parse(second.stdout).translations).toEqual({ ru: { title: 'Региональная конференция — Минск', venue: 'Дворец Независимости' } });
    const shown = await convene(['conference', 'show', minsk.id]);
    expect(shown.stdout).toContain('Региональная конференция — Минск · Дворец Независимости');

    const foreign = await texts('--text', 'fr.title=Conférence régionale — Minsk');
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain('translations.fr is not a working language');
    const malformed = await texts('--text', 'ru.subtitle=x');
    expect(malformed.code).not.toBe(0);
    expect(malformed.stderr).toContain('must be <language>.<title|city|venue>=<text>');
    expect((await api.get(`/api/conferences/${minsk.id}`)).body.translations.ru.venue).toBe('Дворец Независимости');
  });

  it('commands transitions, shows the refusal with its guards, and lists the history', async () => {
    const { body: series } = await api.post('/api/series', { name: 'Transitions', summit: MODEL_SUMMIT });
    const { body: minsk } = await api.post(`/api/series/${series.id}/conferences`, MODEL_REGIONALS[0]);

    const moved = await convene(['conference', 'transition', minsk.id, 'inviting']);
    expect(moved).toMatchObject({ code: 0, stdout: `${minsk.title}: now inviting.\n` });

    const refused = await convene(['conference', 'transition', series.summit.id, 'inviting']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The API refused (409): planning -> inviting is blocked');
    expect(refused.stderr).toContain('  - rsvp_deadline_set: Set the RSVP deadline (rsvpDeadline).');

    const reasonless = await convene(['conference', 'transition', minsk.id, 'postponed']);
    expect(reasonless.code).toBe(1);
    expect(reasonless.stderr).toContain('needs a reason');
    expect((await convene(['conference', 'transition', minsk.id, 'postponed', '--reason', 'Venue unavailable'])).code).toBe(0);

    const history = await convene(['conference', 'events', minsk.id]);
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/│ planning -> inviting +│ admin +│ - +│/);
    expect(history.stdout).toMatch(/│ inviting -> postponed +│ admin +│ Venue unavailable │/);

    const shown = await convene(['--json', 'conference', 'show', minsk.id]);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: minsk.id, state: 'postponed' });

    const malformed = await convene(['conference', 'show', 'not-an-id']);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/The API refused \(400\): .*id must be a UUID/);
  });

  it('moves the manual clock, which performs what became due, and never backwards', async () => {
    const { body: series } = await api.post('/api/series', { name: 'Clock', summit: MODEL_SUMMIT });
    const { body: minsk } = await api.post(`/api/series/${series.id}/conferences`, MODEL_REGIONALS[0]);
    await api.post(`/api/conferences/${minsk.id}/transitions`, { to: 'inviting' });

    const set = await convene(['clock', 'set', replay('2019-09-15T20:00:00Z')]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(`to ${replay('2019-09-15T20:00:00.000Z')}`);
    const advanced = await convene(['--json', 'clock', 'advance', 'PT1H']);
    // The deadline passing is one of the items performed; reminders may add their own.
    expect(JSON.parse(advanced.stdout)).toMatchObject({ now: replay('2019-09-15T21:00:00.000Z'), performed: expect.any(Number) });
    expect(JSON.parse(advanced.stdout).performed).toBeGreaterThanOrEqual(1);
    expect((await api.get(`/api/conferences/${minsk.id}`)).body.state).toBe('registration_closed');

    expect((await convene(['clock', 'show'])).stdout).toBe(`${replay('2019-09-15T21:00:00.000Z')} (manual clock)\n`);
    const backwards = await convene(['clock', 'set', replay('2019-09-01T00:00:00Z')]);
    expect(backwards.code).toBe(1);
    expect(backwards.stderr).toContain('never moves backwards');
  });

  it('creates a key whose role the API then enforces', async () => {
    const created = await convene(['--json', 'keys', 'create', 'minsk-desk', 'viewer']);
    expect(created.code).toBe(0);
    const { key, role } = JSON.parse(created.stdout);
    expect(role).toBe('viewer');

    expect((await convene(['series', 'list'], key)).code).toBe(0);
    const write = await convene(['keys', 'create', 'other', 'admin'], key);
    expect(write.code).toBe(1);
    expect(write.stderr).toContain('The API refused (403)');
    expect(write.stderr).toContain('your key "minsk-desk" is viewer');

    const unknown = await convene(['series', 'list'], 'not-a-key-of-this-deployment');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('This API key is unknown or revoked.');
  });

  it('lists the keys and revokes one by name, after which the API refuses it', async () => {
    const created = JSON.parse((await convene(['--json', 'keys', 'create', 'door-desk', 'checkin'])).stdout);
    const listed = await convene(['keys', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/│ door-desk +│ checkin +│/);
    expect(listed.stdout).not.toContain(created.key);
    const revoked = await convene(['keys', 'revoke', 'door-desk']);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked the checkin key "door-desk" (${created.id})`);
    expect((await api.as(created.key).get('/api/pipeline')).status).toBe(401);
    const listedJson = JSON.parse((await convene(['--json', 'keys', 'list'])).stdout);
    expect(listedJson.find((k: any) => k.id === created.id).revokedAt).toEqual(expect.any(String));
    const unknown = await convene(['keys', 'revoke', '00000000-0000-4000-8000-000000000000']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No API key with id 00000000-0000-4000-8000-000000000000.');
  });

  it('exits non-zero when the service cannot be reached', async () => {
    let stderr = '';
    const code = await run(['series', 'list'], { CONVENE_URL: 'http://127.0.0.1:9', CONVENE_API_KEY: ADMIN_KEY }, { stdout: () => undefined, stderr: (t) => (stderr += t) });
    expect(code).toBe(1);
    expect(stderr).toContain('Cannot reach Convene at http://127.0.0.1:9');
  });
});
