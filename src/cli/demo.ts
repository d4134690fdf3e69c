import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { RunningApp, createApp } from '../bootstrap';
import { RedisTarget, loadConfig, parseClusterNodes } from '../platform/config/app-config';
import { runMigrations } from '../platform/database/migrate';
import { connected, openRedis } from '../platform/messaging/redis-connection';
import { deleteKeysWithPrefix } from '../platform/messaging/redis-keys';
import { CliError, ConveneApi } from './api-client';
import { DEFAULT_SIZE, FAST_SIZE } from './demo-directory';
import { DryRunContext, runDryRun } from './dry-run';
import { MODEL_SERIES_DRY_RUN } from './dry-run.plan';
import { summitTotals } from './dry-run.reports';
import { Printer, renderTable } from './output';
import { Servers, ServersUnavailable, ensureServers, freePort } from './private-servers';
import { describeReadiness } from './series.command';

/**
 * `npm run demo`: a dry run of the model series, end to end. It uses a database of its own
 * (convene_demo) and a Redis key prefix of its own, on the default servers or private ones it
 * starts when nothing answers there, starts the service in this process on the manual clock,
 * walks the series through its year over HTTP, and stops.
 */

const DEFAULT_DATABASE = 'convene_demo';

class DemoError extends Error {}

interface DemoSettings {
  /** convene_demo, or DEMO_DATABASE (a test's database of its own). */
  database: string;
  /** The maintenance database of the server, where convene_demo is created. */
  adminUrl: string;
  databaseUrl: string;
  /** The servers' Redis, or the Redis Cluster REDIS_CLUSTER_NODES names. */
  redis: RedisTarget;
}

/** REDIS_CLUSTER_NODES read as the service reads it, or null when the demo is to use one Redis server. */
export function demoClusterNodes(env: NodeJS.ProcessEnv): string | null {
  const nodes = env.REDIS_CLUSTER_NODES?.trim();
  if (!nodes) return null;
  if (env.REDIS_URL) throw new DemoError('REDIS_URL and REDIS_CLUSTER_NODES are both set: set REDIS_URL for one Redis server or REDIS_CLUSTER_NODES for a cluster, not both.');
  try {
    parseClusterNodes(nodes);
  } catch {
    throw new DemoError(`REDIS_CLUSTER_NODES must be a comma-separated list of host:port (e.g. 10.0.0.1:7000,10.0.0.2:7000), not ${nodes}.`);
  }
  return nodes;
}

/** The service's Redis variables and a queue prefix of the demo's own, hash-tagged on a cluster so that each queue's keys share a slot. */
export function demoRedisEnv(clusterNodes: string | null, redisUrl: string, id: string): { QUEUE_PREFIX: string } & ({ REDIS_URL: string } | { REDIS_CLUSTER_NODES: string }) {
  return clusterNodes ? { REDIS_CLUSTER_NODES: clusterNodes, QUEUE_PREFIX: `{convene-demo-${id}}` } : { REDIS_URL: redisUrl, QUEUE_PREFIX: `convene-demo-${id}` };
}

/** DATABASE_URL and REDIS_URL (or REDIS_CLUSTER_NODES) may point elsewhere; the demo still only ever writes to its own database. */
function demoSettings(servers: Servers, env: NodeJS.ProcessEnv): DemoSettings {
  const database = env.DEMO_DATABASE || DEFAULT_DATABASE;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new DemoError(`DEMO_DATABASE must be a plain database name (lower-case letters, digits, _), not ${database}.`);
  const server = new URL(servers.postgresUrl);
  const at = (database: string) => {
    const url = new URL(server.toString());
    url.pathname = `/${database}`;
    return url.toString();
  };
  const clusterNodes = demoClusterNodes(env);
  return { database, adminUrl: at('postgres'), databaseUrl: at(database), redis: clusterNodes ? { clusterNodes: parseClusterNodes(clusterNodes) } : { url: servers.redisUrl } };
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
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [settings.database]);
    if (exists.rowCount === 0) {
      // 42P04: another run created it in the meantime.
      await client.query(`CREATE DATABASE ${settings.database}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/** Opens the demo's Redis as the service does (openRedis), so that a cluster is reached the same way. */
export async function checkRedis(target: RedisTarget): Promise<void> {
  const redis = openRedis(target, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // The connection error itself arrives as an event; connect() only says the connection closed.
  let refused: unknown;
  redis.on('error', (error) => (refused ??= error));
  try {
    await connected(redis);
    await redis.ping();
  } catch (error) {
    const at = 'url' in target ? `Redis is not reachable at ${where(target.url)}` : `The Redis Cluster is not reachable at ${target.clusterNodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
    throw new DemoError(`${at} (${reason(refused ?? error)}). Start it, or set ${'url' in target ? 'REDIS_URL' : 'REDIS_CLUSTER_NODES'}.`);
  } finally {
    redis.disconnect();
  }
}


export interface DemoOptions {
  /** Leave the service running after the dry run, so its data can be browsed, until Ctrl+C. */
  keep?: boolean;
  /** A small directory, for tests. */
  fast?: boolean;
  seed?: number;
  /** Where progress bars are drawn (only a terminal gets them). */
  progressStream?: NodeJS.WriteStream;
}

/** The demo's options from its command line: --fast, --keep, --seed N. */
export function parseDemoArgs(args: string[]): DemoOptions {
  const options: DemoOptions = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--fast') options.fast = true;
    else if (args[i] === '--keep') options.keep = true;
    else if (args[i] === '--seed' || args[i].startsWith('--seed=')) {
      const value = args[i].includes('=') ? args[i].split('=')[1] : args[++i];
      if (!/^\d{1,9}$/.test(value ?? '')) throw new DemoError(`--seed needs a whole number, not ${value ?? 'nothing'}.`);
      options.seed = Number(value);
    } else throw new DemoError(`Unknown option ${args[i]}; the demo takes --fast, --keep and --seed N.`);
  }
  return options;
}

interface WorkerProcess {
  /** The last lines the worker wrote, to explain a failure. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * A second process consuming the same queues (badges, reports, mail), so the workers' rendering
 * uses the machine's other core while this process serves the API and plays the secretariat.
 */
function startWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [join(__dirname, '..', 'main.js')], { env: { ...env, PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  const keep = (chunk: Buffer) => (said = (said + chunk.toString()).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A demo stopped by a signal must not leave its worker behind.
  const orphaned = () => child.kill('SIGTERM');
  process.once('exit', orphaned);
  void exited.then(() => process.off('exit', orphaned));
  return {
    output: () => said,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
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
  out.line('Convene dry run: the model series, from its first invitations to the summit report.');
  let servers: Servers;
  try {
    servers = await ensureServers({ postgresUrl: env.DATABASE_URL || null, redisUrl: env.REDIS_URL || null, ownRedis: demoClusterNodes(env) !== null });
  } catch (error) {
    if (error instanceof ServersUnavailable) throw new DemoError(error.message);
    throw error;
  }
  if (servers.started.length) out.line(`Nothing answers on the default address: started ${servers.started.join(' and ')} in the temporary folder, stopped at the end.`);
  try {
    return await demoOn(servers, env, out, options);
  } finally {
    await servers.stop();
  }
}

async function demoOn(servers: Servers, env: NodeJS.ProcessEnv, out: Printer, options: DemoOptions): Promise<number> {
  const started = Date.now();
  const settings = demoSettings(servers, env);
  await checkRedis(settings.redis);
  await prepareDatabase(settings);
  const applied = await runMigrations(settings.databaseUrl);
  out.line(`Database ${settings.database} on ${where(settings.databaseUrl)}: ${applied.length ? `${applied.length} migration(s) applied` : 'schema up to date'}.`);

  const port = options.keep && env.PORT ? Number(env.PORT) : await freePort();
  const redisEnv = demoRedisEnv(demoClusterNodes(env), 'url' in settings.redis ? settings.redis.url : '', randomBytes(4).toString('hex'));
  const queuePrefix = redisEnv.QUEUE_PREFIX;
  const adminKey = randomBytes(24).toString('hex');
  // The invitees read their mail here; an earlier run's messages would carry links of another key.
  const outboxDir = join(tmpdir(), 'convene-demo-outbox');
  await rm(outboxDir, { recursive: true, force: true });
  const filesDir = join(tmpdir(), 'convene-demo');
  await rm(filesDir, { recursive: true, force: true });
  await mkdir(filesDir, { recursive: true });
  const serviceEnv: Record<string, string> = {
    APP_ROLE: 'all',
    PORT: String(port),
    DATABASE_URL: settings.databaseUrl,
    ...redisEnv,
    ADMIN_API_KEY: adminKey,
    CONVENE_CLOCK: 'manual',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    OUTBOX_DIR: outboxDir,
    // Every invitee answers, and gives feedback, from this one address.
    RSVP_RATE_LIMIT: '0',
    FEEDBACK_RATE_LIMIT: '0',
    LOG_LEVEL: env.LOG_LEVEL || 'warn',
  };
  const config = loadConfig(serviceEnv);
  let running: RunningApp | undefined;
  let worker: WorkerProcess | undefined;
  try {
    running = await createApp(config);
    if (running.kind !== 'http') throw new DemoError('The demo service must serve HTTP.');
    await running.app.listen(port, '127.0.0.1');
    worker = startWorker({ ...serviceEnv, APP_ROLE: 'worker' });
    out.line(`Service started on http://127.0.0.1:${port} (roles api and worker, a second worker process, manual clock, mail to the ${config.outboxDir} folder).`);
    out.line();

    const size = options.fast ? FAST_SIZE : DEFAULT_SIZE;
    const api = new ConveneApi(`http://127.0.0.1:${port}`, adminKey);
    const ctx = await runDryRun(MODEL_SERIES_DRY_RUN, api, out, { outboxDir, filesDir, apiKey: adminKey, size, seed: options.seed ?? 0, progressStream: options.progressStream });
    await printSummary(ctx, out, started, settings.database);
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
  } catch (error) {
    const said = worker?.output().trim();
    if (said) out.line(`The worker process said:\n${said}`);
    throw error;
  } finally {
    await worker?.stop();
    await running?.app.close();
    await deleteKeysWithPrefix(settings.redis, queuePrefix).catch(() => undefined);
  }
}

/** One screen: the year in numbers, the summit report's totals, each regional conference, and the files kept. */
async function printSummary(ctx: DryRunContext, out: Printer, started: number, database: string): Promise<void> {
  const series = await ctx.series();
  const states = new Map<string, number>();
  for (const c of series.conferences) states.set(c.state, (states.get(c.state) ?? 0) + 1);
  out.line('Summary');
  out.line(`  Simulated ${ctx.replay('2019-08-01')} to ${ctx.now.toISOString().slice(0, 10)} in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${ctx.seed}); the service performed ${ctx.performed} automatic transition(s) and other due work.`);
  out.line(`  Conferences by state: ${[...states].map(([state, n]) => `${state} ${n}`).join(', ')}.`);
  out.line(`  Summit readiness: ${describeReadiness(series)}.`);
  for (const finding of ctx.findings) out.line(`  ${finding}`);
  const report = summitTotals.get(ctx);
  if (report) {
    const t = report.totals;
    out.line(`  Summit report totals: ${t.invited} invited, ${t.accepted} accepted, ${t.attended} attended, ${t.countries} countries, ${t.organisations} organisations.`);
    out.line(renderTable(report.conferences, [
      { header: 'Regional conference', value: (c) => c.city ?? '-' },
      { header: 'Report', value: (c) => c.report },
      { header: 'Attended', value: (c) => c.attended ?? '-' },
    ]).trimEnd());
  }
  out.line(`  Series id ${series.id}, kept in the ${database} database.`);
  if (ctx.files.length) {
    out.line('Files');
    const width = Math.max(...ctx.files.map((f) => f.what.length));
    for (const file of ctx.files) out.line(`  ${file.what.padEnd(width)}  ${file.path}`);
  }
}

if (require.main === module) {
  let options: DemoOptions;
  try {
    options = { ...parseDemoArgs(process.argv.slice(2)), progressStream: process.stdout };
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  demo(process.env, (text) => process.stdout.write(text), options).then(
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
