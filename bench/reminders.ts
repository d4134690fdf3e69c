/**
 * `npm run bench:reminders [-- --invitees 100000]`: one reminder step due for N non-responders, sent
 * by the real pipeline (API and worker processes of the built service on the manual clock, PostgreSQL,
 * Redis, a local SMTP sink that only counts). The same N people are first invited by a wave through
 * the same services, which is the yardstick: the mail pipeline is the same. While each runs, the
 * queues' job counts and the processes' memory are sampled every 100 ms.
 */
import { readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { MailSink, startMailSink } from '../test/support/mail-sink';
import { ADMIN_KEY, REDIS_URL, ServiceProcess, api, arg, freePort, freshDatabase, perSecond, startService, until, day } from './support';
import { recordResults } from './results';

const N = arg('invitees', 100_000);
/** Places where the step's time (12:00 UTC) is daytime: everyone is reachable at once, quiet hours are still checked. */
const ZONES = ['Europe/Vienna', 'Europe/Moscow', 'Asia/Dubai', 'America/Port_of_Spain', 'Africa/Nairobi', 'Europe/London'];

const rssMb = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

interface Peaks {
  /** Jobs Redis holds for the queue: waiting, active, delayed, prioritized. */
  live: number;
  /** The same plus finished jobs kept for inspection (completed, failed). */
  stored: number;
  /** Live jobs over every queue of the service. */
  liveAllQueues: number;
  rss: Record<string, number>;
}

/** Samples queue depths and memory every 100 ms until stopped. */
function sampler(queues: Queue[], watched: string, processes: ServiceProcess[]) {
  const peaks: Peaks = { live: 0, stored: 0, liveAllQueues: 0, rss: {} };
  let running = true;
  const loop = (async () => {
    while (running) {
      const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed')));
      let liveAll = 0;
      counts.forEach((c, i) => {
        const live = c.waiting + c.active + c.delayed + c.prioritized;
        liveAll += live;
        if (queues[i].name === watched) {
          peaks.live = Math.max(peaks.live, live);
          peaks.stored = Math.max(peaks.stored, live + c.completed + c.failed);
        }
      });
      peaks.liveAllQueues = Math.max(peaks.liveAllQueues, liveAll);
      for (const p of processes) peaks.rss[p.role] = Math.max(peaks.rss[p.role] ?? 0, rssMb(p.pid));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return peaks;
    },
  };
}

async function main(): Promise<void> {
  console.log(`Reminders benchmark: ${N.toLocaleString('en')} non-responders, one step due`);
  const databaseUrl = await freshDatabase('convene_bench_reminders');
  const sink = await startMailSink({ parse: false });
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(
    `INSERT INTO contacts (email, full_name, honorific, stakeholder_type, country, language, timezone)
     SELECT 'invitee' || g || '@example.org', 'Invitee ' || g, (ARRAY['H.E. Mr.', 'Ms.', 'Dr.'])[1 + g % 3], 'member_state',
            (ARRAY['AT', 'FR', 'RU', 'AE', 'CN', 'ES'])[1 + g % 6], (ARRAY['en', 'fr', 'ru', 'ar', 'zh', 'es'])[1 + g % 6], ($2::text[])[1 + g % 6]
     FROM generate_series(1, $1) g`,
    [N, ZONES],
  );
  const prefix = `bench-reminders-${Date.now()}`;
  const port = await freePort();
  const env = { DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: prefix, SMTP_URL: sink.url, ADMIN_API_KEY: ADMIN_KEY, CONVENE_CLOCK: 'manual', PUBLIC_BASE_URL: 'https://convene.example' };
  const processes: ServiceProcess[] = [];
  const queues = ['invitations', 'reminders', 'domain-events', 'mail', 'confirmations', 'clock'].map((name) => new Queue(name, { connection: { url: REDIS_URL }, prefix }));
  try {
    processes.push(await startService('api', env, port));
    processes.push(await startService('worker', env));
    await run(port, db, sink, queues, processes);
  } finally {
    for (const p of processes) await p.stop();
    for (const q of queues) await q.obliterate({ force: true }).then(() => q.close());
    await db.end();
    await sink.close();
  }
}

async function run(port: number, db: Client, sink: MailSink, queues: Queue[], processes: ServiceProcess[]): Promise<void> {
  const series = await api(port, 'POST', '/api/series', { name: 'Benchmark series', summit: { title: 'Summit', city: 'New York', country: 'US', startsOn: day(200), endsOn: day(204), timezone: 'America/New_York', capacity: 2000 } });
  const deadline = `${day(30)}T12:00:00Z`;
  const conference = await api(port, 'POST', `/api/series/${series.id}/conferences`, {
    title: 'Regional conference — Vienna', city: 'Vienna', country: 'AT', startsOn: day(60), endsOn: day(61), timezone: 'Europe/Vienna',
    capacity: N, languages: ['ar', 'zh', 'en', 'fr', 'ru', 'es'], rsvpDeadline: deadline, delegationQuota: 4,
  });
  await api(port, 'PUT', `/api/conferences/${conference.id}/reminder-policy`, { nonResponders: { daysBeforeDeadline: [3] }, participants: { daysBeforeStart: [] }, digest: null });

  // The yardstick: a wave to the same N people through the same services.
  const wave = await api(port, 'POST', `/api/conferences/${conference.id}/waves`, { name: 'Everyone', audience: { stakeholderTypes: ['member_state'] } });
  if (wave.audienceSize !== N) throw new Error(`audience is ${wave.audienceSize}, expected ${N}`);
  const waveSampler = sampler(queues, 'invitations', processes);
  const waveStarted = performance.now();
  await api(port, 'POST', `/api/waves/${wave.id}/dispatch`);
  const waveAccepted = await until(() => sink.count >= N, 'the last invitation');
  const waveMarked = await until(async () => (await db.query(`SELECT sent + failed AS done FROM waves WHERE id = $1`, [wave.id])).rows[0].done >= N, 'the last invitation marked sent');
  const wavePeaks = await waveSampler.stop();
  // Delayed jobs are the repeatable schedulers (tick, reconcilers): they stay.
  await until(async () => (await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active')))).every((c) => c.waiting + c.active === 0), 'the queues to drain', 120_000);
  sink.clear();

  // The step: 3 days before the deadline. The clock moves there; its tick starts the step.
  const due = new Date(new Date(deadline).getTime() - 3 * 86_400_000).toISOString();
  const stepSampler = sampler(queues, 'reminders', processes);
  const tickStarted = performance.now();
  const moved = await api(port, 'POST', '/api/admin/clock', { to: due });
  const tickAnswered = performance.now();
  const lastAccepted = await until(() => sink.count >= N, 'the last reminder');
  const stepOf = async () => (await api(port, 'GET', `/api/conferences/${conference.id}/reminders`)).items.find((s: any) => s.kind === 'non_responders');
  const lastMarked = await until(async () => (await stepOf())?.state === 'finished', 'the step to finish');
  const stepPeaks = await stepSampler.stop();
  const step = await stepOf();
  const [apiProcess, workerProcess] = processes;
  const lifetime = { api: apiProcess.peakRssMb(), worker: workerProcess.peakRssMb() };
  if (step.counts.sent !== N || sink.count !== N) throw new Error(`step: ${JSON.stringify(step.counts)}, ${sink.count} messages received, expected ${N}`);

  const waveMs = waveAccepted - waveStarted;
  const stepMs = lastAccepted - tickStarted;
  console.log('');
  console.log(`non-responders                          ${N.toLocaleString('en')} (time zones: ${ZONES.join(', ')})`);
  console.log(`wave:  dispatch -> last message in sink ${(waveMs / 1000).toFixed(1)} s = ${perSecond(N, waveMs).toLocaleString('en')}/s (last marked sent ${((waveMarked - waveStarted) / 1000).toFixed(1)} s)`);
  console.log(`step:  tick -> last reminder in sink    ${(stepMs / 1000).toFixed(1)} s = ${perSecond(N, stepMs).toLocaleString('en')}/s (step finished ${((lastMarked - tickStarted) / 1000).toFixed(1)} s)`);
  console.log(`       the clock move (tick) answered in ${((tickAnswered - tickStarted) / 1000).toFixed(2)} s: ${moved.performed} due item(s), ${step.counts.targeted.toLocaleString('en')} targeted`);
  console.log(`step / wave                             ${(stepMs / waveMs).toFixed(2)}x (target <= 1.20x)`);
  console.log(`jobs in Redis at once, wave:  invitations queue ${wavePeaks.live} live, ${wavePeaks.stored} counting finished ones kept; all queues ${wavePeaks.liveAllQueues} live`);
  console.log(`jobs in Redis at once, step:  reminders queue ${stepPeaks.live} live, ${stepPeaks.stored} counting finished ones kept; all queues ${stepPeaks.liveAllQueues} live`);
  console.log(`peak memory during the wave:  api ${wavePeaks.rss.api} MiB, worker ${wavePeaks.rss.worker} MiB`);
  console.log(`peak memory during the step:  api ${stepPeaks.rss.api} MiB, worker ${stepPeaks.rss.worker} MiB (process lifetime: api ${lifetime.api} MiB, worker ${lifetime.worker} MiB)`);
  recordResults('reminders', [
    { figure: `reminder step, ${N.toLocaleString('en')} people`, value: Number((stepMs / 1000).toFixed(1)), unit: 's', target: '<= 1.2x a wave to the same people', met: stepMs <= 1.2 * waveMs, baseline: Number((waveMs / 1000).toFixed(1)), baselineName: 'a wave to the same people, same run' },
    { figure: 'reminder step: jobs in Redis at once', value: stepPeaks.stored, unit: 'jobs', target: 'a few thousand', met: stepPeaks.stored <= 5000 },
  ]);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
