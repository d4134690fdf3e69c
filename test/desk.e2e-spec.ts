import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { rsvpTokensInOutbox } from '../src/cli/rsvp-links';
import { MODEL_SUMMIT, replay } from './support/fixtures';
import { ADMIN_KEY, ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

/** Debian's Chromium: Playwright's own browser download is not available where the tests run. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTEFACTS = join(__dirname, '..', 'test-artifacts', 'desk');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const CSV = [
  'email,fullName,stakeholderType,organisation,country,language',
  'a.ivanova@mfa.gov.by,Anna Ivanova,member_state,Ministry of Foreign Affairs of Belarus,BY,ru',
  'j.novak@mzv.cz,Jan Novák,member_state,Ministry of Foreign Affairs of Czechia,CZ,en',
  'p.dupont@diplomatie.gouv.fr,Pierre Dupont,member_state,Ministère de l’Europe et des Affaires étrangères,FR,fr',
  'not-an-address,Nobody,member_state,,BY,en',
  'k.tan@mfa.gov.sg,Kai Tan,ministry_of_magic,Ministry of Foreign Affairs of Singapore,SG,en',
  'r.silva@itamaraty.gov.br,Rita Silva,member_state,Ministry of Foreign Affairs of Brazil,BR,es',
].join('\n');

const minimalPdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** The secretariat's desk in Chromium over the real service: the whole job, every page audited and photographed. */
describe('the secretariat desk in a real browser', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let outbox: string;
  let browser: Browser;
  let profile: string;
  let admin: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const steps: Array<{ step: string; ms: number }> = [];
  const loads: Array<{ page: string; firstByteMs: number; completeMs: number; renderedMs?: number }> = [];
  /** When the page's script had drawn the view from the API (what a person waits for), per page. */
  const rendered = new Map<string, number>();
  let conferenceId = '';

  const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
  const seriesForm = () => page.locator('section[aria-labelledby="series-edit"]');
  const step = async (name: string, run: () => Promise<void>) => {
    const started = Date.now();
    await run();
    steps.push({ step: name, ms: Date.now() - started });
  };

  /** Opens a desk page, waits for its script to render it, audits it with axe and keeps a screenshot. */
  const open = async (path: string, shot: string) => {
    await page.goto(`${api.baseUrl}${path}`);
    await page.locator('#desk[aria-busy="false"]').waitFor({ state: 'attached' });
    rendered.set(shot, Math.round((await page.evaluate('performance.now()')) as number));
    await audit(shot);
  };
  const audit = async (shot: string) => {
    await page.evaluate(AXE);
    const results = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as { violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> };
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
    expect({ page: shot, serious }).toEqual({ page: shot, serious: [] });
    await page.screenshot({ path: join(ARTEFACTS, `${shot}.png`), fullPage: true });
    const timing = (await page.evaluate(`(() => { const n = performance.getEntriesByType('navigation')[0]; return { firstByteMs: Math.round(n.responseStart - n.startTime), completeMs: Math.round(n.loadEventEnd - n.startTime) }; })()`)) as { firstByteMs: number; completeMs: number };
    loads.push({ page: shot, ...timing, renderedMs: rendered.get(shot) });
  };

  const signIn = async (target: Page, key: string) => {
    await target.goto(`${api.baseUrl}/dashboard`);
    await target.getByLabel('API key', { exact: true }).fill(key);
    await target.getByRole('button', { name: 'Sign in' }).click();
    await target.waitForURL(`${api.baseUrl}/dashboard`);
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`The browser tests need Debian's Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it).`);
    mkdirSync(ARTEFACTS, { recursive: true });
    env = await createTestEnvironment();
    outbox = env.config().outboxDir;
    ({ api } = await env.startHttp());
    await api.post('/api/admin/clock', { to: replay('2019-08-01T08:00:00Z') });
    await api.post('/api/series', { name: 'Desk series', summit: MODEL_SUMMIT });

    profile = mkdtempSync(join(tmpdir(), 'convene-chromium-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    admin = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-GB', timezoneId: 'Europe/London' });
    page = await admin.newPage();
    page.setDefaultTimeout(10000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await env?.teardown();
    writeFileSync(join(ARTEFACTS, 'timings.json'), `${JSON.stringify({ steps, totalMs: steps.reduce((t, s) => t + s.ms, 0), loads }, null, 2)}\n`);
  });

  it('sends a visitor without a session to sign in', async () => {
    const response = await fetch(`${api.baseUrl}/dashboard/desk/contacts`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/dashboard');
    expect((await fetch(`${api.baseUrl}/dashboard/desk/nowhere`)).status).toBe(404);
  });

  it('creates a series with its summit, showing a refused summit field beside it', async () => {
    await step('sign in', () => signIn(page, ADMIN_KEY));
    // The dashboard: a summit no regional conference feeds yet is not ready, and it links to the desk.
    await waitFor(async () => (await text('.summit-readiness')) === 'The summit is not ready: no regional conference feeds it yet.', 'the summit readiness', 10000);
    expect(await page.getByRole('link', { name: 'Secretariat desk' }).getAttribute('href')).toBe('/dashboard/desk');
    await step('create a series', async () => {
      await open('/dashboard/desk', 'series-new');
      const form = page.locator('section[aria-labelledby="series-new"]');
      await form.getByLabel('Name of the series', { exact: true }).fill('Browser series');
      await form.getByLabel('Title of the summit', { exact: true }).fill('Browser summit');
      await form.getByLabel('City', { exact: true }).fill('Geneva');
      await form.getByLabel('Country', { exact: true }).selectOption('CH');
      await form.getByLabel('First day', { exact: true }).fill(replay('2020-06-29'));
      await form.getByLabel('Last day', { exact: true }).fill(replay('2020-07-01'));
      await form.getByLabel('Time zone', { exact: true }).fill('Europe/Zurich');
      await form.getByLabel('Capacity', { exact: true }).fill('0');
      await form.getByLabel('Name of the secretariat', { exact: true }).fill('Browser secretariat');
      await form.getByLabel('E-mail', { exact: true }).fill('not an address');
      await form.getByRole('button', { name: 'Create the series' }).click();
      const error = form.locator('[data-field="summit.capacity"] .field-error');
      await error.waitFor();
      expect(await error.textContent()).toMatch(/capacity/);
      expect(await form.locator('[data-field="secretariat.email"] .field-error').textContent()).toBe('secretariat.email must be an e-mail address');
      await form.getByLabel('Capacity', { exact: true }).fill('300');
      await form.getByLabel('E-mail', { exact: true }).fill('browser-secretariat@example.org');
      // The page reloads once the series is created: wait for that, or the next navigation races it.
      await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: 'Create the series' }).click()]);
      await waitFor(async () => (await api.get('/api/series')).body.items.some((x: any) => x.name === 'Browser series'), 'the series to be created', 5000);
    });
    const created = (await api.get('/api/series')).body.items.find((x: any) => x.name === 'Browser series');
    expect((await api.get(`/api/series/${created.id}`)).body.secretariat).toEqual({ name: 'Browser secretariat', email: 'browser-secretariat@example.org', phone: null });
  });

  it("edits a series on its page, showing the API's refusal beside the field", async () => {
    const series = (await api.get('/api/series')).body.items.find((x: any) => x.name === 'Browser series');
    await step('open the series', async () => {
      await open('/dashboard/desk', 'conferences-with-series');
      await page.getByRole('link', { name: 'Browser series', exact: true }).click();
      await page.waitForURL(`${api.baseUrl}/dashboard/desk/series/${series.id}`);
      await page.locator('#desk[aria-busy="false"]').waitFor({ state: 'attached' });
    });
    expect(await text('h1')).toBe('Browser series');
    expect(await text('#series-secretariat')).toBe('Browser secretariat · browser-secretariat@example.org');
    expect(await text('section[aria-labelledby="series-details"] dl')).toContain('The summit is not ready: no regional conference feeds it yet.');
    expect(await page.locator('section[aria-labelledby="series-conferences"] tbody tr').allTextContents()).toEqual([expect.stringContaining('Browser summit')]);
    await audit('series');

    await step('edit the series', async () => {
      const form = page.locator('section[aria-labelledby="series-edit"]');
      await form.getByLabel('Name of the series', { exact: true }).fill('Browser series 2020');
      await form.getByLabel('E-mail', { exact: true }).fill('geneva desk');
      await form.getByRole('button', { name: 'Save' }).click();
      const error = form.locator('[data-field="secretariat.email"] .field-error');
      await error.waitFor();
      expect(await error.textContent()).toBe('secretariat.email must be an e-mail address');
      expect(await form.getByLabel('E-mail', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      await audit('series-field-error');
      await form.getByLabel('E-mail', { exact: true }).fill('geneva-desk@example.org');
      await form.getByLabel('Telephone', { exact: true }).fill('+41 22 917 1234');
      await form.getByRole('button', { name: 'Save' }).click();
      await waitFor(async () => (await text('h1')) === 'Browser series 2020', 'the new name on the page', 5000);
    });
    expect(await seriesForm().locator('.field-error:not([hidden])').count()).toBe(0);
    expect(await text('#desk-announcer')).toBe('Saved.');
    expect(await text('#series-secretariat')).toBe('Browser secretariat · geneva-desk@example.org · +41 22 917 1234');
    expect((await api.get(`/api/series/${series.id}`)).body).toMatchObject({
      name: 'Browser series 2020',
      secretariat: { name: 'Browser secretariat', email: 'geneva-desk@example.org', phone: '+41 22 917 1234' },
    });
    // The saved fields are what the page shows when it is opened again.
    await open(`/dashboard/desk/series/${series.id}`, 'series-edited');
    expect(await seriesForm().getByLabel('Telephone', { exact: true }).inputValue()).toBe('+41 22 917 1234');
  });

  it('creates a conference, showing the API refusal beside the field, and lists the failing guards of a transition', async () => {
    await step('create a conference', async () => {
      await open('/dashboard/desk', 'conferences');
      const form = page.locator('section[aria-labelledby="conference-new"]');
      await form.getByLabel('Title', { exact: true }).fill('Regional conference — Minsk');
      await form.getByLabel('City', { exact: true }).fill('Minsk');
      await form.getByLabel('Country', { exact: true }).selectOption('BY');
      await form.getByLabel('First day', { exact: true }).fill(replay('2019-10-03'));
      await form.getByLabel('Last day', { exact: true }).fill(replay('2019-10-04'));
      await form.getByLabel('Time zone', { exact: true }).fill('Europe/Atlantis');
      await form.getByLabel('Capacity', { exact: true }).fill('120');
      await form.getByLabel('English', { exact: true }).check();
      await form.getByLabel('Russian', { exact: true }).check();
      await form.getByRole('button', { name: 'Create' }).click();
      const error = form.locator('[data-field="timezone"] .field-error');
      await error.waitFor();
      expect(await error.textContent()).toMatch(/time ?zone/i);
      expect(await form.getByLabel('Time zone', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      await audit('conference-field-error');
      await form.getByLabel('Time zone', { exact: true }).fill('Europe/Minsk');
      await form.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL(/\/dashboard\/desk\/conference\/[0-9a-f-]{36}$/);
      conferenceId = page.url().split('/').pop()!;
      await page.locator('#desk[aria-busy="false"]').waitFor({ state: 'attached' });
    });
    expect(await text('h1')).toBe('Regional conference — Minsk');
    await audit('conference');

    await step('see the failing guards', async () => {
      await page.getByRole('button', { name: 'Move to Inviting' }).click();
      await page.locator('section[aria-labelledby="lifecycle"] [role="alert"]').waitFor();
    });
    expect(await text('section[aria-labelledby="lifecycle"] [role="alert"]')).toContain('Refused (409)');
    expect(await page.locator('section[aria-labelledby="lifecycle"] ul.guards').last().textContent()).toContain('RSVP deadline');

    await step('set the deadline', async () => {
      const edit = page.locator('section[aria-labelledby="conference-edit"]');
      await edit.getByLabel('RSVP deadline', { exact: true }).fill(replay('2019-09-15'));
      await edit.getByRole('button', { name: 'Save' }).click();
      await waitFor(async () => Boolean((await api.get(`/api/conferences/${conferenceId}`)).body.rsvpDeadline), 'the deadline to be saved');
    });

    await step('translate the texts', async () => {
      const edit = page.locator('section[aria-labelledby="conference-edit"]');
      await edit.getByLabel('Title (Russian)', { exact: true }).fill('Р'.repeat(301));
      await edit.getByLabel('City (Russian)', { exact: true }).fill('Минск');
      await edit.getByRole('button', { name: 'Save' }).click();
      const error = edit.locator('[data-field="translations.ru.title"] .field-error');
      await error.waitFor();
      expect(await error.textContent()).toMatch(/300 characters/);
      expect(await edit.getByLabel('Title (Russian)', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      await audit('conference-translation-error');
      await edit.getByLabel('Title (Russian)', { exact: true }).fill('Региональная конференция — Минск');
      await edit.getByLabel('Venue (Russian)', { exact: true }).fill('Дворец Независимости');
      await edit.getByLabel('Venue (English)', { exact: true }).fill('Palace of Independence');
      await edit.getByRole('button', { name: 'Save' }).click();
      await waitFor(async () => Boolean((await api.get(`/api/conferences/${conferenceId}`)).body.translations.ru), 'the translation to be saved');
    });
    expect((await api.get(`/api/conferences/${conferenceId}`)).body.translations).toEqual({
      en: { venue: 'Palace of Independence' },
      ru: { title: 'Региональная конференция — Минск', city: 'Минск', venue: 'Дворец Независимости' },
    });
    // The saved texts are what the page shows when it is opened again.
    await open(`/dashboard/desk/conference/${conferenceId}`, 'conference-translated');
    expect(await page.getByLabel('Venue (Russian)', { exact: true }).inputValue()).toBe('Дворец Независимости');
  });

  it('uploads a CSV, lists the two bad rows, filters by region and opens a contact', async () => {
    await step('upload contacts', async () => {
      await open('/dashboard/desk/contacts', 'contacts');
      const file = join(ARTEFACTS, 'contacts.csv');
      writeFileSync(file, CSV);
      await page.getByLabel('CSV file', { exact: true }).setInputFiles(file);
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.locator('#import-result table').waitFor();
    });
    expect(await text('#import-result [role="status"]')).toBe('4 created, 0 updated, 2 rejected.');
    const rejected = await page.locator('#import-result tbody tr').allTextContents();
    expect(rejected).toHaveLength(2);
    expect(rejected[0]).toMatch(/^4email: /);
    expect(rejected[1]).toMatch(/^5stakeholderType: /);
    await audit('contacts-import');

    await step('filter by region', async () => {
      await page.getByLabel('Region', { exact: true }).selectOption('150');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL(/region=150/);
      await page.locator('#desk[aria-busy="false"]').waitFor({ state: 'attached' });
    });
    const names = await page.locator('section[aria-labelledby="contacts-list"] tbody tr td:first-child').allTextContents();
    expect(names.sort()).toEqual(['Anna Ivanova', 'Jan Novák', 'Pierre Dupont']);
    await audit('contacts-region');
    await page.getByRole('link', { name: 'Anna Ivanova' }).click();
    await page.locator('#desk[aria-busy="false"]').waitFor({ state: 'attached' });
    expect(await text('h1')).toBe('Anna Ivanova');
    expect(await page.locator('dl').textContent()).toContain('a.ivanova@mfa.gov.by');
    await audit('contact');

    const rita = (await api.get('/api/contacts?q=Rita')).body.items[0];
    await step('erase a contact', async () => {
      await page.goto(`${api.baseUrl}/dashboard/desk/contact/${rita.id}`);
      await page.locator('#desk[aria-busy="false"]').waitFor({ state: 'attached' });
      let asked = '';
      page.once('dialog', (dialog) => {
        asked = dialog.message();
        void dialog.accept();
      });
      await page.getByRole('button', { name: "Erase this person's data" }).click();
      await page.waitForURL(`${api.baseUrl}/dashboard/desk/contacts`);
      expect(asked).toBe('Erase every personal detail of Rita Silva? This cannot be undone.');
    });
    expect((await api.get(`/api/contacts/${rita.id}`)).status).toBe(404);
  });

  it('composes a wave by region, sees its size live, dispatches it and watches it reach 100 %', async () => {
    await step('compose and dispatch a wave', async () => {
      await open(`/dashboard/desk/waves/${conferenceId}`, 'waves');
      await page.getByLabel('Name', { exact: true }).fill('Europe, first wave');
      await page.getByLabel('M49 regions', { exact: true }).selectOption(['150']);
      await waitFor(async () => (await text('#audience-size')).startsWith('3 contacts match; 0 already invited'), 'the audience size', 10000);
      await page.getByLabel('Member State', { exact: true }).check();
      await waitFor(async () => (await text('#audience-size')) === '3 contacts match; 0 already invited; 0 undeliverable.', 'the narrowed audience size', 10000);
      await page.getByLabel('Send at a time', { exact: true }).check();
      await page.getByLabel(/^Time \(your zone/).fill(`${replay('2019-08-20')}T09:30`);
      await waitFor(async () => (await text('#send-at-shown')).includes('Europe/Minsk') && (await text('#send-at-shown')).includes('Europe/London'), 'the send time in both zones', 5000);
      expect(await text('#send-at-shown')).toContain('11:30');
      await page.getByLabel('Send now', { exact: true }).check();
      await audit('wave-compose');
      await page.getByRole('button', { name: 'Create and dispatch' }).click();
      await page.locator('[data-wave]').waitFor();
      await waitFor(async () => (await text('[data-wave] p')).startsWith('completed: 100 %'), 'the wave to reach 100 %', 30000);
    });
    expect(await text('[data-wave] p')).toBe('completed: 100 % — 3 sent, 0 failed, 0 bounced, 0 already invited');
    expect(await page.locator('[data-wave] progress').evaluate((p) => (p as unknown as { value: number; max: number }).value / (p as unknown as { value: number; max: number }).max)).toBe(1);
    await audit('wave-sent');
  });

  it('finds who has not answered, and sees the list change when one answers', async () => {
    await step('list the non-responders', async () => {
      await open(`/dashboard/desk/invitations/${conferenceId}?response=none`, 'invitations-none');
    });
    const rows = () => page.locator('section[aria-labelledby="invitations-list"] tbody tr td:first-child').allTextContents();
    expect((await rows()).sort()).toEqual(['Anna Ivanova', 'Jan Novák', 'Pierre Dupont']);

    const tokens = await rsvpTokensInOutbox(outbox);
    const token = [...tokens].find(([, to]) => to === 'a.ivanova@mfa.gov.by')![0];
    const answer = await fetch(`${api.baseUrl}/rsvp/${token}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ response: 'accept' }) });
    expect(answer.status).toBe(200);
    await step('see the list change', async () => {
      await page.reload();
      await page.locator('#desk[aria-busy="false"]').waitFor({ state: 'attached' });
    });
    expect((await rows()).sort()).toEqual(['Jan Novák', 'Pierre Dupont']);

    await page.goto(`${api.baseUrl}/dashboard/desk/invitations/${conferenceId}?response=accepted`);
    await page.locator('#desk[aria-busy="false"]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Show the answers of Anna Ivanova' }).click();
    await waitFor(async () => (await page.locator('section[aria-labelledby="invitations-list"] tbody li').count()) === 1, 'the answer history', 5000);
    expect(await text('section[aria-labelledby="invitations-list"] tbody li')).toContain('no answer → accepted');
    await audit('invitations-history');

    const pdf = new FormData();
    pdf.append('file', new Blob([minimalPdf], { type: 'application/pdf' }), 'note verbale.pdf');
    expect((await fetch(`${api.baseUrl}/rsvp/${token}/credentials`, { method: 'POST', body: pdf, headers: { accept: 'application/json' } })).status).toBe(201);
  });

  it('verifies a credential and shows the participants and reminder pages', async () => {
    await step('verify a credential', async () => {
      await open(`/dashboard/desk/participants/${conferenceId}`, 'participants');
      expect(await page.locator('section[aria-labelledby="participants-list"] tbody tr').allTextContents()).toEqual([expect.stringContaining('Anna Ivanova')]);
      await page.getByRole('button', { name: 'Verify' }).click();
      await waitFor(async () => (await text('section[aria-labelledby="credentials-list"] tbody tr td:last-child')) === 'verified', 'the credential to read verified', 5000);
    });
    expect((await api.get(`/api/conferences/${conferenceId}/credentials`)).body.items[0]).toMatchObject({ status: 'verified', reviewedBy: 'admin' });
    await open(`/dashboard/desk/reminders/${conferenceId}`, 'reminders');
    expect(await page.locator('section[aria-labelledby="reminder-steps"] tbody tr').count()).toBeGreaterThan(0);
    await step('change the reminder policy', async () => {
      await page.getByLabel('Non-responders: days before the deadline', { exact: true }).fill('10, 3');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForLoadState('load');
      await waitFor(async () => (await api.get(`/api/conferences/${conferenceId}/reminder-policy`)).body.isDefault === false, 'the policy to be saved', 5000);
    });
    expect((await api.get(`/api/conferences/${conferenceId}/reminder-policy`)).body.nonResponders.daysBeforeDeadline).toEqual([10, 3]);
    // The save reloads the page: read the clock line once that page is drawn.
    await page.locator('#desk[aria-busy="false"]').waitFor({ state: 'attached' });
    expect(await text('#desk-clock')).toMatch(/^Manual clock: /);
  });

  it('creates a key shown once, and revoking it ends the session signed in with it; a viewer sees no actions', async () => {
    let key = '';
    await step('create a key', async () => {
      await open('/dashboard/desk/keys', 'keys');
      const form = page.locator('section[aria-labelledby="key-new"]');
      await form.getByLabel('Name', { exact: true }).fill('desk-viewer');
      await form.getByLabel('Role', { exact: true }).selectOption('viewer');
      await form.getByRole('button', { name: 'Create' }).click();
      await page.locator('#new-key').waitFor();
      key = await text('#new-key');
    });
    expect(key).toMatch(/^cvn_/);

    const other = await browser.newContext({ locale: 'en-GB' });
    const viewerPage = await other.newPage();
    await signIn(viewerPage, key);
    await viewerPage.goto(`${api.baseUrl}/dashboard/desk/contacts`);
    await viewerPage.locator('#desk[aria-busy="false"]').waitFor({ state: 'attached' });
    expect(await viewerPage.locator('section[aria-labelledby="contacts-list"]').count()).toBe(1);
    expect(await viewerPage.getByRole('button', { name: 'Upload' }).count()).toBe(0);
    expect(await viewerPage.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    const series = (await api.get('/api/series')).body.items.find((x: any) => x.name === 'Browser series 2020');
    await viewerPage.goto(`${api.baseUrl}/dashboard/desk/series/${series.id}`);
    await viewerPage.locator('#desk[aria-busy="false"]').waitFor({ state: 'attached' });
    expect(await viewerPage.locator('h1').textContent()).toBe('Browser series 2020');
    expect(await viewerPage.locator('section[aria-labelledby="series-edit"]').count()).toBe(0);

    await step('revoke the key', async () => {
      await page.reload();
      await page.locator('#desk[aria-busy="false"]').waitFor({ state: 'attached' });
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Revoke the key desk-viewer' }).click();
      await waitFor(async () => (await page.getByRole('button', { name: 'Revoke the key desk-viewer' }).count()) === 0, 'the key to be revoked', 5000);
    });
    await viewerPage.goto(`${api.baseUrl}/dashboard/desk/contacts`);
    expect(viewerPage.url()).toBe(`${api.baseUrl}/dashboard`);
    expect(await viewerPage.locator('h1').textContent()).toBe('Sign in to the secretariat dashboard');
    await other.close();
  });

  it('speaks French, with dates written the French way', async () => {
    await open(`/dashboard/desk/conferences?lang=fr`, 'conferences-fr');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await text('h1')).toBe('Conférences');
    expect(await text('section[aria-labelledby="conferences-list"] tbody')).toMatch(/3–4 octobre 2027|3 – 4 octobre 2027|3-4 octobre 2027/);
    // Areas, groups and countries in the page's language (CLDR's names and the catalogue's), whatever the browser's own data.
    await open('/dashboard/desk/contacts', 'contacts-fr');
    const option = async (name: string, value: string) => ((await page.locator(`select[name="${name}"] option[value="${value}"]`).textContent()) ?? '').trim();
    expect(await option('region', '002')).toBe('Afrique (M49 002)');
    expect(await option('region', '154')).toBe('Europe du Nord (M49 154)');
    expect(await option('region', '419')).toBe('Amérique latine (M49 419)');
    expect(await option('region', 'WEOG')).toBe('Groupe des États d’Europe occidentale et autres États (groupe régional de l’ONU)');
    expect(await option('country', 'CH')).toBe('Suisse');
    await open(`/dashboard/desk/waves/${conferenceId}`, 'waves-fr');
    expect(await text('[data-wave] p')).toMatch(/^terminée|^completed|^achev/);
    await open('/dashboard/desk/conferences?lang=en', 'conferences-en');
    expect(await text('section[aria-labelledby="conferences-list"] tbody')).toMatch(/3–4 October 2027|3 – 4 October 2027/);
    expect(pageErrors).toEqual([]);
  });
});
