/**
 * Badges and the door, through the built service (dist/main.js: one API and one worker process,
 * LOG_LEVEL=warn) on a database and Redis prefix of its own.
 * 1. Badges: BENCH_PARTICIPANTS (default 5,000) invitations accepted over POST /rsvp/:token (one
 *    participant each); from the first answer to the last badge stored by the worker, beside the same
 *    badge rendered by the PDF library alone in a loop in this process (BENCH_LIBRARY_BADGES, default
 *    300): badges per second and the ratio. Targets: ratio >= 0.7, 5,000 in under 60 s.
 * 2. Check-in: the conference made ready, then POST /api/checkin with every badge's distinct code
 *    under BENCH_CONNECTIONS (default 50) connections. Targets: >= 1,000 scans/s, p99 < 50 ms, 0 errors.
 * Also printed: the CPU the worker and API processes spent per participant from the first answer to the last
 * badge (the worker's every thread), the worker's peak RSS, the CPU one scan costs the API process, PostgreSQL
 * (every PostgreSQL process on the machine: others' load counts too) and this database's own backends, and
 * what the scans cost this database (from its statistics views, which no other work touches):
 * transactions, buffers touched, rows read and written per scan, table by table. BENCH_CHECKOUT runs the
 * built service of another checkout (e.g. a `git worktree` of an earlier commit) for comparing
 * builds back to back. Before the scans, GET /health under the same connections shows what the HTTP
 * stack and this process's load generator reach without the door's work. The machine's load average
 * is printed at the start and end. Run with `npm run bench:logistics`.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { BadgeCodes } from '../src/modules/accreditation/badge-codes';
import { renderBadge } from '../src/modules/accreditation/accreditation-documents';
import { loadConfig } from '../src/platform/config/app-config';
import { deleteKeysWithPrefix } from '../src/platform/messaging/redis-keys';
import { autocannon, rsvpConference, seedInvitations } from './rsvp-load';
import { ADMIN_KEY, REDIS_URL, api, cpuSnapshot, cpuSpent, dropDatabase, freePort, freshDatabase, startService, until } from './support';
import { recordResults } from './results';

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 5_000);
const LIBRARY_BADGES = Number(process.env.BENCH_LIBRARY_BADGES ?? 300);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const TOKEN_SECRET = randomBytes(32).toString('hex');
const CHECKOUT = process.env.BENCH_CHECKOUT ?? process.cwd();

/** Badges per second, unrounded. */
async function libraryAlone(): Promise<number> {
  const badge = {
    conferenceTitle: 'Countering terrorism with new technologies — Budapest',
    city: 'Budapest',
    startsOn: '2027-12-01',
    endsOn: '2027-12-02',
    honorific: null,
    fullName: 'Delegate 1234',
    jobTitle: null,
    delegation: 'Hungary',
    affiliation: null,
    capacity: 'Head of delegation',
    code: `cvn1.${'4f7d1c2a-0b3e-4c5d-8e9f-0a1b2c3d4e5f'}.${'x'.repeat(24)}`,
  };
  await renderBadge(badge);
  const started = performance.now();
  for (let i = 0; i < LIBRARY_BADGES; i++) await renderBadge({ ...badge, fullName: `Delegate ${i}` });
  return (LIBRARY_BADGES * 1000) / (performance.now() - started);
}

type TableWork = { seqTupRead: number; idxScan: number; inserted: number; updated: number; hot: number; deleted: number; blocks: number };
interface DatabaseWork {
  commits: number;
  blocks: number;
  returned: number;
  fetched: number;
  tables: Map<string, TableWork>;
}

/** This database's cumulative statistics (every backend flushes its share within about ten seconds of going idle). */
async function databaseWork(db: Client): Promise<DatabaseWork> {
  const [d] = (
    await db.query(
      `SELECT xact_commit::float8 AS commits, (blks_hit + blks_read)::float8 AS blocks, tup_returned::float8 AS returned, tup_fetched::float8 AS fetched
       FROM pg_stat_database WHERE datname = current_database()`,
    )
  ).rows;
  const rows = (
    await db.query(
      `SELECT t.relname, coalesce(t.seq_tup_read, 0)::float8 AS seq, coalesce(t.idx_scan, 0)::float8 AS idx, t.n_tup_ins::float8 AS ins, t.n_tup_upd::float8 AS upd,
              t.n_tup_hot_upd::float8 AS hot, t.n_tup_del::float8 AS del,
              (coalesce(io.heap_blks_hit, 0) + coalesce(io.heap_blks_read, 0) + coalesce(io.idx_blks_hit, 0) + coalesce(io.idx_blks_read, 0)
                + coalesce(io.toast_blks_hit, 0) + coalesce(io.toast_blks_read, 0) + coalesce(io.tidx_blks_hit, 0) + coalesce(io.tidx_blks_read, 0))::float8 AS blocks
       FROM pg_stat_user_tables t JOIN pg_statio_user_tables io USING (relid)`,
    )
  ).rows;
  return {
    commits: d.commits,
    blocks: d.blocks,
    returned: d.returned,
    fetched: d.fetched,
    tables: new Map(rows.map((r) => [r.relname, { seqTupRead: r.seq, idxScan: r.idx, inserted: r.ins, updated: r.upd, hot: r.hot, deleted: r.del, blocks: r.blocks }])),
  };
}

/** What `count` scans cost this database between two readings, per scan, the busiest tables first. */
function printDatabaseWork(before: DatabaseWork, after: DatabaseWork, count: number): void {
  const per = (n: number) => (n / Math.max(1, count)).toFixed(2);
  console.log(
    `check-in database work per scan: ${per(after.commits - before.commits)} transactions, ${per(after.blocks - before.blocks)} buffers, ` +
      `${per(after.returned - before.returned + after.fetched - before.fetched)} rows read`,
  );
  const zero: TableWork = { seqTupRead: 0, idxScan: 0, inserted: 0, updated: 0, hot: 0, deleted: 0, blocks: 0 };
  const tables = [...after.tables].map(([name, a]) => {
    const b = before.tables.get(name) ?? zero;
    return { name, ...Object.fromEntries(Object.keys(zero).map((k) => [k, a[k as keyof TableWork] - b[k as keyof TableWork]])) } as TableWork & { name: string };
  });
  for (const t of tables.filter((t) => t.blocks + t.seqTupRead + t.inserted + t.updated + t.deleted > 0).sort((x, y) => y.blocks - x.blocks)) {
    console.log(
      `  ${t.name}: ${per(t.blocks)} buffers, ${per(t.idxScan)} index scans, ${per(t.seqTupRead)} rows by sequential scan, ` +
        `${per(t.inserted)} inserted, ${per(t.updated)} updated (${per(t.hot)} HOT), ${per(t.deleted)} deleted`,
    );
  }
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function main(): Promise<void> {
  console.log(`load average at the start: ${load()} (checkout ${CHECKOUT})`);
  // A name of its own, so that two checkouts can run this benchmark at the same time.
  const database = `convene_bench_logistics_${randomBytes(4).toString('hex')}`;
  const databaseUrl = await freshDatabase(database);
  const prefix = `benchlog${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const env = { DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: prefix, ADMIN_API_KEY: ADMIN_KEY, TOKEN_SECRET, RSVP_RATE_LIMIT: '0', CONVENE_CLOCK: 'system' };
  const apiProcess = await startService('api', env, port, CHECKOUT);
  const worker = await startService('worker', env, undefined, CHECKOUT);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const conferenceId = await rsvpConference(port);
    const tokens = await seedInvitations(databaseUrl, conferenceId, PARTICIPANTS, TOKEN_SECRET);
    const issued = async () => (await db.query(`SELECT count(*)::int AS n FROM logistics_badges WHERE status = 'issued'`)).rows[0].n as number;

    let n = 0;
    const services = { worker: (pid: number) => pid === worker.pid, api: (pid: number) => pid === apiProcess.pid };
    const badgesCpuBefore = cpuSnapshot(services);
    const started = performance.now();
    const answers = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: CONNECTIONS,
      amount: PARTICIPANTS,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, path: `/rsvp/${tokens[n++]}`, body: JSON.stringify({ response: 'accept' }) }) }],
    });
    const answered = performance.now();
    const last = await until(async () => (await issued()) >= PARTICIPANTS, 'every badge', 20 * 60_000);
    const workerRate = (PARTICIPANTS * 1000) / (last - started);
    const badgesCpu = cpuSpent(badgesCpuBefore, cpuSnapshot(services));
    const library = await libraryAlone();
    console.log(`badges: ${PARTICIPANTS} answers in ${((answered - started) / 1000).toFixed(1)} s (${answers.non2xx} refused); last badge stored after ${((last - started) / 1000).toFixed(1)} s`);
    console.log(`badges: workers ${workerRate.toFixed(1)}/s, PDF library alone ${library.toFixed(1)}/s, ratio ${(workerRate / library).toFixed(2)}x (target >= 0.7x, under 60 s)`);
    // CPU time sways less than rates on a shared machine; the worker's covers all its threads and the confirmations' other work (mail).
    const perBadge = (group: string) => ((badgesCpu[group] ?? 0) / PARTICIPANTS).toFixed(1);
    console.log(`badges CPU per participant, first answer to last badge: worker ${perBadge('worker')} ms, API ${perBadge('api')} ms; PDF library alone ${(1000 / library).toFixed(1)} ms of wall time per badge`);

    await db.query(`UPDATE logistics_tasks SET done = true WHERE conference_id = $1`, [conferenceId]);
    await db.query(
      `INSERT INTO delegation_credentials (conference_id, invitation_id, kind, filename, size, sha256, content, uploaded_at, status, reviewed_by, reviewed_at)
       SELECT conference_id, id, 'note_verbale', 'note.pdf', 5, '', '\\x2550444627'::bytea, now(), 'verified', 'bench', now() FROM invitations WHERE conference_id = $1`,
      [conferenceId],
    );
    await api(port, 'POST', `/api/conferences/${conferenceId}/transitions`, { to: 'registration_closed' });
    await api(port, 'POST', `/api/conferences/${conferenceId}/transitions`, { to: 'ready' });
    const codes = new BadgeCodes(loadConfig({ DATABASE_URL: databaseUrl, REDIS_URL, ADMIN_API_KEY: ADMIN_KEY, TOKEN_SECRET }));
    const badgeCodes = (await db.query(`SELECT badge_id FROM logistics_badges WHERE status = 'issued'`)).rows.map((r) => codes.codeFor(r.badge_id));
    let next = 0;
    // This database's backends, by their pids: the service's pools keep their connections open.
    const backends = async () => new Set((await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows.map((r) => r.pid as number));
    let ours = await backends();
    const groups = {
      api: (pid: number) => pid === apiProcess.pid,
      worker: (pid: number) => pid === worker.pid,
      ours: (pid: number) => ours.has(pid),
      // The other PostgreSQL processes (the first group a process matches takes it).
      postgres: (_pid: number, command: string) => command.startsWith('postgres'),
    };
    // Every backend's statistics of the setup flushed, so that the reading after counts the scans alone.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    // The same connections on a route that does no scan's work: how far the HTTP stack and this load generator go alone.
    const healthCpuBefore = cpuSnapshot(groups);
    const health = await autocannon({ url: `http://127.0.0.1:${port}/health`, connections: CONNECTIONS, amount: badgeCodes.length });
    const healthCpu = cpuSpent(healthCpuBefore, cpuSnapshot(groups));
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const workBefore = await databaseWork(db);
    const cpuBefore = cpuSnapshot(groups);
    const scans = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: CONNECTIONS,
      amount: badgeCodes.length,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      requests: [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, path: '/api/checkin', body: JSON.stringify({ code: badgeCodes[next++] }) }) }],
    });
    ours = new Set([...ours, ...(await backends())]);
    const cpuScans = cpuSnapshot(groups);
    // The events the scans announced handled downstream too (relay, consumers), and every backend's statistics flushed.
    await until(async () => (await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'participant.checked_in' AND handled_at IS NULL`)).rows[0].n === 0, 'the check-in events handled', 5 * 60_000);
    // Read before the pools close their idle connections, whose CPU would leave the count with them.
    const cpuDownstream = cpuSpent(cpuBefore, cpuSnapshot(groups));
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const workAfter = await databaseWork(db);
    const cpu = cpuSpent(cpuBefore, cpuScans);
    const attended = (await db.query(`SELECT count(*)::int AS n FROM logistics_check_ins`)).rows[0].n;
    console.log(
      `check-in: ${scans.requests.total} scans with ${CONNECTIONS} connections: ${Math.round(scans.requests.average)}/s, p50 ${scans.latency.p50} ms, p99 ${scans.latency.p99} ms, ` +
        `${scans.non2xx + scans.errors} errors, ${attended} attended (target >= 1,000/s, p99 < 50 ms, 0 errors)`,
    );
    const perScan = (ms: number | undefined) => ((ms ?? 0) / Math.max(1, scans.requests.total)).toFixed(2);
    console.log(
      `baseline GET /health, same ${CONNECTIONS} connections: ${health.requests.total} requests, ${Math.round(health.requests.average)}/s, p50 ${health.latency.p50} ms, ` +
        `p99 ${health.latency.p99} ms, ${health.non2xx + health.errors} errors; API process ${((healthCpu.api ?? 0) / Math.max(1, health.requests.total)).toFixed(2)} ms CPU per request`,
    );
    console.log(`check-in CPU per scan: API process ${perScan(cpu.api)} ms, PostgreSQL ${perScan((cpu.ours ?? 0) + (cpu.postgres ?? 0))} ms (this database's backends ${perScan(cpu.ours)} ms)`);
    console.log(`check-in CPU per scan, the events handled downstream too: API process ${perScan(cpuDownstream.api)} ms, worker ${perScan(cpuDownstream.worker)} ms, this database's backends ${perScan(cpuDownstream.ours)} ms`);
    printDatabaseWork(workBefore, workAfter, scans.requests.total);
    console.log(`worker peak RSS: ${worker.peakRssMb()} MB`);
    console.log(`load average at the end: ${load()}`);
    recordResults('logistics', [
      { figure: `badges, ${PARTICIPANTS.toLocaleString('en')} participants`, value: Number(workerRate.toFixed(1)), unit: 'badges/s', target: '>= 0.7x the PDF library alone', met: workerRate >= 0.7 * library, baseline: Number(library.toFixed(1)), baselineName: 'the PDF library alone, same badge' },
      { figure: 'check-in scans', value: Math.round(scans.requests.average), unit: '/s', target: '>= 1,000/s, p99 < 50 ms, 0 errors', met: scans.requests.average >= 1000 && scans.latency.p99 < 50 && scans.non2xx + scans.errors === 0 },
      { figure: 'check-in p99', value: scans.latency.p99, unit: 'ms', target: '< 50 ms', met: scans.latency.p99 < 50 },
    ]);
  } finally {
    await db.end();
    await worker.stop();
    await apiProcess.stop();
    await deleteKeysWithPrefix(REDIS_URL, prefix);
    await dropDatabase(database);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
