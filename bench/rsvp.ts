/**
 * Answers per second on POST /rsvp/:token: every request answers a different invitation of one
 * conference holding 100,000 invitations (BENCH_INVITATIONS; a run that runs out of them answers
 * some a second time, recorded one by one, and says so), through the built service (dist/main.js, APP_ROLE=api,
 * LOG_LEVEL=warn, rate limit raised above the load) on a database and Redis prefix of its own.
 * Answers: 80 % accept alone, 15 % accept with two delegates, 5 % decline. GET /health on the same
 * server is measured first in the same run, as the floor of what one request costs there.
 * Load: autocannon, BENCH_CONNECTIONS connections (default 50) for BENCH_SECONDS (default 20).
 * Diagnosis: BENCH_RELAY=false runs the API without publishing events (what the relay costs),
 * BENCH_RATE_LIMIT sets RSVP_RATE_LIMIT (0: limiter off), BENCH_LOG_STATEMENTS_MS logs slow statements.
 * Also printed: CPU per answer (service, PostgreSQL, load generator, from /proc), how busy the whole
 * machine was (and how much CPU the host took away: a shared host's figures swing with it), and the
 * events left unpublished when the load stops (answers only count if their events keep flowing).
 * Targets: at least 1,500 answers/s, p99 under 100 ms, no error answers. Run with `npm run bench:rsvp`.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { deleteKeysWithPrefix } from '../src/platform/messaging/redis-keys';
import { LoadResult, answerBody, answerRequests, autocannon, rsvpConference, seedInvitations } from './rsvp-load';
import { ADMIN_KEY, REDIS_URL, ServiceProcess, api, backendsOf, cpuSnapshot, cpuSpent, dropDatabase, freePort, freshDatabase, machineCpu, machineShare, startService } from './support';
import { recordResults } from './results';

const INVITATIONS = Number(process.env.BENCH_INVITATIONS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const HEALTH_SECONDS = Number(process.env.BENCH_HEALTH_SECONDS ?? 10);
const WARM_UP = 1_000;
const PROBE = 200;
const TARGET_RPS = 1_500;
const TARGET_P99_MS = 100;
const TOKEN_SECRET = randomBytes(32).toString('hex');

async function load(port: number, name: string, options: Record<string, unknown>, seconds: number): Promise<LoadResult> {
  return autocannon({ url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, duration: seconds, title: name, ...options });
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** The service's own count of answer batches and of the answers they took (convene_rsvp_batch_answers). */
async function batchCounts(port: number): Promise<{ batches: number; answers: number }> {
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
  return { batches: metric('convene_rsvp_batch_answers_count'), answers: metric('convene_rsvp_batch_answers_sum') };
}

/** Events not yet published when called, and how long until none are left (at most 60 s). */
async function publishingLag(databaseUrl: string): Promise<{ unpublished: number; drainedMs: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const count = async () => (await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL`)).rows[0].n as number;
    const started = performance.now();
    const unpublished = await count();
    if (process.env.BENCH_RELAY !== 'false') {
      while ((await count()) > 0 && performance.now() - started < 60_000) await new Promise((r) => setTimeout(r, 50));
    }
    return { unpublished, drainedMs: performance.now() - started };
  } finally {
    await db.end();
  }
}

async function main(): Promise<void> {
  const queuePrefix = `bench-rsvp-${randomBytes(4).toString('hex')}`;
  // A name of its own, so two runs on one server do not clash; dropped at the end.
  const database = `convene_bench_rsvp_${randomBytes(4).toString('hex')}`;
  const databaseUrl = await freshDatabase(database);
  const port = await freePort();
  if (process.env.BENCH_LOG_STATEMENTS_MS) {
    // Diagnosis: PostgreSQL logs every statement of this database slower than that many milliseconds.
    const admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${database} SET log_min_duration_statement = ${Number(process.env.BENCH_LOG_STATEMENTS_MS)}`);
    await admin.end();
  }
  let service: ServiceProcess | undefined;
  try {
    service = await startService(
      'api',
      {
        DATABASE_URL: databaseUrl,
        REDIS_URL,
        QUEUE_PREFIX: queuePrefix,
        ADMIN_API_KEY: ADMIN_KEY,
        TOKEN_SECRET,
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        OUTBOX_DIR: `/tmp/${queuePrefix}-outbox`,
        // The load comes from one address; the limit stays on (its cost is measured) but above the load.
        RSVP_RATE_LIMIT: process.env.BENCH_RATE_LIMIT ?? '10000000',
        ...(process.env.BENCH_RELAY ? { OUTBOX_RELAY: process.env.BENCH_RELAY } : {}),
      },
      port,
    );
    const conferenceId = await rsvpConference(port);
    const seedStart = Date.now();
    const tokens = await seedInvitations(databaseUrl, conferenceId, INVITATIONS, TOKEN_SECRET);
    console.log(`Seeded ${INVITATIONS.toLocaleString('en')} invitations in ${((Date.now() - seedStart) / 1000).toFixed(1)} s; node ${process.version}, ${CONNECTIONS} connections`);

    let next = 0;
    const answers = (count?: number) => answerRequests(tokens, () => next++, count);
    // One answer at a time first: what an answer costs without any contention.
    const sequential: number[] = [];
    for (let i = 0; i < PROBE; i++) {
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/rsvp/${tokens[next]}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: answerBody(next) });
      next++;
      await response.text();
      if (response.status !== 200) throw new Error(`warm-up answer: ${response.status}`);
      sequential.push(performance.now() - started);
    }
    sequential.sort((a, b) => a - b);
    console.log(`one at a time      p50 ${ms(sequential[99])}, p99 ${ms(sequential[197])}`);
    await load(port, 'warm-up', answers(WARM_UP), 60);
    await load(port, 'health warm-up', { url: `http://127.0.0.1:${port}/health` }, 2);

    const health = await load(port, 'GET /health', { url: `http://127.0.0.1:${port}/health` }, HEALTH_SECONDS);
    const before = next;
    const batchesBefore = await batchCounts(port);
    // Where the CPU goes while answering: the service, PostgreSQL, and this process (the load generator).
    const servicePid = service.pid;
    const groups = {
      // This run's service and the backends of its database only: other services and databases on the machine do not count.
      service: (pid: number) => pid === servicePid,
      postgres: backendsOf(database),
      load: (pid: number) => pid === process.pid,
    };
    const cpuBefore = cpuSnapshot(groups);
    const machineBefore = machineCpu();
    const answeringFrom = performance.now();
    const rsvp = await load(port, 'POST /rsvp/:token', answers(), SECONDS);
    const machine = machineShare(machineBefore, machineCpu());
    const cpu = cpuSpent(cpuBefore, cpuSnapshot(groups));
    const answeringMs = performance.now() - answeringFrom;
    const answered = next - before;
    // Answers only count if their events keep flowing: how far publishing lags when the load stops.
    const lag = await publishingLag(databaseUrl);

    const batchesAfter = await batchCounts(port);
    const batches = batchesAfter.batches - batchesBefore.batches;
    const batchedAnswers = batchesAfter.answers - batchesBefore.answers;

    const ratio = rsvp.requests.average / health.requests.average;
    const rsvpErrors = rsvp.non2xx + rsvp.errors + rsvp.timeouts;
    console.log('');
    console.log(`endpoint            req/s     p50        p99        max        errors`);
    for (const [name, r] of [
      ['GET /health', health],
      ['POST /rsvp/:token', rsvp],
    ] as const) {
      console.log(
        `${name.padEnd(18)}${String(Math.round(r.requests.average)).padStart(7)}   ${ms(r.latency.p50).padEnd(10)} ${ms(r.latency.p99).padEnd(10)} ${ms(r.latency.max).padEnd(10)} ${r.non2xx + r.errors + r.timeouts}`,
      );
    }
    console.log(`ratio rsvp/health  ${ratio.toFixed(2)}`);
    console.log(`batches            ${batches.toLocaleString('en')} under load: ${(batchedAnswers / batches).toFixed(1)} answers recorded together on average`);
    const cpuPerAnswer = (group: keyof typeof groups) => ((cpu[group] ?? 0) / rsvp.requests.total).toFixed(2);
    console.log(`CPU per answer     service ${cpuPerAnswer('service')} ms, PostgreSQL ${cpuPerAnswer('postgres')} ms, load generator ${cpuPerAnswer('load')} ms`);
    // One process answers on one event loop: near 100% of a core, it is the limit whatever the machine has left.
    console.log(`service process    ${((100 * (cpu.service ?? 0)) / answeringMs).toFixed(0)}% of one core while answering`);
    const cores = availableParallelism();
    console.log(`machine CPU        ${cores} cores: ${machine.busy.toFixed(0)}% busy, ${machine.idle.toFixed(0)}% idle, ${machine.steal.toFixed(0)}% stolen by the host while answering`);
    // Past the last invitation the load answers the first ones again: changes, recorded one by one.
    const second = Math.max(0, next - tokens.length);
    console.log(`answers sent       ${answered.toLocaleString('en')} (${(answered - second).toLocaleString('en')} first answers${second ? `, ${second.toLocaleString('en')} second answers: the invitations ran out, raise BENCH_INVITATIONS` : ''})`);

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM rsvp_parties WHERE status = 'accepted') AS accepted,
              (SELECT count(*)::int FROM rsvp_parties WHERE status = 'declined') AS declined,
              (SELECT count(*)::int FROM participants WHERE status = 'confirmed') AS participants,
              (SELECT count(*)::int FROM places WHERE invitation_id IS NOT NULL) AS places_taken,
              (SELECT count(*)::int FROM outbox_events) AS events`,
    );
    await db.end();
    console.log(`recorded           ${rows[0].accepted} accepted, ${rows[0].declined} declined, ${rows[0].participants} participants on ${rows[0].places_taken} places, ${rows[0].events} events`);

    const relay = process.env.BENCH_RELAY === 'false' ? 'not published (BENCH_RELAY=false)' : `${lag.unpublished.toLocaleString('en')} unpublished when the load stopped, all published ${(lag.drainedMs / 1000).toFixed(1)} s later`;
    console.log(`events             ${relay}`);

    const verdict = rsvp.requests.average >= TARGET_RPS && rsvp.latency.p99 < TARGET_P99_MS && rsvpErrors === 0;
    const shown = second === 0 ? (verdict ? 'met' : 'NOT met') : 'not shown (not every answer was a first answer)';
    console.log(`target             >= ${TARGET_RPS} answers/s, p99 < ${TARGET_P99_MS} ms, no errors: ${shown}`);
    if (rsvpErrors) console.log(`status codes       ${JSON.stringify(rsvp.statusCodeStats ?? {})}`);
    if (health.non2xx) console.log(`health codes       ${JSON.stringify(health.statusCodeStats ?? {})}`);
    recordResults('rsvp', [
      { figure: 'RSVP answers', value: Math.round(rsvp.requests.average), unit: '/s', target: `>= ${TARGET_RPS}/s`, met: rsvp.requests.average >= TARGET_RPS, baseline: Math.round(health.requests.average), baselineName: 'bare endpoint GET /health, same server' },
      { figure: 'RSVP answer p99', value: rsvp.latency.p99, unit: 'ms', target: `< ${TARGET_P99_MS} ms`, met: rsvp.latency.p99 < TARGET_P99_MS, baseline: health.latency.p99, baselineName: 'GET /health p99' },
      { figure: 'RSVP errors', value: rsvpErrors, unit: '', target: '0', met: rsvpErrors === 0 },
    ]);
  } finally {
    await service?.stop();
    await deleteKeysWithPrefix(REDIS_URL, queuePrefix);
    await dropDatabase(database);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
