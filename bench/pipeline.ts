/**
 * Latency of GET /api/pipeline, the view every secretariat desk polls every few seconds.
 * Starts the built service (dist/main.js) on a database and Redis prefix of its own, seeds the five
 * regional conferences of a series (then whatever the seeders below add), and sends
 * BENCH_REQUESTS requests (default 200), BENCH_CONCURRENCY at a time (default 10), then as many to
 * GET /health on the same server. BENCH_SERIES (default 1) series of five conferences each.
 * Target: p99 under 25 ms for one series, 50 ms for many, on a 2-core machine. It prints the load
 * average before and after the measurement, and the CPU one pipeline request costs the API process and
 * this database's PostgreSQL backends. BENCH_CHECKOUT runs the built service of another checkout (e.g. a
 * `git worktree` of an earlier commit) for comparing builds back to back. Run with `npm run bench:pipeline`.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { deleteRedisKeys } from '../test/support/databases';
import { ADMIN_KEY, REDIS_URL, ServiceProcess, api, backendsOf, cpuSnapshot, cpuSpent, dropDatabase, freePort, freshDatabase, startService } from './support';
import { recordResults } from './results';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const SERIES = Number(process.env.BENCH_SERIES ?? 1);
const WARM_UP = 20;
const CHECKOUT = process.env.BENCH_CHECKOUT ?? process.cwd();
/** One series of five conferences, or a secretariat running many series for years. */
const TARGET_P99_MS = SERIES > 1 ? 50 : 25;

export interface BenchConference {
  id: string;
  city: string;
}

/** What a seeder gets: the running service, its database, and the conferences already created. */
export interface SeedContext {
  /** The API process's port; support.ts's api(port, ...) calls it with the admin key. */
  port: number;
  databaseUrl: string;
  seriesId: string;
  conferences: BenchConference[];
  /** BENCH_INVITATIONS, default 100,000 per conference. */
  invitationsPerConference: number;
}

/**
 * A step that fills the database the way months of work would: invitations and their answers,
 * reminders, logistics. Each feature adds its own; the measurement runs after all of them.
 */
export interface PipelineSeeder {
  name: string;
  seed(context: SeedContext): Promise<void>;
}

/**
 * Invitations as a finished wave leaves them, with answers spread over them: 40% no answer, 35%
 * accepted, 15% declined, 10% waitlisted. Written set-based; the funnel counters are filled from the
 * rows, as the invitations module would have maintained them.
 */
const invitationsSeeder: PipelineSeeder = {
  name: 'invitations',
  async seed({ databaseUrl, conferences, invitationsPerConference: n }) {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO contacts (email, full_name, stakeholder_type, country, language)
         SELECT 'delegate' || g || '@example.org', 'Delegate ' || g, 'member_state', (ARRAY['AT', 'BY', 'TT', 'HU', 'AE'])[1 + g % 5], 'en'
         FROM generate_series(1, $1) g`,
        [n],
      );
      for (const conference of conferences) {
        const { rows: [wave] } = await db.query(
          `INSERT INTO waves (conference_id, name, audience, state, audience_size, targeted, sent, created_by, dispatched_at, expanded_at, completed_at)
           VALUES ($1, 'Everyone', '{}', 'completed', $2, $2, $2, 'bench', now(), now(), now()) RETURNING id`,
          [conference.id, n],
        );
        await db.query(
          `INSERT INTO invitations (conference_id, contact_id, wave_id, batch_no, delivery, response, sent_at, responded_at, created_at)
           SELECT $1, c.id, $2, (row_number() OVER ()) / 200, 'sent',
                  CASE WHEN r < 0.40 THEN 'none' WHEN r < 0.75 THEN 'accepted' WHEN r < 0.90 THEN 'declined' ELSE 'waitlisted' END,
                  now(), CASE WHEN r < 0.40 THEN NULL ELSE now() END, now()
           FROM (SELECT id, random() AS r FROM contacts) c`,
          [conference.id, wave.id],
        );
        await db.query(
          `INSERT INTO invitation_stats (conference_id, shard, invited, sent, accepted, declined, waitlisted)
           SELECT conference_id, (abs(hashtext(id::text)) % 16)::smallint, count(*), count(*),
                  count(*) FILTER (WHERE response = 'accepted'), count(*) FILTER (WHERE response = 'declined'), count(*) FILTER (WHERE response = 'waitlisted')
           FROM invitations WHERE conference_id = $1 GROUP BY 1, 2`,
          [conference.id],
        );
      }
      await db.query('ANALYZE');
    } finally {
      await db.end();
    }
  },
};

export const SEEDERS: PipelineSeeder[] = [invitationsSeeder];

const year = new Date().getUTCFullYear() + 1;
const REGIONALS = [
  { city: 'Minsk', country: 'BY', timezone: 'Europe/Minsk', startsOn: `${year}-10-03`, endsOn: `${year}-10-04`, rsvpDeadline: `${year}-09-15` },
  { city: 'Port of Spain', country: 'TT', timezone: 'America/Port_of_Spain', startsOn: `${year}-11-06`, endsOn: `${year}-11-07`, rsvpDeadline: `${year}-10-18` },
  { city: 'Budapest', country: 'HU', timezone: 'Europe/Budapest', startsOn: `${year + 1}-01-27`, endsOn: `${year + 1}-01-28`, rsvpDeadline: `${year + 1}-01-06` },
  { city: 'Abu Dhabi', country: 'AE', timezone: 'Asia/Dubai', startsOn: `${year + 1}-02-17`, endsOn: `${year + 1}-02-18`, rsvpDeadline: `${year + 1}-01-27` },
  { city: 'Vienna', country: 'AT', timezone: 'Europe/Vienna', startsOn: `${year + 1}-03-05`, endsOn: `${year + 1}-03-06`, rsvpDeadline: `${year + 1}-02-14` },
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function measure(port: number, path: string): Promise<number[]> {
  const once = async () => {
    const start = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return performance.now() - start;
  };
  for (let i = 0; i < WARM_UP; i++) await once();
  const latencies: number[] = [];
  let issued = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (issued < REQUESTS) {
        issued++;
        latencies.push(await once());
      }
    }),
  );
  return latencies;
}

async function main(): Promise<void> {
  const database = `convene_bench_pipeline_${randomBytes(4).toString('hex')}`;
  const queuePrefix = `benchpipeline${randomBytes(4).toString('hex')}`;
  const databaseUrl = await freshDatabase(database);
  const port = await freePort();
  let service: ServiceProcess | undefined;
  try {
    // The API role alone: the pipeline is read on the request path, workers play no part in it.
    service = await startService('api', { DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: queuePrefix, ADMIN_API_KEY: ADMIN_KEY, CONVENE_CLOCK: 'system' }, port, CHECKOUT);
    const apiPid = service.pid;

    const conferences: BenchConference[] = [];
    let series: { id: string } | undefined;
    for (let s = 1; s <= SERIES; s++) {
      series = await api(port, 'POST', '/api/series', {
        name: `Benchmark series ${s}`,
        summit: { title: 'Summit', city: 'New York', country: 'US', startsOn: `${year + 1}-06-29`, endsOn: `${year + 1}-07-03`, timezone: 'America/New_York', capacity: 1500 },
      });
      for (const regional of REGIONALS) {
        const created = await api(port, 'POST', `/api/series/${series!.id}/conferences`, {
          title: `Countering terrorism with new technologies — ${regional.city}`,
          partners: [],
          languages: ['en', 'fr', 'ru'],
          capacity: 400,
          delegationQuota: 4,
          ...regional,
        });
        await api(port, 'POST', `/api/conferences/${created.id}/transitions`, { to: 'inviting' });
        conferences.push({ id: created.id, city: regional.city });
      }
    }

    const context: SeedContext = { port, databaseUrl, seriesId: series!.id, conferences, invitationsPerConference: Number(process.env.BENCH_INVITATIONS ?? 100_000) };
    for (const seeder of SEEDERS) {
      const start = performance.now();
      await seeder.seed(context);
      console.log(`seeded ${seeder.name} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    }
    if (SEEDERS.length === 0) console.log('No seeders registered: measuring the five conferences without invitations.');

    const view = await api(port, 'GET', '/api/pipeline');
    const invited = view.conferences.reduce((sum: number, c: { counts: { invited: number } }) => sum + c.counts.invited, 0);
    console.log(`pipeline: ${view.conferences.length} conferences, ${invited.toLocaleString('en')} invitations counted, ${view.queues.length} queues`);

    const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log(`checkout ${CHECKOUT}; load average before: ${load()}`);
    const groups = { api: (pid: number) => pid === apiPid, postgres: backendsOf(database) };
    const cpuBefore = cpuSnapshot(groups);
    const latencies = (await measure(port, '/api/pipeline')).sort((a, b) => a - b);
    const cpu = cpuSpent(cpuBefore, cpuSnapshot(groups));
    const healthLatencies = (await measure(port, '/health')).sort((a, b) => a - b);
    console.log(`load average after: ${load()}`);
    // The warm-up requests are measured too: CPU per request counts every one.
    const perRequest = (ms = 0) => (ms / (REQUESTS + WARM_UP)).toFixed(2);
    console.log(`  CPU per pipeline request: API ${perRequest(cpu.api)} ms, PostgreSQL ${perRequest(cpu.postgres)} ms`);
    const mean = latencies.reduce((sum, l) => sum + l, 0) / latencies.length;
    const p99 = percentile(latencies, 99);
    console.log(`GET /api/pipeline: ${latencies.length} requests, ${CONCURRENCY} concurrent`);
    console.log(`  p50 ${percentile(latencies, 50).toFixed(1)} ms   p90 ${percentile(latencies, 90).toFixed(1)} ms   p99 ${p99.toFixed(1)} ms   max ${latencies.at(-1)!.toFixed(1)} ms   mean ${mean.toFixed(1)} ms`);
    console.log(`GET /health p99 ${percentile(healthLatencies, 99).toFixed(1)} ms`);
    console.log(`  target p99 < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'met' : 'NOT met'}`);
    recordResults(process.env.BENCH_NAME ?? 'pipeline', [
      { figure: `pipeline status p99, ${conferences.length} conferences x ${context.invitationsPerConference.toLocaleString('en')} invitations`, value: Number(p99.toFixed(1)), unit: 'ms', target: `< ${TARGET_P99_MS} ms`, met: p99 < TARGET_P99_MS, baseline: Number(percentile(healthLatencies, 99).toFixed(1)), baselineName: 'bare endpoint GET /health p99, same server and concurrency' },
    ]);
  } finally {
    await service?.stop();
    await dropDatabase(database);
    await deleteRedisKeys(queuePrefix, REDIS_URL);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
