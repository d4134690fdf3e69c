/**
 * `npm run bench:wave [-- --invitees 100000 --workers 2]`: one invitation wave to N contacts through the
 * real pipeline (API and worker processes of the built service, PostgreSQL, Redis, a local SMTP sink
 * that only counts), then, on the same services, the machine's limits for the same N (bench/limits.ts).
 * `BENCH_REDIS_CLUSTER=1` (or `--redis-cluster`) runs it all on a Redis Cluster of three local masters
 * started for the run; REDIS_CLUSTER_NODES runs it on a cluster of one's own. `--checkout <dir>` runs
 * the built service of another checkout (e.g. a `git worktree` of an earlier commit) instead of this one,
 * for side-by-side comparisons; it prints the CPU each process group spent per invitee.
 */
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { LocalRedisCluster, startRedisCluster } from '../src/cli/private-servers';
import { parseClusterNodes } from '../src/platform/config/app-config';
import { RedisAddress } from '../src/platform/messaging/redis-connection';
import { deleteKeysWithPrefix } from '../src/platform/messaging/redis-keys';
import { startMailSink } from '../test/support/mail-sink';
import { ServiceProcess, ADMIN_KEY, REDIS_URL, api, arg, backendsOf, cpuSnapshot, cpuSpent, freePort, freshDatabase, peakRssMb, perSecond, startService, until, day } from './support';
import { bullmqNoopRate, postgresWriteRates, smtpHandoffRate } from './limits';
import { recordResults } from './results';

const N = arg('invitees', 20_000);
const WORKERS = arg('workers', 1);
const CHECKOUT = (() => {
  const at = process.argv.indexOf('--checkout');
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : process.cwd();
})();
const loadAverage = () => loadavg().map((l) => l.toFixed(2)).join(' ');
/** The invitations processor's concurrency in each worker process, for the no-op jobs' limit. */
const INVITATION_CONCURRENCY = 4;

/** Messages of the wave kept for the hand-off. */
const SAMPLES = 60;
/** The short message's hand-off, printed beside for reference, needs no more than this to give its rate. */
const SHORT_HANDOFF_MAX = 20_000;

const LOCAL_CLUSTER = process.env.BENCH_REDIS_CLUSTER === '1' || process.argv.includes('--redis-cluster');

async function main(): Promise<void> {
  const localCluster: LocalRedisCluster | null = LOCAL_CLUSTER ? await startRedisCluster(3) : null;
  try {
    await wave(localCluster?.nodes ?? process.env.REDIS_CLUSTER_NODES ?? null);
  } finally {
    await localCluster?.stop();
  }
}

async function wave(clusterNodes: string | null): Promise<void> {
  const redis: RedisAddress = clusterNodes ? { clusterNodes: parseClusterNodes(clusterNodes) } : REDIS_URL;
  const onCluster = clusterNodes !== null;
  console.log(`Wave benchmark: ${N.toLocaleString('en')} invitees${onCluster ? `, Redis Cluster ${clusterNodes}` : ''}, service of ${CHECKOUT}`);
  console.log(`load average before              ${loadAverage()}`);
  const databaseUrl = await freshDatabase('convene_bench_wave');
  // The first messages (every language and honorific) are kept: the hand-off below sends them again.
  const sink = await startMailSink({ parse: false, keepRaw: SAMPLES });
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(
    `INSERT INTO contacts (email, full_name, honorific, stakeholder_type, country, language)
     SELECT 'invitee' || g || '@example.org', 'Invitee ' || g, (ARRAY['H.E. Mr.', 'Ms.', 'Dr.'])[1 + g % 3], 'member_state',
            (ARRAY['AT', 'FR', 'RU', 'AE', 'CN', 'ES'])[1 + g % 6], (ARRAY['en', 'fr', 'ru', 'ar', 'zh', 'es'])[1 + g % 6]
     FROM generate_series(1, $1) g`,
    [N],
  );

  // A cluster needs every key of a queue in one slot: the hash tag in braces gives that.
  const prefix = onCluster ? `{bench-wave-${Date.now()}}` : `bench-wave-${Date.now()}`;
  const port = await freePort();
  const redisEnv = onCluster ? { REDIS_URL: '', REDIS_CLUSTER_NODES: clusterNodes } : { REDIS_URL, REDIS_CLUSTER_NODES: '' };
  const env = { DATABASE_URL: databaseUrl, ...redisEnv, QUEUE_PREFIX: prefix, SMTP_URL: sink.url, ADMIN_API_KEY: ADMIN_KEY, CONVENE_CLOCK: 'system', PUBLIC_BASE_URL: 'https://convene.example' };
  const apiProcess = await startService('api', env, port, CHECKOUT);
  const workerProcesses: ServiceProcess[] = [];
  for (let i = 0; i < WORKERS; i++) workerProcesses.push(await startService('worker', env, undefined, CHECKOUT));
  const database = new URL(databaseUrl).pathname.slice(1);
  const groups = {
    worker: (pid: number) => workerProcesses.some((w) => w.pid === pid),
    api: (pid: number) => pid === apiProcess.pid,
    postgres: backendsOf(database),
    'bench + sink': (pid: number) => pid === process.pid,
  };

  const series = await api(port, 'POST', '/api/series', { name: 'Benchmark series', summit: { title: 'Summit', city: 'New York', country: 'US', startsOn: day(200), endsOn: day(204), timezone: 'America/New_York', capacity: 2000 } });
  const conference = await api(port, 'POST', `/api/series/${series.id}/conferences`, {
    title: 'Regional conference — Vienna', city: 'Vienna', country: 'AT', startsOn: day(60), endsOn: day(61), timezone: 'Europe/Vienna',
    capacity: N, languages: ['ar', 'zh', 'en', 'fr', 'ru', 'es'], rsvpDeadline: day(30), delegationQuota: 4,
  });
  const wave = await api(port, 'POST', `/api/conferences/${conference.id}/waves`, { name: 'Everyone', audience: { stakeholderTypes: ['member_state'] } });
  if (wave.audienceSize !== N) throw new Error(`audience is ${wave.audienceSize}, expected ${N}`);

  const cpuBefore = cpuSnapshot(groups);
  const started = performance.now();
  await api(port, 'POST', `/api/waves/${wave.id}/dispatch`);
  const dispatchMs = performance.now() - started;
  const lastAccepted = await until(() => sink.count >= N, 'the last message');
  const lastMarked = await until(async () => (await db.query(`SELECT sent + failed AS done, failed FROM waves WHERE id = $1`, [wave.id])).rows[0].done >= N, 'the last invitation marked sent');
  const { rows: [check] } = await db.query(`SELECT count(*) FILTER (WHERE delivery = 'sent')::int AS sent, count(*)::int AS total FROM invitations WHERE wave_id = $1`, [wave.id]);
  const oursMs = lastMarked - started;
  const oursCpu = cpuSpent(cpuBefore, cpuSnapshot(groups));
  const ours = { apiMb: apiProcess.peakRssMb(), workerMb: workerProcesses.map((w) => w.peakRssMb()) };
  await apiProcess.stop();
  await Promise.all(workerProcesses.map((w) => w.stop()));
  if (check.sent !== N || sink.count !== N) throw new Error(`ours: ${check.sent} marked sent, ${sink.count} messages received, expected ${N}`);

  const oursBytes = sink.bytes / N;
  // The machine's limits for the same work, on the same sink, PostgreSQL and Redis.
  sink.clear();
  const handoffCpuBefore = cpuSnapshot(groups);
  const handoffRate = await smtpHandoffRate(sink.url, N, sink.raws);
  const handoffCpu = cpuSpent(handoffCpuBefore, cpuSnapshot(groups));
  const handoffBytes = sink.bytes / N;
  sink.clear();
  const shortCount = Math.min(N, SHORT_HANDOFF_MAX);
  const shortHandoffRate = await smtpHandoffRate(sink.url, shortCount);
  const shortBytes = sink.bytes / shortCount;
  const noopRate = await bullmqNoopRate(redis, `${prefix}-limit`, N, INVITATION_CONCURRENCY * WORKERS);
  const writes = await postgresWriteRates(databaseUrl, N, (i) => [`invitee${i}@example.org`, `Invitee ${i}`, 'en', 'pending']);

  const oursRate = perSecond(N, oursMs);
  const perInviteeMs = oursMs / N;
  console.log('');
  console.log(`invitees                         ${N.toLocaleString('en')}, ${WORKERS} worker process(es)${onCluster ? ', Redis Cluster' : ''}`);
  console.log(`dispatch request latency         ${dispatchMs.toFixed(0)} ms`);
  console.log(`dispatch -> last message in sink ${((lastAccepted - started) / 1000).toFixed(1)} s`);
  console.log(`dispatch -> last marked sent     ${(oursMs / 1000).toFixed(1)} s  = ${oursRate.toLocaleString('en')} invitees/s (${(perInviteeMs * 1000).toFixed(0)} µs per invitee)`);
  console.log(`SMTP hand-off of the wave's own messages, prebuilt ${handoffRate.toLocaleString('en')} messages/s; ours / hand-off ${(oursRate / handoffRate).toFixed(2)}x (target >= 0.8x)`);
  console.log(`SMTP hand-off of a short message ${shortHandoffRate.toLocaleString('en')} messages/s (${shortBytes.toFixed(0)} bytes; ${shortCount.toLocaleString('en')} sent)`);
  const perInvitee = (cpu: Record<string, number>) => Object.entries(cpu).map(([group, ms]) => `${group} ${((ms * 1000) / N).toFixed(0)}`).join(', ');
  console.log(`bytes per message                ours ${oursBytes.toFixed(0)}, hand-off ${handoffBytes.toFixed(0)} (${sink.raws.length} of the wave's messages in turn)`);
  console.log(`CPU per invitee, µs               ${perInvitee(oursCpu)}`);
  console.log(`CPU per hand-off message, µs      ${perInvitee(handoffCpu)}`);
  console.log(`BullMQ no-op jobs                ${noopRate.toLocaleString('en')} jobs/s at concurrency ${INVITATION_CONCURRENCY * WORKERS}`);
  console.log(`PostgreSQL, same number of rows  COPY ${writes.copy.toLocaleString('en')} rows/s, 1,000-row INSERTs ${writes.multiRow.toLocaleString('en')} rows/s`);
  console.log(`peak memory: api ${ours.apiMb} MiB, worker(s) ${ours.workerMb.join(', ')} MiB, benchmark + sink ${peakRssMb(process.pid)} MiB`);
  const label = `wave, ${N.toLocaleString('en')} invitees, ${WORKERS} worker${WORKERS > 1 ? 's' : ''}${onCluster ? ', Redis Cluster' : ''}`;
  const underGiB = Math.max(ours.apiMb, ...ours.workerMb) < 1024;
  recordResults(process.env.BENCH_NAME ?? 'wave', [
    { figure: label, value: oursRate, unit: 'invitees/s', target: '>= 0.8x the SMTP hand-off', met: oursRate >= 0.8 * handoffRate, baseline: handoffRate, baselineName: "SMTP hand-off of the wave's messages, prebuilt, same pool and sink" },
    { figure: `${label}: SMTP hand-off of a short message`, value: shortHandoffRate, unit: 'messages/s' },
    { figure: `${label}: time per invitee`, value: Number((perInviteeMs * 1000).toFixed(0)), unit: 'µs' },
    { figure: `${label}: dispatch request`, value: Math.round(dispatchMs), unit: 'ms', target: '< 200 ms', met: dispatchMs < 200 },
    { figure: `${label}: peak memory per process`, value: Math.max(ours.apiMb, ...ours.workerMb), unit: 'MiB', target: '< 1 GiB', met: underGiB },
    { figure: `${label}: BullMQ no-op jobs, same concurrency`, value: noopRate, unit: 'jobs/s' },
    { figure: `${label}: PostgreSQL 1,000-row INSERTs`, value: writes.multiRow, unit: 'rows/s', baseline: writes.copy, baselineName: 'COPY of the same rows' },
  ]);
  await db.end();
  await sink.close();
  await deleteKeysWithPrefix(redis, prefix);
  console.log(`load average after               ${loadAverage()}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
