import 'reflect-metadata';
import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { RunningApp, createApp } from '../bootstrap';
import { loadConfig } from '../platform/config/app-config';
import { runMigrations } from '../platform/database/migrate';
import { deleteKeysWithPrefix } from '../platform/messaging/redis-keys';
import { CliError, ConveneApi } from './api-client';
import { runDryRun } from './dry-run';
import { MODEL_SERIES_DRY_RUN } from './dry-run.steps';
import { Printer } from './output';
import { describeReadiness } from './series.command';

/**
 * `npm run demo`: a dry run of the model series, end to end, on a fresh machine where only
 * PostgreSQL and Redis run. It uses a database of its own (convene_demo) and a Redis key prefix of
 * its own, starts the service in this process on the manual clock, walks the series through its
 * year over HTTP, and stops.
 */

const DEMO_DATABASE = 'convene_demo';

class DemoError extends Error {}

interface DemoSettings {
  /** The maintenance database of the server, where convene_demo is created. */
  adminUrl: string;
  databaseUrl: string;
  redisUrl: string;
}

/** DATABASE_URL and REDIS_URL may point elsewhere; the demo still only ever writes to its own database. */
function demoSettings(env: NodeJS.ProcessEnv): DemoSettings {
  const server = new URL(env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  const at = (database: string) => {
    const url = new URL(server.toString());
    url.pathname = `/${database}`;
    return url.toString();
  };
  return { adminUrl: at('postgres'), databaseUrl: at(DEMO_DATABASE), redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379' };
}

const where = (url: string) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)}`;
};

const reason = (error: unknown) => (error as { code?: string }).code ?? (error as Error).message;

async function prepareDatabase(settings: DemoSettings): Promise<void> {
  const client = new Client({ connectionString: settings.adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new DemoError(`PostgreSQL is not reachable at ${where(settings.adminUrl)} (${reason(error)}). Start it, or set DATABASE_URL to a server where this user may create databases.`);
  }
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DEMO_DATABASE]);
    if (exists.rowCount === 0) {
      // 42P04: another run created it in the meantime.
      await client.query(`CREATE DATABASE ${DEMO_DATABASE}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

async function checkRedis(redisUrl: string): Promise<void> {
  const redis = new IORedis(redisUrl, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // The connection error itself arrives as an event; connect() only says the connection closed.
  let refused: unknown;
  redis.on('error', (error) => (refused ??= error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new DemoError(`Redis is not reachable at ${where(redisUrl)} (${reason(refused ?? error)}). Start it, or set REDIS_URL.`);
  } finally {
    redis.disconnect();
  }
}


function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface DemoOptions {
  /** Leave the service running after the dry run, so its data can be browsed, until Ctrl+C. */
  keep?: boolean;
}

/**
 * Resolves on the first Ctrl+C or termination signal. The service's own shutdown hooks are taken
 * off first: the demo closes it once itself, then removes its Redis keys.
 */
const stopSignal = () =>
  new Promise<void>((resolve) => {
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

export async function demo(env: NodeJS.ProcessEnv, write: (text: string) => void, options: DemoOptions = {}): Promise<number> {
  const out = new Printer(write, false);
  const started = Date.now();
  const settings = demoSettings(env);

  out.line('Convene dry run: the model series, from its first invitations to the summit.');
  await checkRedis(settings.redisUrl);
  await prepareDatabase(settings);
  const applied = await runMigrations(settings.databaseUrl);
  out.line(`Database ${DEMO_DATABASE} on ${where(settings.databaseUrl)}: ${applied.length ? `${applied.length} migration(s) applied` : 'schema up to date'}.`);

  const port = options.keep && env.PORT ? Number(env.PORT) : await freePort();
  const queuePrefix = `convene-demo-${randomBytes(4).toString('hex')}`;
  const adminKey = randomBytes(24).toString('hex');
  // The invitees read their mail here; an earlier run's messages would carry links of another key.
  const outboxDir = join(tmpdir(), 'convene-demo-outbox');
  await rm(outboxDir, { recursive: true, force: true });
  const config = loadConfig({
    APP_ROLE: 'all',
    PORT: String(port),
    DATABASE_URL: settings.databaseUrl,
    REDIS_URL: settings.redisUrl,
    QUEUE_PREFIX: queuePrefix,
    ADMIN_API_KEY: adminKey,
    CONVENE_CLOCK: 'manual',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    OUTBOX_DIR: outboxDir,
    // Every invitee answers from this one address.
    RSVP_RATE_LIMIT: '0',
    LOG_LEVEL: env.LOG_LEVEL || 'warn',
  });
  let running: RunningApp | undefined;
  try {
    running = await createApp(config);
    if (running.kind !== 'http') throw new DemoError('The demo service must serve HTTP.');
    await running.app.listen(port, '127.0.0.1');
    out.line(`Service started on http://127.0.0.1:${port} (roles api and worker, manual clock, mail to the ${config.outboxDir} folder).`);
    out.line();

    const ctx = await runDryRun(MODEL_SERIES_DRY_RUN, new ConveneApi(`http://127.0.0.1:${port}`, adminKey), out, { outboxDir });
    const series = await ctx.series();
    const states = new Map<string, number>();
    for (const c of series.conferences) states.set(c.state, (states.get(c.state) ?? 0) + 1);
    out.line('Summary');
    out.line(`  Simulated ${ctx.replay('2019-08-01')} to ${ctx.now.toISOString().slice(0, 10)} in ${((Date.now() - started) / 1000).toFixed(1)} s; the service performed ${ctx.performed} automatic transition(s) and other due work.`);
    out.line(`  Conferences by state: ${[...states].map(([state, n]) => `${state} ${n}`).join(', ')}.`);
    out.line(`  Summit readiness: ${describeReadiness(series)}.`);
    for (const finding of ctx.findings) out.line(`  ${finding}`);
    out.line(`  Series id ${series.id}, kept in the ${DEMO_DATABASE} database.`);
    if (ctx.problems.length) {
      out.line('The dry run found problems:');
      for (const problem of ctx.problems) out.line(`  - ${problem}`);
      return 1;
    }
    out.line('Dry run completed.');
    if (options.keep) {
      const base = `http://127.0.0.1:${port}`;
      out.line();
      out.line('The service keeps running (Ctrl+C stops it):');
      out.line(`  Dashboard        ${base}/dashboard (sign in with the key below)`);
      out.line(`  Secretariat desk ${base}/dashboard/desk`);
      out.line(`  Queue board      ${base}/admin/queues`);
      out.line(`  API key (admin)  ${adminKey}`);
      out.line(`  Command line     CONVENE_URL=${base} CONVENE_API_KEY=${adminKey} npx convene status`);
      await stopSignal();
    }
    return 0;
  } finally {
    await running?.app.close();
    await deleteKeysWithPrefix(settings.redisUrl, queuePrefix).catch(() => undefined);
  }
}

if (require.main === module) {
  demo(process.env, (text) => process.stdout.write(text), { keep: process.argv.slice(2).includes('--keep') }).then(
    (code) => {
      process.exitCode = code;
      // Anything still holding the event loop must not keep a finished dry run alive.
      setTimeout(() => process.exit(code), 2000).unref();
    },
    (error: unknown) => {
      if (error instanceof DemoError) console.error(error.message);
      else if (error instanceof CliError) console.error(`The dry run failed: ${error.message}${error.details.map((d) => `\n  - ${d}`).join('')}`);
      else console.error(`The dry run failed: ${(error as Error).stack ?? String(error)}`);
      process.exit(1);
    },
  );
}
