import { ChildProcess, execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

/**
 * PostgreSQL and Redis for the demo and the tests on a machine where nothing answers on the
 * default addresses: private servers in a temporary folder, from the system's own binaries
 * (PostgreSQL's initdb/pg_ctl, redis-server), stopped again at the end.
 */

const run = promisify(execFile);

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface ServerWish {
  /** The address the user named (an environment variable), used as it is; null for the default. */
  postgresUrl: string | null;
  redisUrl: string | null;
  /** The caller reaches a Redis of its own by other means (a cluster): none is looked for or started. */
  ownRedis?: boolean;
}

export interface Servers {
  postgresUrl: string;
  redisUrl: string;
  /** What was started, for the operator ("a private PostgreSQL on port 41234"). */
  started: string[];
  stop(): Promise<void>;
}

export class ServersUnavailable extends Error {}

/** Whether something accepts TCP connections at the host and port of a URL. */
export function answers(url: string, defaultPort: number, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || defaultPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** An executable on PATH, or in the first of `extraDirs` that has it. */
function findExecutable(name: string, extraDirs: string[] = []): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), ...extraDirs]) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** Debian installs each PostgreSQL major version's programs off PATH, under /usr/lib/postgresql/<version>/bin. */
function postgresBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(root, v, 'bin'));
}

/** PostgreSQL refuses to run as root: under root the server runs as the postgres (or nobody) account. */
function serverAccount(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':'));
  const entry = passwd.find((f) => f[0] === 'postgres') ?? passwd.find((f) => f[0] === 'nobody');
  if (!entry) throw new ServersUnavailable('PostgreSQL cannot run as root and this machine has no postgres or nobody account to run it as.');
  return { uid: Number(entry[2]), gid: Number(entry[3]) };
}

async function waitUntil(what: string, probe: () => Promise<boolean>, seconds = 30): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (!(await probe())) {
    if (Date.now() > until) throw new ServersUnavailable(`The private ${what} did not start within ${seconds} s.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function startPostgres(folder: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const dirs = postgresBinDirs();
  const initdb = findExecutable('initdb', dirs);
  const pgCtl = findExecutable('pg_ctl', dirs);
  if (!initdb || !pgCtl) {
    throw new ServersUnavailable(
      'Nothing answers on 127.0.0.1:5432 and no initdb/pg_ctl was found to start a private PostgreSQL: install the Debian package postgresql (apt-get install postgresql), or set DATABASE_URL (TEST_POSTGRES_URL for the tests) to a server.',
    );
  }
  const data = join(folder, 'postgres');
  const account = serverAccount();
  const as = account ? { uid: account.uid, gid: account.gid } : {};
  if (account) chownSync(folder, account.uid, account.gid);
  await run(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], as);
  const port = await freePort();
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  await run(pgCtl, ['-D', data, '-o', options, '-l', join(folder, 'postgres.log'), '-w', '-t', '60', 'start'], as);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await run(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop'], as).catch(() => undefined);
    },
  };
}

async function startRedis(folder: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const redisServer = redisServerProgram();
  if (!redisServer) {
    throw new ServersUnavailable(
      'Nothing answers on 127.0.0.1:6379 and no redis-server was found to start a private Redis: install the Debian package redis-server (apt-get install redis-server), or set REDIS_URL (TEST_REDIS_URL for the tests) to a server.',
    );
  }
  const port = await freePort();
  const child: ChildProcess = spawn(redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder, '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  await waitUntil('Redis', () => answers(url, 6379, 200));
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The system's redis-server, or null where it is not installed. */
export const redisServerProgram = (): string | null => findExecutable('redis-server', ['/usr/bin', '/usr/local/bin']);

export interface LocalRedisCluster {
  /** `127.0.0.1:<port>,…`, for REDIS_CLUSTER_NODES. */
  nodes: string;
  target: { clusterNodes: Array<{ host: string; port: number }> };
  stop(): Promise<void>;
}

/**
 * A Redis Cluster of `masters` local redis-server processes (no replicas) in a temporary folder,
 * for the test and the benchmark that run the service on a cluster; stop() removes the folder.
 */
export async function startRedisCluster(masters = 3): Promise<LocalRedisCluster> {
  const redisServer = redisServerProgram();
  const redisCli = findExecutable('redis-cli', ['/usr/bin', '/usr/local/bin']);
  if (!redisServer || !redisCli) throw new ServersUnavailable('No redis-server and redis-cli were found to start a local Redis Cluster: install the Debian package redis-server (apt-get install redis-server).');
  const folder = mkdtempSync(join(tmpdir(), 'convene-redis-cluster-'));
  const children: Array<{ child: ChildProcess; exited: Promise<void> }> = [];
  const stop = async () => {
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => c.exited));
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    const addresses: string[] = [];
    const clusterNodes: Array<{ host: string; port: number }> = [];
    for (let i = 0; i < masters; i++) {
      // The cluster bus gets a port of its own: the default (port + 10000) may be taken or out of range.
      const [port, busPort] = [await freePort(), await freePort()];
      const child = spawn(
        redisServer,
        ['--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`,
          '--dir', folder, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
        { stdio: 'ignore' },
      );
      children.push({ child, exited: new Promise<void>((resolve) => child.once('exit', () => resolve())) });
      addresses.push(`127.0.0.1:${port}`);
      clusterNodes.push({ host: '127.0.0.1', port });
    }
    for (const address of addresses) await waitUntil('Redis Cluster node', () => answers(`redis://${address}`, 6379, 200));
    await run(redisCli, ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes']);
    // Every node must see all slots served before a client's first command is routed.
    for (const address of addresses) {
      const [host, port] = address.split(':');
      await waitUntil('Redis Cluster', async () => /cluster_state:ok/.test((await run(redisCli, ['-h', host, '-p', port, 'cluster', 'info'])).stdout));
    }
    return { nodes: addresses.join(','), target: { clusterNodes }, stop };
  } catch (error) {
    await stop();
    throw error instanceof ServersUnavailable ? error : new ServersUnavailable(`A local Redis Cluster could not be started: ${(error as Error).message}`);
  }
}

/**
 * The servers to use: those the user named, else the default addresses when something answers
 * there, else private ones started for this run. stop() stops only what was started here.
 */
export async function ensureServers(wish: ServerWish, defaults = { postgresUrl: DEFAULT_POSTGRES_URL, redisUrl: DEFAULT_REDIS_URL }): Promise<Servers> {
  const postgresUrl = wish.postgresUrl ?? defaults.postgresUrl;
  const redisUrl = wish.redisUrl ?? defaults.redisUrl;
  const needPostgres = wish.postgresUrl === null && !(await answers(postgresUrl, 5432));
  const needRedis = wish.redisUrl === null && !wish.ownRedis && !(await answers(redisUrl, 6379));
  if (!needPostgres && !needRedis) return { postgresUrl, redisUrl, started: [], stop: async () => undefined };

  const folder = mkdtempSync(join(tmpdir(), 'convene-servers-'));
  const stops: Array<() => Promise<void>> = [];
  const started: string[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    const postgres = needPostgres ? await startPostgres(folder) : null;
    if (postgres) {
      stops.push(postgres.stop);
      started.push(`a private PostgreSQL on ${new URL(postgres.url).host}`);
    }
    const redis = needRedis ? await startRedis(folder) : null;
    if (redis) {
      stops.push(redis.stop);
      started.push(`a private Redis on ${new URL(redis.url).host}`);
    }
    return { postgresUrl: postgres?.url ?? postgresUrl, redisUrl: redis?.url ?? redisUrl, started, stop };
  } catch (error) {
    await stop();
    if (error instanceof ServersUnavailable) throw error;
    throw new ServersUnavailable(`A private server could not be started: ${(error as Error).message}`);
  }
}
