/**
 * `npm run bench:wave [-- --invitees 100000]`: one invitation wave to N contacts through the real
 * pipeline (API and worker processes of the built service, PostgreSQL, Redis, a local SMTP sink that
 * only counts), then, on the same services, the minimal hand-written pipeline as the baseline.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { startMailSink } from '../test/support/mail-sink';
import { ADMIN_KEY, REDIS_URL, api, arg, freePort, freshDatabase, peakRssMb, perSecond, startService, until, day } from './support';

const N = arg('invitees', 20_000);

async function main(): Promise<void> {
  console.log(`Wave benchmark: ${N.toLocaleString('en')} invitees`);
  const databaseUrl = await freshDatabase('convene_bench_wave');
  const sink = await startMailSink({ parse: false });
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(
    `INSERT INTO contacts (email, full_name, honorific, stakeholder_type, country, language)
     SELECT 'invitee' || g || '@example.org', 'Invitee ' || g, (ARRAY['H.E. Mr.', 'Ms.', 'Dr.'])[1 + g % 3], 'member_state',
            (ARRAY['AT', 'FR', 'RU', 'AE', 'CN', 'ES'])[1 + g % 6], (ARRAY['en', 'fr', 'ru', 'ar', 'zh', 'es'])[1 + g % 6]
     FROM generate_series(1, $1) g`,
    [N],
  );

  const prefix = `bench-wave-${Date.now()}`;
  const port = await freePort();
  const env = { DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: prefix, SMTP_URL: sink.url, ADMIN_API_KEY: ADMIN_KEY, CONVENE_CLOCK: 'system', PUBLIC_BASE_URL: 'https://convene.example' };
  const apiProcess = await startService('api', env, port);
  const workerProcess = await startService('worker', env);

  const series = await api(port, 'POST', '/api/series', { name: 'Benchmark series', summit: { title: 'Summit', city: 'New York', country: 'US', startsOn: day(200), endsOn: day(204), timezone: 'America/New_York', capacity: 2000 } });
  const conference = await api(port, 'POST', `/api/series/${series.id}/conferences`, {
    title: 'Regional conference — Vienna', city: 'Vienna', country: 'AT', startsOn: day(60), endsOn: day(61), timezone: 'Europe/Vienna',
    capacity: N, languages: ['ar', 'zh', 'en', 'fr', 'ru', 'es'], rsvpDeadline: day(30), delegationQuota: 4,
  });
  const wave = await api(port, 'POST', `/api/conferences/${conference.id}/waves`, { name: 'Everyone', audience: { stakeholderTypes: ['member_state'] } });
  if (wave.audienceSize !== N) throw new Error(`audience is ${wave.audienceSize}, expected ${N}`);

  const started = performance.now();
  await api(port, 'POST', `/api/waves/${wave.id}/dispatch`);
  const dispatchMs = performance.now() - started;
  const lastAccepted = await until(() => sink.count >= N, 'the last message');
  const lastMarked = await until(async () => (await db.query(`SELECT sent + failed AS done, failed FROM waves WHERE id = $1`, [wave.id])).rows[0].done >= N, 'the last invitation marked sent');
  const { rows: [check] } = await db.query(`SELECT count(*) FILTER (WHERE delivery = 'sent')::int AS sent, count(*)::int AS total FROM invitations WHERE wave_id = $1`, [wave.id]);
  const oursMs = lastMarked - started;
  const ours = { apiMb: apiProcess.peakRssMb(), workerMb: workerProcess.peakRssMb() };
  await apiProcess.stop();
  await workerProcess.stop();
  if (check.sent !== N || sink.count !== N) throw new Error(`ours: ${check.sent} marked sent, ${sink.count} messages received, expected ${N}`);

  // Baseline: the same N rows already in a table, one job per invitee.
  sink.clear();
  await db.query(`CREATE TABLE bench_baseline (id serial PRIMARY KEY, email text NOT NULL, sent_at timestamptz)`);
  await db.query(`INSERT INTO bench_baseline (email) SELECT 'invitee' || g || '@example.org' FROM generate_series(1, $1) g`, [N]);
  const baselinePrefix = `${prefix}-baseline`;
  const baselineWorker: ChildProcess = spawn(process.execPath, [`${__dirname}/wave-baseline-worker.js`], {
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: baselinePrefix, SMTP_URL: sink.url },
    stdio: 'inherit',
  });
  await new Promise((r) => setTimeout(r, 1500));
  const queue = new Queue('baseline', { connection: { url: REDIS_URL }, prefix: baselinePrefix });
  const baselineStarted = performance.now();
  const { rows } = await db.query(`SELECT id, email FROM bench_baseline ORDER BY id`);
  for (let i = 0; i < rows.length; i += 1000) {
    await queue.addBulk(rows.slice(i, i + 1000).map((r) => ({ name: 'send', data: r, opts: { removeOnComplete: { count: 1000 } } })));
  }
  await until(() => sink.count >= N, 'the baseline\'s last message');
  const baselineDone = await until(async () => (await db.query(`SELECT count(*)::int AS n FROM bench_baseline WHERE sent_at IS NOT NULL`)).rows[0].n >= N, 'the baseline\'s last row');
  const baselineMs = baselineDone - baselineStarted;
  const baselineMb = peakRssMb(baselineWorker.pid!);
  baselineWorker.kill('SIGTERM');
  await queue.obliterate({ force: true });
  await queue.close();

  const oursRate = perSecond(N, oursMs);
  const baselineRate = perSecond(N, baselineMs);
  console.log('');
  console.log(`invitees                         ${N.toLocaleString('en')}`);
  console.log(`dispatch request latency         ${dispatchMs.toFixed(0)} ms`);
  console.log(`dispatch -> last message in sink ${((lastAccepted - started) / 1000).toFixed(1)} s`);
  console.log(`dispatch -> last marked sent     ${(oursMs / 1000).toFixed(1)} s  = ${oursRate.toLocaleString('en')} invitees/s`);
  console.log(`baseline (one job per invitee)   ${(baselineMs / 1000).toFixed(1)} s  = ${baselineRate.toLocaleString('en')} invitees/s`);
  console.log(`ours / baseline                  ${(oursRate / baselineRate).toFixed(2)}x`);
  console.log(`peak memory: api ${ours.apiMb} MiB, worker ${ours.workerMb} MiB, baseline worker ${baselineMb} MiB, benchmark + sink ${peakRssMb(process.pid)} MiB`);
  await db.end();
  await sink.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
