/**
 * Whether a change made answering faster: this checkout's build against another's (a built checkout
 * of another commit, e.g. a git worktree), under the load of bench:rsvp. Each build runs as its own
 * API process with its own database (its own migrations), Redis prefix and invitations; they are
 * loaded in turn, in short bursts, the order alternating each round, so that the swings of a shared
 * machine's speed fall on both alike. One run of bench:rsvp after another cannot show a change of
 * a few percent: between two runs the machine's speed changes by more.
 * Prints, per build, answers/s of every burst, and the medians of answers/s, p99 and CPU per answer
 * (the service, and the PostgreSQL backends of its database);
 * then this build's ratio to the other's, round by round, and its median.
 * Run with `npm run bench:rsvp-compare -- <other checkout>`; BENCH_ROUNDS (default 8),
 * BENCH_BURST_SECONDS (default 5), BENCH_CONNECTIONS (default 50), BENCH_INVITATIONS (default 80,000).
 * BENCH_THIS_NODE_OPTIONS runs this build with those Node options: with `.` as the other checkout,
 * that compares a runtime setting rather than a change of code. With `.` and no options it shows the
 * noise: on a shared 2-core machine two such runs gave medians of 1.075 and 1.017.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { deleteKeysWithPrefix } from '../src/platform/messaging/redis-keys';
import { answerRequests, autocannon, rsvpConference, seedInvitations } from './rsvp-load';
import { ADMIN_KEY, REDIS_URL, ServiceProcess, backendsOf, cpuSnapshot, cpuSpent, dropDatabase, emptyDatabase, freePort, startService } from './support';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const BURST_SECONDS = Number(process.env.BENCH_BURST_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const INVITATIONS = Number(process.env.BENCH_INVITATIONS ?? 80_000);
const WARM_UP = 1_000;

interface Burst {
  answersPerSecond: number;
  p99: number;
  cpuPerAnswer: number;
  /** CPU of the PostgreSQL backends serving this build's database, per answer. */
  postgresPerAnswer: number;
  errors: number;
}

interface Build {
  name: string;
  checkout: string;
  nodeOptions?: string;
  service?: ServiceProcess;
  queuePrefix: string;
  /** A name of its own per run, so two runs on one server do not clash; dropped at the end. */
  database: string;
  port: number;
  tokens: string[];
  next: number;
  bursts: Burst[];
}

async function start(build: Build, database: string): Promise<void> {
  const tokenSecret = randomBytes(32).toString('hex');
  const databaseUrl = await emptyDatabase(database);
  build.service = await startService(
    'api',
    {
      DATABASE_URL: databaseUrl,
      MIGRATIONS_RUN: 'true',
      REDIS_URL,
      QUEUE_PREFIX: build.queuePrefix,
      ADMIN_API_KEY: ADMIN_KEY,
      TOKEN_SECRET: tokenSecret,
      PUBLIC_BASE_URL: `http://127.0.0.1:${build.port}`,
      OUTBOX_DIR: `/tmp/${build.queuePrefix}-outbox`,
      RSVP_RATE_LIMIT: '10000000',
      ...(build.nodeOptions ? { NODE_OPTIONS: build.nodeOptions } : {}),
    },
    build.port,
    build.checkout,
  );
  const conferenceId = await rsvpConference(build.port);
  build.tokens = await seedInvitations(databaseUrl, conferenceId, INVITATIONS, tokenSecret);
}

async function burst(build: Build, options: Record<string, unknown>): Promise<Burst> {
  const pid = build.service!.pid;
  // A backend's command line names its database, and each build has a database of its own.
  const groups = {
    service: (candidate: number) => candidate === pid,
    postgres: backendsOf(build.database),
  };
  const before = cpuSnapshot(groups);
  const result = await autocannon({ url: `http://127.0.0.1:${build.port}`, connections: CONNECTIONS, ...answerRequests(build.tokens, () => build.next++), ...options });
  const spent = cpuSpent(before, cpuSnapshot(groups));
  const answers = Math.max(1, result.requests.total);
  return {
    answersPerSecond: result.requests.average,
    p99: result.latency.p99,
    cpuPerAnswer: (spent.service ?? 0) / answers,
    postgresPerAnswer: (spent.postgres ?? 0) / answers,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const other = process.argv[2] ? resolve(process.argv[2]) : '';
  if (!other || !existsSync(`${other}/dist/main.js`)) {
    throw new Error('Give the other checkout, built (npm ci && npm run build in it): npm run bench:rsvp-compare -- <other checkout>');
  }
  const builds: Build[] = [];
  for (const [name, checkout, nodeOptions] of [
    ['other', other, undefined],
    ['this', process.cwd(), process.env.BENCH_THIS_NODE_OPTIONS],
  ] as const) {
    builds.push({ name: nodeOptions ? `${name} (${nodeOptions})` : name, checkout, nodeOptions, queuePrefix: `bench-compare-${randomBytes(4).toString('hex')}`, database: `convene_bench_compare_${randomBytes(4).toString('hex')}`, port: await freePort(), tokens: [], next: 0, bursts: [] });
  }
  try {
    for (const build of builds) await start(build, build.database);
    for (const build of builds) await burst(build, { amount: WARM_UP, duration: 60 });
    for (let round = 0; round < ROUNDS; round++) {
      for (const build of round % 2 ? [...builds].reverse() : builds) build.bursts.push(await burst(build, { duration: BURST_SECONDS }));
    }
    console.log(`${ROUNDS} rounds of ${BURST_SECONDS} s per build, ${CONNECTIONS} connections, ${INVITATIONS.toLocaleString('en')} invitations each; node ${process.version}`);
    for (const build of builds) {
      const bursts = build.bursts;
      console.log(`${build.name.padEnd(6)} ${build.checkout}`);
      console.log(`       answers/s ${bursts.map((b) => Math.round(b.answersPerSecond)).join(' ')}`);
      console.log(
        `       median ${Math.round(median(bursts.map((b) => b.answersPerSecond)))} answers/s, p99 ${median(bursts.map((b) => b.p99))} ms, ` +
          `service CPU ${median(bursts.map((b) => b.cpuPerAnswer)).toFixed(3)} ms per answer, PostgreSQL ${median(bursts.map((b) => b.postgresPerAnswer)).toFixed(3)} ms, ${bursts.reduce((sum, b) => sum + b.errors, 0)} errors`,
      );
      // Past the last invitation a build answers the first ones again: changes, recorded one by one, much slower.
      const second = build.next - build.tokens.length;
      if (second > 0) console.log(`       ${second.toLocaleString('en')} second answers: the invitations ran out, the last bursts do not compare first answers (raise BENCH_INVITATIONS)`);
    }
    const [before, after] = builds;
    const speed = after.bursts.map((b, i) => b.answersPerSecond / before.bursts[i].answersPerSecond);
    const cpu = after.bursts.map((b, i) => b.cpuPerAnswer / before.bursts[i].cpuPerAnswer);
    console.log(`this/other answers/s by round ${speed.map((r) => r.toFixed(2)).join(' ')}: median ${median(speed).toFixed(3)}`);
    const postgres = after.bursts.map((b, i) => b.postgresPerAnswer / before.bursts[i].postgresPerAnswer);
    console.log(`this/other service CPU per answer: median ${median(cpu).toFixed(3)}; PostgreSQL CPU per answer: median ${median(postgres).toFixed(3)}`);
  } finally {
    for (const build of builds) {
      await build.service?.stop();
      await deleteKeysWithPrefix(REDIS_URL, build.queuePrefix);
      await dropDatabase(build.database);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
