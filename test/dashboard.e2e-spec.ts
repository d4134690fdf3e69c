import { Injectable, OnModuleInit } from '@nestjs/common';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, Page, chromium } from 'playwright-core';
import { FunnelCounts, PipelineContributions } from '../src/modules/pipeline/pipeline-contributions';
import { createModelSeries, replay } from './support/fixtures';
import { ADMIN_KEY, ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

/** Debian's Chromium: Playwright's own browser download is not available where the tests run. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTEFACTS = join(__dirname, '..', 'test-artifacts');

/** Funnel counts the test sets and changes at will, as the invitations module's aggregates would move. */
@Injectable()
class FixtureFunnel implements OnModuleInit {
  static counts = new Map<string, Partial<FunnelCounts>>();

  constructor(private readonly contributions: PipelineContributions) {}

  onModuleInit(): void {
    this.contributions.registerFunnel({
      name: 'fixture-funnel',
      countsFor: async (ids) => new Map(ids.filter((id) => FixtureFunnel.counts.has(id)).map((id) => [id, FixtureFunnel.counts.get(id)!])),
    });
  }
}

describe('secretariat dashboard in a real browser', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let model: Awaited<ReturnType<typeof createModelSeries>>;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const card = (id: string) => `article[data-conference-id="${id}"]`;
  const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
  const becomes = (selector: string, expected: string, what: string) => waitFor(async () => (await text(selector)) === expected, `${what} to read "${expected}"`, 20000);
  /** Set once after loading; still there later proves the page never reloaded. */
  const markPage = () => page.evaluate('window.__sameDocument = true');
  const sameDocument = () => page.evaluate('window.__sameDocument === true');

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`The browser tests need Debian's Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it).`);
    env = await createTestEnvironment();
    // The HTTPS case comes through a proxy on this machine, trusted as a deployment would configure it.
    ({ api } = await env.startHttp({ TRUSTED_PROXIES: '127.0.0.1' }, { providers: [FixtureFunnel] }));
    await api.post('/api/admin/clock', { to: replay('2019-08-01T00:00:00Z') });
    model = await createModelSeries(api);
    const [minsk, portOfSpain] = model.regionals;
    FixtureFunnel.counts.set(minsk.id, { invited: 400, sent: 396, failed: 4, accepted: 212, declined: 31, waitlisted: 6, noAnswer: 151 });
    FixtureFunnel.counts.set(portOfSpain.id, { invited: 80, sent: 80, accepted: 9, noAnswer: 71 });

    profile = mkdtempSync(join(tmpdir(), 'convene-chromium-'));
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 1000 }, locale: 'en-GB' });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(10000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Refused answers (a wrong key's 401) are logged by the browser too; they are expected here.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await env?.teardown();
  });

  describe('session', () => {
    const form = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${api.baseUrl}/dashboard/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(body).toString(),
      });
    const sessionOf = (response: Response) => /convene_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];

    it('keeps a session id (never the key) in an HttpOnly, SameSite=Strict cookie, Secure when served over HTTPS', async () => {
      const plain = await form({ key: ADMIN_KEY });
      expect(plain.status).toBe(303);
      expect(plain.headers.get('location')).toBe('/dashboard');
      const cookie = plain.headers.get('set-cookie')!;
      expect(sessionOf(plain)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(cookie).not.toContain(ADMIN_KEY);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Secure/);

      const proxied = await form({ key: ADMIN_KEY }, { 'x-forwarded-proto': 'https' });
      expect(proxied.headers.get('set-cookie')).toMatch(/; Secure/);
    });

    it('refuses a wrong key, an empty one, and a login posted from another site', async () => {
      const wrong = await form({ key: 'not-a-key-at-all' });
      expect(wrong.status).toBe(401);
      expect(await wrong.text()).toContain('This API key is unknown or revoked.');
      expect(wrong.headers.get('set-cookie')).toBeNull();
      expect((await form({ key: '  ' })).status).toBe(400);
      const foreign = await form({ key: ADMIN_KEY }, { origin: 'https://elsewhere.example' });
      expect(foreign.status).toBe(403);
      expect(foreign.headers.get('set-cookie')).toBeNull();
    });

    it('authenticates API reads by the cookie, and writes only with the dashboard header', async () => {
      const session = sessionOf(await form({ key: ADMIN_KEY }))!;
      const cookie = { cookie: `convene_session=${session}` };
      expect((await api.as(null).get('/api/pipeline', cookie)).status).toBe(200);

      const minsk = model.regionals[0].id;
      const bare = await api.as(null).post(`/api/conferences/${minsk}/transitions`, { to: 'nowhere' }, cookie);
      expect(bare.status).toBe(403);
      expect(bare.body.message).toMatch(/x-requested-with: convene-dashboard/);
      // With the header it reaches validation: the request was authenticated and authorised.
      const marked = await api.as(null).post(`/api/conferences/${minsk}/transitions`, { to: 'nowhere' }, { ...cookie, 'x-requested-with': 'convene-dashboard' });
      expect(marked.status).toBe(400);

      const revoked = await api.as(null).get('/api/pipeline', { cookie: 'convene_session=cvn_unknown' });
      expect(revoked.status).toBe(401);
      expect(revoked.body.message).toMatch(/session has ended/);
    });

    it('opens the queue dashboard to sessions, and its actions to admin sessions only', async () => {
      const admin = sessionOf(await form({ key: ADMIN_KEY }))!;
      const { body: viewer } = await api.post('/api/keys', { name: 'dashboard-viewer', role: 'viewer' });
      const viewerSession = sessionOf(await form({ key: viewer.key }))!;
      expect((await api.as(null).get('/admin/queues', { cookie: `convene_session=${admin}` })).status).toBe(200);
      expect((await api.as(null).get('/admin/queues', { cookie: `convene_session=${viewerSession}` })).status).toBe(200);
      const viewerAction = await api.as(null).request('PUT', '/%61dmin/queues/api/queues/clock/pause', undefined, { cookie: `convene_session=${viewerSession}`, origin: api.baseUrl });
      expect(viewerAction.status).toBe(403);
      expect((await api.as(null).get('/admin/queues')).status).toBe(401);
      const foreignWrite = await api.as(null).request('PUT', '/admin/queues/api/queues/clock/pause', undefined, { cookie: `convene_session=${admin}`, origin: 'https://elsewhere.example' });
      expect(foreignWrite.status).toBe(403);
    });

    it('ends the session on logout, on the server as well as in the browser', async () => {
      const session = sessionOf(await form({ key: ADMIN_KEY }))!;
      const response = await fetch(`${api.baseUrl}/dashboard/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: `convene_session=${session}` } });
      expect(response.status).toBe(303);
      expect(response.headers.get('set-cookie')).toMatch(/convene_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/);
      expect((await api.as(null).get('/api/pipeline', { cookie: `convene_session=${session}` })).status).toBe(401);
    });
  });

  describe('in the browser', () => {
    it('asks for the key, and says so when it is wrong', async () => {
      await page.goto(`${api.baseUrl}/dashboard`);
      expect(await text('h1')).toBe('Sign in to the secretariat dashboard');
      await page.getByLabel('API key').fill('cvn_wrong');
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect(await text('[role="alert"]')).toBe('This API key is unknown or revoked.');
      expect(await page.getByLabel('API key').getAttribute('aria-invalid')).toBe('true');
    });

    it('logs in and shows the five regional conferences and the summit with their states and counts', async () => {
      await page.getByLabel('API key').fill(ADMIN_KEY);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${api.baseUrl}/dashboard`);
      await page.locator(card(model.summit.id)).waitFor();

      const cookies = await browser.cookies(api.baseUrl);
      expect(cookies.find((c) => c.name === 'convene_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false });

      const ids = await page.locator('article[data-conference-id]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-conference-id')));
      expect(ids).toEqual([...model.regionals.map((c: any) => c.id), model.summit.id]);
      for (const id of ids) expect(await text(`${card(id!)} [data-role="state"]`)).toBe('Planning');
      expect(await text(`${card(model.summit.id)} .card-kind`)).toMatch(/^Summit · New York/);

      const minsk = card(model.regionals[0].id);
      const cells = await page.locator(`${minsk} td[data-count]`).evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-count'), n.textContent]));
      expect(Object.fromEntries(cells)).toEqual({ invited: '400', sent: '396', failed: '4', accepted: '212', declined: '31', waitlisted: '6', noAnswer: '151', attended: '0' });
      expect(await page.locator(`${minsk} canvas`).getAttribute('aria-label')).toBe(
        '400 invited, 396 sent, 212 accepted, 31 declined, 6 waitlisted, 151 without an answer, 0 attended.',
      );
      expect(await page.evaluate(`document.querySelectorAll('canvas').length === 6 && [...document.querySelectorAll('canvas')].every((c) => Chart.getChart(c))`)).toBe(true);

      // The timeline runs towards the summit, and the summit says what it waits for.
      const timeline = await page.locator('.timeline a').allTextContents();
      expect(timeline).toEqual(['Minsk', 'Port of Spain', 'Budapest', 'Abu Dhabi', 'Vienna', 'Second Counter-Terrorism Week']);
      expect(await text('.summit-readiness')).toBe('The summit waits for 5 regional reports: Minsk, Port of Spain, Budapest, Abu Dhabi and Vienna.');
      expect(await text(`${card(model.summit.id)} [data-role="blockers"]`)).toBe('Set the RSVP deadline.');
      expect(await text(`${minsk} [data-role="milestone"]`)).toBe('Dispatch the first invitation wave: no date set');
      expect(await page.locator('#queues-body tr').count()).toBeGreaterThanOrEqual(2);
      expect(await page.getByRole('link', { name: 'Queue dashboard' }).getAttribute('href')).toBe('/admin/queues');
    });

    it('moves a conference from the page after confirmation, without reloading', async () => {
      await markPage();
      const minsk = card(model.regionals[0].id);
      await page.locator(`${minsk} [data-action="transition:inviting"]`).click();
      const dialog = page.getByRole('dialog');
      expect(await dialog.isVisible()).toBe(true);
      expect(await text('#confirm-title')).toBe('Move Minsk to “Inviting”?');
      expect(await page.evaluate('document.activeElement.id')).toBe('confirm-ok');
      await page.getByRole('button', { name: 'Confirm' }).click();

      await becomes(`${minsk} [data-role="state"]`, 'Inviting', 'Minsk state badge');
      expect(await dialog.isVisible()).toBe(false);
      expect(await text(`${minsk} [data-role="card-status"]`)).toBe('Minsk is now “Inviting”.');
      expect(await text(`${minsk} [data-role="milestone"]`)).toMatch(/^RSVP deadline: 15 Sept \d{4}, 23:59 GMT\+3$/);
      expect(await sameDocument()).toBe(true);
      const history = await api.get(`/api/conferences/${model.regionals[0].id}/events`);
      expect(history.body.items.at(-1)).toMatchObject({ from: 'planning', to: 'inviting', actor: 'admin' });
    });

    it('shows in the dialog what blocks a transition, and gives the focus back on Escape', async () => {
      const opener = page.locator(`${card(model.summit.id)} [data-action="transition:inviting"]`);
      await opener.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Confirm' }).click();
      await becomes('#confirm-error', 'The move is blocked:Set the RSVP deadline.', 'the dialog error');
      expect(await page.getByRole('dialog').isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      expect(await page.getByRole('dialog').isVisible()).toBe(false);
      expect(await opener.evaluate((node) => node === node.ownerDocument.activeElement)).toBe(true);
      expect((await api.get(`/api/conferences/${model.summit.id}`)).body.state).toBe('planning');
    });

    it('needs a reason to postpone', async () => {
      const vienna = card(model.regionals[4].id);
      await page.locator(`${vienna} [data-action="transition:postponed"]`).click();
      expect(await page.evaluate('document.activeElement.id')).toBe('confirm-reason');
      await page.getByRole('button', { name: 'Confirm' }).click();
      expect(await text('#confirm-error')).toBe('A reason is required.');
      await page.getByLabel('Reason').fill('Venue unavailable in March');
      await page.getByRole('button', { name: 'Confirm' }).click();
      await becomes(`${vienna} [data-role="state"]`, 'Postponed', 'Vienna state badge');
      expect(await text(`${vienna} [data-role="position"]`)).toBe('Set aside from the lifecycle: Postponed');
      expect((await api.get(`/api/conferences/${model.regionals[4].id}/events`)).body.items.at(-1).reason).toBe('Venue unavailable in March');
    });

    it('watches the counts move without reloading, and announces them', async () => {
      const budapest = model.regionals[2].id;
      FixtureFunnel.counts.set(budapest, { invited: 120, sent: 118, failed: 2, noAnswer: 120 });
      await becomes(`${card(budapest)} td[data-count="invited"]`, '120', 'Budapest invited count');
      expect(await text(`${card(budapest)} td[data-count="failed"]`)).toBe('2');
      FixtureFunnel.counts.set(budapest, { invited: 120, sent: 120, accepted: 30, noAnswer: 90 });
      await becomes(`${card(budapest)} td[data-count="accepted"]`, '30', 'Budapest accepted count');
      await becomes('#live-announcer', 'Budapest: Sent 118 → 120, Delivery failed 2 → 0, Accepted 0 → 30 and No answer 120 → 90.', 'the live announcement');
      expect(await sameDocument()).toBe(true);
    });

    it('dispatches a wave from the page and watches it go out without reloading', async () => {
      const portOfSpain = model.regionals[1];
      const contacts = [];
      for (const [i, country] of ['TT', 'JM', 'BB'].entries()) {
        const created = await api.post('/api/contacts', { email: `delegate${i}@mission-${country.toLowerCase()}.example`, fullName: `Delegate ${i}`, stakeholderType: 'member_state', country });
        expect(created.status).toBe(201);
        contacts.push(created.body.id);
      }
      const wave = await api.post(`/api/conferences/${portOfSpain.id}/waves`, { name: 'Caribbean member states', audience: { contactIds: contacts } });
      expect(wave.status).toBe(201);
      expect(wave.body).toMatchObject({ state: 'draft', audienceSize: 3 });

      const pos = card(portOfSpain.id);
      await page.locator(`${pos} [data-action="waves"]`).click();
      expect(await page.locator(`${pos} [data-action="waves"]`).getAttribute('aria-expanded')).toBe('true');
      await page.locator(`${pos} [data-action="dispatch:${wave.body.id}"]`).click();
      expect(await text('#confirm-title')).toBe('Dispatch the wave “Caribbean member states”?');
      expect(await text('#confirm-text')).toBe('Invitations go out to 3 contacts. Nobody already invited to this conference is invited twice.');
      await page.getByRole('button', { name: 'Confirm' }).click();

      await becomes(`${pos} [data-role="state"]`, 'Inviting', 'Port of Spain state badge');
      await waitFor(async () => ['completed', 'completed_with_failures'].includes((await api.get(`/api/waves/${wave.body.id}`)).body.state), 'the wave to complete', 20000);
      // The fixture's 80 plus the 3 the invitations module counted.
      await becomes(`${pos} td[data-count="invited"]`, '83', 'Port of Spain invited count');
      expect(await text(`${pos} [data-role="card-status"]`)).toBe('The wave “Caribbean member states” is being dispatched.');
      expect(await sameDocument()).toBe(true);
    });

    it('has no serious or critical accessibility violations, with and without the dialog', async () => {
      const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
      const audit = async () => {
        await page.evaluate(axe);
        const results = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as { violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> };
        return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
      };
      expect(await audit()).toEqual([]);

      mkdirSync(ARTEFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTEFACTS, 'dashboard.png'), fullPage: true });

      await page.locator(`${card(model.regionals[3].id)} [data-action="transition:cancelled"]`).click();
      expect(await audit()).toEqual([]);
      await page.getByRole('button', { name: 'Go back' }).click();

      await page.goto(`${api.baseUrl}/dashboard?lang=fr`);
      await page.locator(card(model.summit.id)).waitFor();
      expect(await audit()).toEqual([]);
    });

    it('speaks French when asked, and remembers it', async () => {
      await page.goto(`${api.baseUrl}/dashboard?lang=fr`);
      await page.locator(card(model.summit.id)).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      expect(await text('h1')).toBe('Où en est chaque conférence');
      expect(await text(`${card(model.regionals[2].id)} [data-role="state"]`)).toBe('Préparation');
      expect(await text(`${card(model.regionals[0].id)} [data-role="state"]`)).toBe('Invitations en cours');
      await page.goto(`${api.baseUrl}/dashboard`);
      expect(await text('h1')).toBe('Où en est chaque conférence');
      await page.goto(`${api.baseUrl}/dashboard?lang=en`);
    });

    it('is usable with the keyboard alone: skip link, then the actions', async () => {
      await page.goto(`${api.baseUrl}/dashboard`);
      await page.locator(card(model.summit.id)).waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to the pipeline');
      await page.keyboard.press('Enter');
      expect(await page.evaluate('document.activeElement.id')).toBe('main');
      let reached = '';
      for (let i = 0; i < 40 && !reached.startsWith('transition:'); i++) {
        await page.keyboard.press('Tab');
        reached = String(await page.evaluate(`document.activeElement.dataset.action || ''`));
      }
      expect(reached).toMatch(/^transition:/);
    });

    it('shows a viewer the figures without actions', async () => {
      const { body: viewer } = await api.post('/api/keys', { name: 'desk-viewer', role: 'viewer' });
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('API key').fill(viewer.key);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator(card(model.summit.id)).waitFor();
      expect(await page.locator('[data-action]').count()).toBe(0);
      expect(await text(`${card(model.summit.id)} .actions .none`)).toBe('Your key can only read; actions need a coordinator or administrator key.');
      // A viewer may look at the queues, never act on them (the board refuses its actions).
      expect(await page.getByRole('link', { name: 'Queue dashboard' }).count()).toBe(1);
    });

    it('ran without script errors or refused resources', () => {
      expect(pageErrors).toEqual([]);
    });

    it('leads an admin to the queue dashboard, signed in by the same session', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('API key').fill(ADMIN_KEY);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'Queue dashboard' }).click();
      await page.waitForURL(/\/admin\/queues/);
      await page.getByText('domain-events').first().waitFor();
      expect(await page.title()).toContain('Convene queues');
    });
  });
});
