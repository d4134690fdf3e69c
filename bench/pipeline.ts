/**
 * Latency of GET /api/pipeline, the page every secretariat desk polls every few seconds.
 * Starts the built service (dist/main.js) on a database and Redis prefix of its own, seeds the five
 * regional conferences of a series (then whatever the seeders below add), and sends
 * BENCH_REQUESTS requests (default 200), BENCH_CONCURRENCY at a time (default 10).
 * Target: p99 under 100 ms on a 2-core machine. Run with `npm run bench:pipeline`.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import IORedis from 'ioredis';
import { Client } from 'pg';

const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const WARM_UP = 20;
const TARGET_P99_MS = 100;

export interface BenchConference {
  id: string;
  city: string;
}

/** What a seeder gets: the running service, its database, and the conferences already created. */
export interface SeedContext {
  baseUrl: string;
  adminKey: string;
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

export const SEEDERS: PipelineSeeder[] = [];

const year = new Date().getUTCFullYear() + 1;
const REGIONALS = [
  { city: 'Minsk', country: 'BY', timezone: 'Europe/Minsk', startsOn: `${year}-10-03`, endsOn: `${year}-10-04`, rsvpDeadline: `${year}-09-15` },
  { city: 'Port of Spain', country: 'TT', timezone: 'America/Port_of_Spain', startsOn: `${year}-11-06`, endsOn: `${year}-11-07`, rsvpDeadline: `${year}-10-18` },
  { city: 'Budapest', country: 'HU', timezone: 'Europe/Budapest', startsOn: `${year + 1}-01-27`, endsOn: `${year + 1}-01-28`, rsvpDeadline: `${year + 1}-01-06` },
  { city: 'Abu Dhabi', country: 'AE', timezone: 'Asia/Dubai', startsOn: `${year + 1}-02-17`, endsOn: `${year + 1}-02-18`, rsvpDeadline: `${year + 1}-01-27` },
  { city: 'Vienna', country: 'AT', timezone: 'Europe/Vienna', startsOn: `${year + 1}-03-05`, endsOn: `${year + 1}-03-06`, rsvpDeadline: `${year + 1}-02-14` },
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function admin<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function call(baseUrl: string, key: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function waitUntilHealthy(baseUrl: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The service exited with code ${server.exitCode} before answering.`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('The service did not become healthy within 60 s.');
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function measure(baseUrl: string, key: string): Promise<number[]> {
  const once = async () => {
    const start = performance.now();
    const response = await fetch(`${baseUrl}/api/pipeline`, { headers: { authorization: `Bearer ${key}` } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET /api/pipeline answered ${response.status}`);
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
  const suffix = randomBytes(4).toString('hex');
  const database = `convene_bench_${suffix}`;
  const queuePrefix = `bench${suffix}`;
  const adminKey = `bench-admin-${randomBytes(16).toString('hex')}`;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;

  await admin((c) => c.query(`CREATE DATABASE ${database}`));
  try {
    server = spawn(process.execPath, [join(process.cwd(), 'dist', 'main.js')], {
      env: {
        ...process.env,
        APP_ROLE: 'api',
        PORT: String(port),
        DATABASE_URL: databaseUrl(database),
        REDIS_URL,
        QUEUE_PREFIX: queuePrefix,
        ADMIN_API_KEY: adminKey,
        CONVENE_CLOCK: 'system',
        MIGRATIONS_RUN: 'true',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await waitUntilHealthy(baseUrl, server);

    const series = await call(baseUrl, adminKey, 'POST', '/api/series', {
      name: 'Benchmark series',
      summit: { title: 'Summit', city: 'New York', country: 'US', startsOn: `${year + 1}-06-29`, endsOn: `${year + 1}-07-03`, timezone: 'America/New_York', capacity: 1500 },
    });
    const conferences: BenchConference[] = [];
    for (const regional of REGIONALS) {
      const created = await call(baseUrl, adminKey, 'POST', `/api/series/${series.id}/conferences`, {
        title: `Countering terrorism with new technologies — ${regional.city}`,
        partners: [],
        languages: ['en', 'fr', 'ru'],
        capacity: 400,
        delegationQuota: 4,
        ...regional,
      });
      await call(baseUrl, adminKey, 'POST', `/api/conferences/${created.id}/transitions`, { to: 'inviting' });
      conferences.push({ id: created.id, city: regional.city });
    }

    const context: SeedContext = {
      baseUrl,
      adminKey,
      databaseUrl: databaseUrl(database),
      seriesId: series.id,
      conferences,
      invitationsPerConference: Number(process.env.BENCH_INVITATIONS ?? 100_000),
    };
    for (const seeder of SEEDERS) {
      const start = performance.now();
      await seeder.seed(context);
      console.log(`seeded ${seeder.name} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    }
    if (SEEDERS.length === 0) console.log('No seeders registered: measuring the five conferences without invitations.');

    const view = await call(baseUrl, adminKey, 'GET', '/api/pipeline');
    const invited = view.conferences.reduce((sum: number, c: { counts: { invited: number } }) => sum + c.counts.invited, 0);
    console.log(`pipeline: ${view.conferences.length} conferences, ${invited.toLocaleString('en')} invitations counted, ${view.queues.length} queues`);

    const latencies = (await measure(baseUrl, adminKey)).sort((a, b) => a - b);
    const mean = latencies.reduce((sum, l) => sum + l, 0) / latencies.length;
    const p99 = percentile(latencies, 99);
    console.log(`GET /api/pipeline: ${latencies.length} requests, ${CONCURRENCY} concurrent`);
    console.log(`  p50 ${percentile(latencies, 50).toFixed(1)} ms   p90 ${percentile(latencies, 90).toFixed(1)} ms   p99 ${p99.toFixed(1)} ms   max ${latencies.at(-1)!.toFixed(1)} ms   mean ${mean.toFixed(1)} ms`);
    console.log(`  target p99 < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'met' : 'NOT met'}`);
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    const redis = new IORedis(REDIS_URL);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
