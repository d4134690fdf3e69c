import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { chromium } from 'playwright-core';
import { InvitationTokens } from '../src/modules/invitations/invitation-tokens';
import { createModelSeries } from './support/fixtures';
import { ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

/** Inputs an attacker sends, each once answered 500: now each a 4xx naming what is wrong. */
describe('hostile input: a clear 4xx, never a 500', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let publicApi: ApiClient;
  let db: Client;
  let tokens: InvitationTokens;
  let series: any;
  let minsk: any;
  let token: string;

  const raw = (path: string, init: RequestInit = {}) => fetch(`${api.baseUrl}${path}`, init);
  const cursorOf = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');

  beforeAll(async () => {
    env = await createTestEnvironment({ RSVP_RATE_LIMIT: '0' });
    ({ api } = await env.startHttp());
    publicApi = api.as(null);
    tokens = new InvitationTokens(env.config());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    const model = await createModelSeries(api);
    series = model.series;
    minsk = model.regionals.find((c: any) => c.city === 'Minsk');
    const contact = await api.post('/api/contacts', { email: 'mission.belarus@example.org', fullName: 'Ivan Petrov', stakeholderType: 'member_state', country: 'BY' });
    expect(contact.status).toBe(201);
    const wave = await api.post(`/api/conferences/${minsk.id}/waves`, { name: 'Belarus', audience: { contactIds: [contact.body.id] } });
    await api.post(`/api/waves/${wave.body.id}/dispatch`);
    await waitFor(async () => ['completed', 'completed_with_failures'].includes((await api.get(`/api/waves/${wave.body.id}`)).body.state), 'the wave to be sent', 30000);
    const { rows } = await db.query(`SELECT id FROM invitations WHERE wave_id = $1`, [wave.body.id]);
    token = tokens.tokenFor(rows[0].id);
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
  });

  it('refuses JSON nested 100,000 deep with 400 naming the field', async () => {
    const deep = `{"title":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    for (const path of [`/api/conferences/${minsk.id}`, '/api/contacts/import']) {
      const answer = await api.request(path.endsWith('import') ? 'POST' : 'PATCH', path, path.endsWith('import') ? `[${deep}]` : deep, { 'content-type': 'application/json' });
      expect(answer.status).toBe(400);
      expect(answer.body.message).toMatch(/nested more than 32 levels deep/);
    }
    const rsvp = await publicApi.request('POST', `/rsvp/${token}`, `{"response":"accept","delegates":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, { 'content-type': 'application/json' });
    expect(rsvp.status).toBe(400);
    expect(rsvp.body.message).toMatch(/^delegates[.0]*: is nested/);
  });

  it('refuses a lone surrogate in an e-mail and in RSVP text, naming the field', async () => {
    const contact = await api.post('/api/contacts', { email: 'a\ud800@example.org', fullName: 'Lone', stakeholderType: 'academia' });
    expect(contact.status).toBe(400);
    expect(contact.body.message).toMatch(/^email: must be valid Unicode text/);
    const answer = await publicApi.post(`/rsvp/${token}`, { response: 'accept', accessibilityNeeds: 'ramp \udfff' });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/^accessibilityNeeds: must be valid Unicode text/);
    const delegate = await publicApi.post(`/rsvp/${token}`, { response: 'accept', delegates: [{ fullName: 'Olga \ud83d', email: 'o@example.org' }] });
    expect(delegate.status).toBe(400);
    expect(delegate.body.message).toMatch(/^delegates\.0\.fullName: must be valid Unicode text/);
    // A well-formed pair (an emoji) is text like any other.
    const emoji = await publicApi.post(`/rsvp/${token}`, { response: 'decline', accessibilityNeeds: 'none 😀' });
    expect(emoji.status).toBe(200);
  });

  it('refuses null for a required field on create and on PATCH', async () => {
    for (const field of ['rsvpDeadline', 'delegationQuota', 'title']) {
      const patched = await api.patch(`/api/conferences/${minsk.id}`, { [field]: null });
      expect(patched.status).toBe(400);
      expect(patched.body.message).toBe(`${field}: may not be null; give a value, or leave the field out`);
      const created = await api.post(`/api/series/${series.id}/conferences`, { title: 'New', [field]: null });
      expect(created.status).toBe(400);
      expect(created.body.message).toMatch(new RegExp(`^${field}: `));
    }
    expect((await api.get(`/api/conferences/${minsk.id}`)).body.title).toBe(minsk.title);
  });

  it('refuses crafted list cursors with 400', async () => {
    const crafted = [
      cursorOf(['2026-01-01T00:00:00.000Z', 'not-a-uuid']),
      cursorOf(['not a date', '00000000-0000-4000-8000-000000000000']),
      cursorOf(['2026-01-01T00:00:00.000Z\u0000', '00000000-0000-4000-8000-000000000000']),
      cursorOf(['x\u0000', '00000000-0000-4000-8000-000000000000']),
      cursorOf(['x', '1\u0000']),
      cursorOf(['abc', 'abc']),
      cursorOf([1, 2]),
      cursorOf({}),
      'not base64 at all!',
    ];
    const lists = [
      '/api/series',
      '/api/contacts',
      `/api/conferences/${minsk.id}/events`,
      `/api/conferences/${minsk.id}/waves`,
      `/api/conferences/${minsk.id}/invitations`,
      `/api/conferences/${minsk.id}/participants`,
      `/api/conferences/${minsk.id}/waitlist`,
      `/api/conferences/${minsk.id}/credentials`,
      `/api/conferences/${minsk.id}/reminders`,
    ];
    // Lists whose position is not a time (by name, by rank, by id alone) take any text there.
    const notTimed = new Set(['/api/contacts', `/api/conferences/${minsk.id}/participants`]);
    for (const list of lists) {
      for (const cursor of crafted) {
        const answer = await api.get(`${list}?cursor=${encodeURIComponent(cursor)}`);
        const expected = cursor === crafted[1] && notTimed.has(list) ? 200 : 400;
        expect({ list, cursor, status: answer.status }).toEqual({ list, cursor, status: expected });
        if (expected === 400) expect(answer.body.message).toMatch(/cursor/);
      }
    }
  });

  it('answers odd RSVP form posts with the page and a 4xx, never a 500', async () => {
    const forms = [
      'response=accept&delegates[0][__proto__]=x&delegates[0][fullName]=A&delegates[0][email]=a@example.org',
      '__proto__=x&response=decline',
      'response=accept&delegates[0][constructor]=x&delegates[0][fullName]=A&delegates[0][email]=a@example.org',
      'response=accept&response=decline&delegates[999][fullName]=A',
      'constructor=x&response=decline',
      '%ff%fe=1&response=%ed%a0%80',
      'response=accept&accessibilityNeeds=%00',
      `response=accept&delegates[0][fullName]=${'x'.repeat(5000)}`,
    ];
    for (const form of forms) {
      const answer = await publicApi.request('POST', `/rsvp/${token}`, form, { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' });
      expect({ form, status: answer.status }).toEqual({ form, status: expect.any(Number) });
      expect({ form, fourHundred: answer.status >= 400 && answer.status < 500 }).toEqual({ form, fourHundred: true });
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('refuses ?waveId=not-a-uuid with 400 naming it', async () => {
    const answer = await api.get(`/api/conferences/${minsk.id}/invitations?waveId=not-a-uuid`);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/^waveId: /);
  });

  it('refuses multipart without a boundary, or cut short, with 400; and a wrong content type with 415', async () => {
    const headers = { accept: 'application/json' };
    const noBoundary = await raw(`/rsvp/${token}/credentials`, { method: 'POST', headers: { ...headers, 'content-type': 'multipart/form-data' }, body: '--x\r\n' });
    expect(noBoundary.status).toBe(400);
    expect(((await noBoundary.json()) as any).message).toMatch(/^file: /);
    const truncated = await raw(`/rsvp/${token}/credentials`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="note.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 and then noth',
    });
    expect(truncated.status).toBe(400);
    expect(((await truncated.json()) as any).message).toMatch(/^file: /);
    const notMultipart = await raw(`/rsvp/${token}/credentials`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
    expect(notMultipart.status).toBe(415);
  });

  it('strips bidi controls from an uploaded file name shown to the secretariat', async () => {
    const body = new FormData();
    body.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'note\u202Efdp.exe\u2066\u200F.pdf');
    const stored = await raw(`/rsvp/${token}/credentials`, { method: 'POST', body, headers: { accept: 'application/json' } });
    expect(stored.status).toBe(201);
    expect(((await stored.json()) as any).filename).toBe('notefdp.exe.pdf');
    const listed = await api.get(`/api/conferences/${minsk.id}/credentials`);
    expect(listed.body.items.map((c: any) => c.filename)).toEqual(['notefdp.exe.pdf']);
  });

  it('refuses a clock move past the year 9999, and a `to` without an offset', async () => {
    const before = (await api.get('/api/admin/clock')).body.now;
    const far = await api.post('/api/admin/clock', { advance: 'P1000000Y' });
    expect(far.status).toBe(400);
    expect(far.body.message).toMatch(/^advance would move the clock past the year 9999/);
    for (const to of ['2099-01-01T00:00:00', '2099-01-01', '+275760-09-13T00:00:00Z', '2099-01-01T00:00:00+99:99']) {
      const answer = await api.post('/api/admin/clock', { to });
      expect({ to, status: answer.status }).toEqual({ to, status: 400 });
      expect(answer.body.message).toMatch(/^to: /);
    }
    expect((await api.get('/api/admin/clock')).body.now).toBe(before);
  });

  it('refuses impossible offsets and years 0000 or below in dates', async () => {
    for (const rsvpDeadline of ['2099-01-01T00:00:00+99:99', '2099-01-01T00:00:00+24:00', '2099-01-01T00:00:00+05:60', '0000-01-01', '0000-01-01T00:00:00Z', '-0001-01-01']) {
      const answer = await api.patch(`/api/conferences/${minsk.id}`, { rsvpDeadline });
      expect({ rsvpDeadline, status: answer.status }).toEqual({ rsvpDeadline, status: 400 });
      expect(answer.body.message).toMatch(/^rsvpDeadline: /);
    }
    const startsOn = await api.patch(`/api/conferences/${minsk.id}`, { startsOn: '0000-12-31' });
    expect(startsOn.status).toBe(400);
    const sendAt = await api.post(`/api/conferences/${minsk.id}/waves`, { name: 'x', audience: { countries: ['BY'] }, sendAt: '2099-01-01T09:00:00' });
    expect(sendAt.status).toBe(400);
    expect(sendAt.body.message).toMatch(/^sendAt: /);
    expect((await api.patch(`/api/conferences/${minsk.id}`, { rsvpDeadline: `${minsk.rsvpDeadline.slice(0, 10)}T12:00:00+14:00` })).status).toBe(200);
  });

  it('refuses fields named like built-in object members, like any unknown field', async () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) {
      const body = `{"email":"x@example.org","fullName":"X","stakeholderType":"academia","${name}":"y"}`;
      const contact = await api.request('POST', '/api/contacts', body, { 'content-type': 'application/json' });
      expect({ name, status: contact.status, message: contact.body.message }).toEqual({ name, status: 400, message: `${name}: unknown field; remove it` });
      const rsvp = await publicApi.request('POST', `/rsvp/${token}`, `{"response":"decline","${name}":"y"}`, { 'content-type': 'application/json' });
      expect(rsvp.status).toBe(400);
      const imported = await api.request('POST', '/api/contacts/import', `[${body}]`, { 'content-type': 'application/json' });
      expect(imported.status).toBe(200);
      expect(imported.body).toMatchObject({ created: 0, rejected: [{ row: 1, errors: [`${name}: unknown field; remove it`] }] });
    }
    const proto = await api.request('POST', '/api/contacts', '{"email":"x@example.org","__proto__":{"admin":true}}', { 'content-type': 'application/json' });
    expect(proto.status).toBe(400);
  });

  it('rejects only the CSV row holding a NUL character, importing the others', async () => {
    const csv = 'email,fullName,stakeholderType\r\nfirst@example.org,First Person,academia\r\nnul@example.org,Nul\u0000Person,academia\r\nthird@example.org,Third Person,academia\r\n';
    const imported = await api.request('POST', '/api/contacts/import', csv, { 'content-type': 'text/csv' });
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({ created: 2, updated: 0, rejected: [{ row: 2, errors: ['fullName: may not contain the NUL character (\\u0000)'] }] });
    const json = await api.post('/api/contacts/import', [{ email: 'lone@example.org', fullName: 'Lone \ud800', stakeholderType: 'academia' }, { email: 'fine@example.org', fullName: 'Fine', stakeholderType: 'academia' }]);
    expect(json.body).toMatchObject({ created: 1, rejected: [{ row: 1, errors: [expect.stringMatching(/^fullName: must be valid Unicode text/)] }] });
  });

  it('answers an overlong token, however the path is spelled, with the same 404 as any unknown link', async () => {
    const unknown = tokens.tokenFor('00000000-0000-4000-8000-000000000000');
    const page = await publicApi.get(`/rsvp/${unknown}`, { accept: 'text/html' });
    const json = await publicApi.get(`/rsvp/${unknown}`, { accept: 'application/json' });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    for (const length of [200, 2049, 5000]) {
      for (const prefix of ['/rsvp/', '/%72svp/', '/%72%73%76%70/']) {
        const overlong = 'z'.repeat(length);
        const html = await publicApi.get(`${prefix}${overlong}`, { accept: 'text/html' });
        expect({ prefix, length, status: html.status, type: html.headers.get('content-type') }).toEqual({ prefix, length, status: 404, type: page.headers.get('content-type') });
        expect(html.text).toBe(page.text);
        expect(html.headers.get('cache-control')).toBe('no-store');
        expect(html.headers.get('content-security-policy')).toBe(page.headers.get('content-security-policy'));
        const asJson = await publicApi.get(`${prefix}${overlong}`, { accept: 'application/json' });
        expect({ status: asJson.status, body: asJson.body }).toEqual({ status: 404, body: json.body });
        const posted = await publicApi.post(`${prefix}${overlong}`, { response: 'accept' });
        expect({ status: posted.status, body: posted.body }).toEqual({ status: 404, body: json.body });
      }
    }
  });

  it('serves /docs with a content security policy, no framing and no sniffing, whatever the spelling', async () => {
    for (const path of ['/docs', '/%64ocs', '/docs/openapi.json', '/docs/swagger-ui-init.js']) {
      const answer = await publicApi.get(path);
      expect({ path, status: answer.status }).toEqual({ path, status: 200 });
      expect(answer.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('still shows the Swagger UI in a browser under that policy, with nothing refused', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'convene-docs-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await page.goto(`${api.baseUrl}/docs`);
      await page.waitForSelector('.opblock-tag', { timeout: 20000 });
      expect(await page.locator('.opblock-tag').count()).toBeGreaterThan(5);
      expect(await page.locator('.info .title').innerText()).toMatch(/Convene/);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
