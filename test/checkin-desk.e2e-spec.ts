import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BrowserContext, Page, chromium } from 'playwright-core';
import { InvitationTokens } from '../src/modules/invitations/invitation-tokens';
import { BadgeCodes } from '../src/modules/accreditation/badge-codes';
import { allTasksDone, badgesIssued, inviteAll, uploadCredential } from './support/delegations';
import { createModelSeries } from './support/fixtures';
import { ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

/** Debian's Chromium: Playwright's own browser download is not available where the tests run. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('check-in desk page in a real browser, phone-sized', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let db: Client;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;
  let code: string;
  let doorKey: string;
  const pageErrors: string[] = [];

  const result = async () => ((await page.locator('#result').textContent()) ?? '').trim();

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`The browser tests need Debian's Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it).`);
    env = await createTestEnvironment({ RSVP_RATE_LIMIT: '0' });
    ({ api } = await env.startHttp());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    const tokens = new InvitationTokens(env.config());
    const model = await createModelSeries(api);
    const vienna = model.regionals.find((c: any) => c.city === 'Vienna');
    const invitations = await inviteAll(api, db, vienna.id, [
      { email: 'osce@example.org', fullName: 'Jane Smith', stakeholderType: 'regional_org', country: 'AT', language: 'en', organisation: 'OSCE' },
    ]);
    expect((await api.as(null).post(`/rsvp/${tokens.tokenFor(invitations['osce@example.org'])}`, { response: 'accept' })).status).toBe(200);
    await badgesIssued(api, vienna.id, 1);
    await allTasksDone(api, vienna.id);
    const document = await uploadCredential(api.baseUrl, tokens, invitations['osce@example.org']);
    await api.patch(`/api/credentials/${document.id}`, { status: 'verified' });
    await api.post(`/api/conferences/${vienna.id}/transitions`, { to: 'registration_closed' });
    expect((await api.post(`/api/conferences/${vienna.id}/transitions`, { to: 'ready' })).status).toBe(200);
    const { rows } = await db.query(`SELECT badge_id FROM logistics_badges`);
    code = new BadgeCodes(env.config()).codeFor(rows[0].badge_id);
    doorKey = (await api.post('/api/keys', { name: 'Door A', role: 'checkin' })).body.key;

    profile = mkdtempSync(join(tmpdir(), 'convene-chromium-'));
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(10000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await db?.end();
    await env?.teardown();
  });

  it('refuses a viewer key and signs a door key in with a session cookie, never the key', async () => {
    const viewer = (await api.post('/api/keys', { name: 'Watcher', role: 'viewer' })).body.key;
    await page.goto(`${api.baseUrl}/checkin`);
    await page.getByLabel(/API key/).fill(viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('A viewer key may not check participants in').waitFor();

    await page.getByLabel(/API key/).fill(doorKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as Door A').waitFor();
    const cookies = await browser.cookies();
    expect(cookies.find((c) => c.name === 'convene_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(JSON.stringify(cookies)).not.toContain(doorKey);
  });

  it('welcomes a scanned badge, then says when it was already used, and counts attended of expected', async () => {
    await page.getByText('Countering terrorism with new technologies — Vienna: 0 of 1 checked in').waitFor();
    // A USB scanner types the code and presses Enter.
    await page.locator('#code').pressSequentially(code, { delay: 0 });
    await page.keyboard.press('Enter');
    await waitFor(async () => (await result()).startsWith('Welcome, Jane Smith'), 'the welcome');
    expect(await result()).toContain('OSCE');
    expect(await page.locator('#result').getAttribute('class')).toContain('welcome');
    await page.getByText('Countering terrorism with new technologies — Vienna: 1 of 1 checked in').waitFor();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('code');

    await page.locator('#code').fill(code);
    await page.keyboard.press('Enter');
    await waitFor(async () => (await result()).startsWith('Already checked in at'), 'the second scan refused');
    expect(await page.locator('#result').getAttribute('class')).toContain('refused');

    await page.locator('#code').fill(`${code.slice(0, -3)}xyz`);
    await page.keyboard.press('Enter');
    await waitFor(async () => (await result()).startsWith('Badge not valid'), 'a forged code refused');
    const { rows } = await db.query(`SELECT actor FROM logistics_check_ins`);
    expect(rows).toEqual([{ actor: 'Door A' }]);
  });

  it('fits a phone screen and has no serious or critical accessibility violations', async () => {
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(axe);
    const results = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as { violations: Array<{ id: string; impact: string; help: string }> };
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('ends the session at sign-out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect((await db.query(`SELECT count(*)::int AS n FROM browser_sessions`)).rows[0].n).toBe(0);
  });
});
