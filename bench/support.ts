/** What the benchmarks share: a database of their own, the built service as child processes, memory readings. */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { runMigrations } from '../src/platform/database/migrate';

export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ADMIN_KEY = `bench-admin-${randomBytes(12).toString('hex')}`;

export function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

/** A new database with nothing in it (any earlier one of that name is dropped); returns its URL. */
export async function emptyDatabase(name: string): Promise<string> {
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a benchmark's database, with whatever is still connected to it. */
export async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => admin.end());
}

/** A new database with this checkout's schema. */
export async function freshDatabase(name: string): Promise<string> {
  const url = await emptyDatabase(name);
  await runMigrations(url);
  return url;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Peak resident memory of a process in MiB, from the kernel's high-water mark. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

export interface ServiceProcess {
  role: string;
  pid: number;
  peakRssMb(): number;
  stop(): Promise<void>;
}

/** Every service process this benchmark started, for the peak memory it hands to the runner. */
export const startedServices: ServiceProcess[] = [];

/** The built service (dist/main.js of `checkout`, by default this one) in one role, as operators run it. */
export async function startService(role: 'api' | 'worker' | 'all', env: Record<string, string>, port?: number, checkout = process.cwd()): Promise<ServiceProcess> {
  // BENCH_PROFILE=worker (or api) writes a V8 CPU profile of that role into ./profiles on exit.
  const profile = process.env.BENCH_PROFILE === role ? ['--cpu-prof', `--cpu-prof-dir=${process.cwd()}/profiles`] : [];
  // BENCH_SERVICE_NODE_FLAGS (e.g. a V8 heap flag) are given to the service's processes only, not to the load generator.
  const flags = (process.env.BENCH_SERVICE_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...flags, ...profile, 'dist/main.js'], {
    cwd: checkout,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, APP_ROLE: role, ...(port ? { PORT: String(port) } : {}) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let running = true;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running = false;
      resolve();
    }),
  );
  if (port) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the ${role} process did not answer /health within 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } else {
    await new Promise((r) => setTimeout(r, 3000));
  }
  let peak = 0;
  const service: ServiceProcess = {
    role,
    pid: child.pid!,
    peakRssMb: () => (peak = Math.max(peak, running ? peakRssMb(child.pid!) : peak)),
    stop: async () => {
      peak = Math.max(peak, running ? peakRssMb(child.pid!) : peak);
      child.kill('SIGTERM');
      await exited;
    },
  };
  startedServices.push(service);
  return service;
}

export async function api(port: number, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);

/** Polls until `probe` holds; returns the moment it did (performance.now()). */
export async function until(probe: () => Promise<boolean> | boolean, what: string, timeoutMs = 30 * 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now();
}

/** A date `offset` days from today, YYYY-MM-DD: benchmark conferences run on the real clock. */
export const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

type CpuGroups = Record<string, (pid: number, command: string) => boolean>;

/** A CPU group of the PostgreSQL backends serving `database`: a backend's command line names its database. */
export const backendsOf =
  (database: string) =>
  (_pid: number, command: string): boolean =>
    command.startsWith('postgres: ') && command.includes(` ${database} `);

/** CPU time used so far, in ms, by each process of the groups (Linux /proc; empty elsewhere). */
export function cpuSnapshot(groups: CpuGroups): Map<number, { group: string; ms: number }> {
  const snapshot = new Map<number, { group: string; ms: number }>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return snapshot;
  }
  for (const entry of pids) {
    const pid = Number(entry);
    let stat: string;
    let command: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue; // exited meanwhile
    }
    const group = Object.keys(groups).find((g) => groups[g](pid, command));
    if (!group) continue;
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    snapshot.set(pid, { group, ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS });
  }
  return snapshot;
}

/** The machine's CPU counters (all cores, in clock ticks): /proc/stat's first line. */
export function machineCpu(): { busy: number; idle: number; steal: number } {
  try {
    const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
  } catch {
    return { busy: 0, idle: 0, steal: 0 };
  }
}

/**
 * How the machine's CPU went between two readings, in % of all its cores: used here, idle, and
 * stolen (taken by the hypervisor for other guests on a shared host; this machine cannot use it).
 */
export function machineShare(before: ReturnType<typeof machineCpu>, after: ReturnType<typeof machineCpu>): { busy: number; idle: number; steal: number } {
  const busy = after.busy - before.busy;
  const idle = after.idle - before.idle;
  const steal = after.steal - before.steal;
  const total = busy + idle + steal || 1;
  return { busy: (100 * busy) / total, idle: (100 * idle) / total, steal: (100 * steal) / total };
}

/**
 * CPU ms each group used between two snapshots, process by process: a process started meanwhile
 * counts from zero; one that exited meanwhile is missing (keep the processes measured alive).
 */
export function cpuSpent(before: ReturnType<typeof cpuSnapshot>, after: ReturnType<typeof cpuSnapshot>): Record<string, number> {
  const spent: Record<string, number> = {};
  for (const [pid, { group, ms }] of after) spent[group] = (spent[group] ?? 0) + ms - (before.get(pid)?.ms ?? 0);
  return spent;
}

/** Kernel clock ticks per second, in which /proc reports CPU time. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
