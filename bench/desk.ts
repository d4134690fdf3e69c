/**
 * `npm run bench:desk [-- --invitations 100000]`: the secretariat desk's pages on a conference with N
 * invitations (and as many contacts), in Chromium against the built service: time to first byte,
 * the load event, and when the page's script has drawn the view from the API; and the API calls
 * behind the list pages on their own.
 */
import { Client } from 'pg';
import { chromium } from 'playwright-core';
import { ADMIN_KEY, REDIS_URL, api, arg, day, freePort, freshDatabase, startService } from './support';

const N = arg('invitations', 100_000);
const RUNS = arg('runs', 5);
const CHROMIUM = '/usr/bin/chromium';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(0.95 * values.length) - 1)];

async function main(): Promise<void> {
  console.log(`Desk benchmark: one conference with ${N.toLocaleString('en')} invitations, ${RUNS} loads of each page`);
  const databaseUrl = await freshDatabase('convene_bench_desk');
  const port = await freePort();
  const service = await startService('all', { DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: `bench-desk-${Date.now()}`, ADMIN_API_KEY: ADMIN_KEY, CONVENE_CLOCK: 'system', OUTBOX_DIR: '/tmp/convene-bench-desk-outbox' }, port);
  const series = await api(port, 'POST', '/api/series', { name: 'Benchmark series', summit: { title: 'Summit', city: 'New York', country: 'US', startsOn: day(200), endsOn: day(204), timezone: 'America/New_York', capacity: 2000 } });
  const conference = await api(port, 'POST', `/api/series/${series.id}/conferences`, {
    title: 'Regional conference — Vienna', city: 'Vienna', country: 'AT', startsOn: day(60), endsOn: day(61), timezone: 'Europe/Vienna', capacity: N, languages: ['en', 'fr'], rsvpDeadline: day(30),
  });

  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const seeded = performance.now();
  await db.query(
    `INSERT INTO contacts (email, full_name, organisation, stakeholder_type, country, language)
     SELECT 'delegate' || g || '@example.org', 'Delegate ' || g, 'Ministry ' || g % 193, 'member_state', (ARRAY['AT', 'BY', 'TT', 'HU', 'AE', 'FR'])[1 + g % 6], 'en'
     FROM generate_series(1, $1) g`,
    [N],
  );
  const { rows: [wave] } = await db.query(
    `INSERT INTO waves (conference_id, name, audience, state, audience_size, targeted, sent, created_by, dispatched_at, expanded_at, completed_at)
     VALUES ($1, 'Everyone', '{"stakeholderTypes":["member_state"]}', 'completed', $2, $2, $2, 'bench', now(), now(), now()) RETURNING id`,
    [conference.id, N],
  );
  await db.query(
    `INSERT INTO invitations (conference_id, contact_id, wave_id, batch_no, delivery, response, sent_at, responded_at, created_at)
     SELECT $1, c.id, $2, (row_number() OVER ()) / 200, 'sent',
            CASE WHEN r < 0.40 THEN 'none' WHEN r < 0.75 THEN 'accepted' WHEN r < 0.90 THEN 'declined' ELSE 'waitlisted' END,
            now(), CASE WHEN r < 0.40 THEN NULL ELSE now() END, now()
     FROM (SELECT id, random() AS r FROM contacts) c`,
    [conference.id, wave.id],
  );
  await db.query('ANALYZE');
  await db.end();
  console.log(`Seeded ${N.toLocaleString('en')} contacts and invitations in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

  const calls: Array<[string, string]> = [
    ['invitations, no answer (first 200)', `/api/conferences/${conference.id}/invitations?limit=200&response=none`],
    ['invitations, all (first 200)', `/api/conferences/${conference.id}/invitations?limit=200`],
    ['contacts, region 150 (first 200)', `/api/contacts?limit=200&region=150`],
    ['contacts, search "delegate 99" (first 200)', `/api/contacts?limit=200&q=delegate%2099`],
    ['waves of the conference', `/api/conferences/${conference.id}/waves?limit=500`],
    ['pipeline', '/api/pipeline'],
  ];
  console.log('\nAPI calls behind the pages (20 each): median / p95 ms');
  for (const [label, path] of calls) {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
      times.push(performance.now() - started);
    }
    console.log(`  ${label.padEnd(44)} ${median(times).toFixed(0).padStart(5)} / ${p95(times).toFixed(0).padStart(5)}`);
  }

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/dashboard`);
  await page.getByLabel('API key', { exact: true }).fill(ADMIN_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`http://127.0.0.1:${port}/dashboard`);
  const pages: Array<[string, string]> = [
    ['conferences', '/dashboard/desk'],
    ['conference', `/dashboard/desk/conference/${conference.id}`],
    ['contacts (first 200 of N)', '/dashboard/desk/contacts'],
    ['waves', `/dashboard/desk/waves/${conference.id}`],
    ['invitations, no answer', `/dashboard/desk/invitations/${conference.id}?response=none`],
    ['invitations, all', `/dashboard/desk/invitations/${conference.id}`],
    ['participants', `/dashboard/desk/participants/${conference.id}`],
    ['reminders', `/dashboard/desk/reminders/${conference.id}`],
  ];
  console.log(`\nDesk pages in Chromium (${RUNS} loads each, median ms): first byte / load event / view drawn`);
  for (const [label, path] of pages) {
    const ttfb: number[] = [];
    const load: number[] = [];
    const drawn: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto(`http://127.0.0.1:${port}${path}`);
      await page.locator('#desk[aria-busy="false"]').waitFor({ state: 'attached', timeout: 60_000 });
      const t = (await page.evaluate(`(() => { const n = performance.getEntriesByType('navigation')[0]; return { ttfb: n.responseStart - n.startTime, load: n.loadEventEnd - n.startTime, drawn: performance.now() }; })()`)) as { ttfb: number; load: number; drawn: number };
      ttfb.push(t.ttfb);
      load.push(t.load);
      drawn.push(t.drawn);
    }
    console.log(`  ${label.padEnd(28)} ${median(ttfb).toFixed(0).padStart(5)} / ${median(load).toFixed(0).padStart(5)} / ${median(drawn).toFixed(0).padStart(5)}`);
  }
  await browser.close();
  await service.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
