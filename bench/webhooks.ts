/**
 * `npm run bench:webhooks [-- --events 10000 --subscriptions 3]`: wave.completed events (no other
 * module listens to them, so only the webhooks' work is measured) committed to the
 * outbox, delivered by the built service (API and worker processes, PostgreSQL, Redis) as signed
 * webhooks to a local receiver, one delivery per (event, subscription). Then, in the same run and to
 * the same receiver, the yardstick: the same number of signed POSTs sent straight from this process,
 * with as many in flight as the worker runs webhook jobs, no queue and no database. Beside the rates,
 * the CPU time each side spent per delivery (from /proc), which a busy shared machine sways less.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Agent, request } from 'node:http';
import { Client } from 'pg';
import { deleteKeysWithPrefix } from '../src/platform/messaging/redis-keys';
import { startWebhookReceiver } from '../test/support/webhook-receiver';
import { ADMIN_KEY, REDIS_URL, ServiceProcess, api, arg, cpuSnapshot, cpuSpent, freePort, freshDatabase, perSecond, startService, until } from './support';
import { recordResults } from './results';

const EVENTS = arg('events', 10_000);
const SUBSCRIPTIONS = arg('subscriptions', 3);
/** Events per committed transaction: most commits of the service announce one to a few events. */
const PER_TRANSACTION = 5;
/** The worker's webhook job concurrency (WebhooksProcessor), for a like-for-like baseline. */
const IN_FLIGHT = 128;
const SECRET = 'bench-webhook-secret-0123456789';
/** `--checkout <dir>`: run another build of the service (a checkout with the same schema and its own dist/) for a before-and-after comparison. */
const CHECKOUT = process.argv.includes('--checkout') ? process.argv[process.argv.indexOf('--checkout') + 1] : process.cwd();

/** A process's user and system CPU ticks so far (/proc/<pid>/stat fields 14 and 15). */
function userAndSystemTicks(pid: number): [number, number] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(fields[11]), Number(fields[12])];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  const total = EVENTS * SUBSCRIPTIONS;
  console.log(`Webhooks benchmark: ${EVENTS.toLocaleString('en')} events to ${SUBSCRIPTIONS} subscriptions (${total.toLocaleString('en')} deliveries)${CHECKOUT === process.cwd() ? '' : `, the service built in ${CHECKOUT}`}`);
  const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' ');
  const committedAt = new Map<number, number>();
  const delays: number[] = [];
  let received = 0;
  let lastReceived = 0;
  const receiver = await startWebhookReceiver({
    record: false,
    onReceive: (raw, at) => {
      received++;
      lastReceived = performance.now();
      const seq = (JSON.parse(raw) as { data: { benchSeq?: number } }).data.benchSeq;
      const committed = seq === undefined ? undefined : committedAt.get(seq);
      if (committed !== undefined) delays.push(at - committed);
    },
  });
  const databaseUrl = await freshDatabase('convene_bench_webhooks');
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const prefix = `bench-webhooks-${Date.now()}`;
  const port = await freePort();
  const env = { DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: prefix, ADMIN_API_KEY: ADMIN_KEY, CONVENE_CLOCK: 'system', WEBHOOK_ALLOW_PRIVATE: 'true' };
  const processes: ServiceProcess[] = [];
  try {
    processes.push(await startService('api', env, port, CHECKOUT));
    processes.push(await startService('worker', env, undefined, CHECKOUT));
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      await api(port, 'POST', '/api/webhooks', { url: `${receiver.url}/subscriber-${i}`, events: ['wave.completed'], secret: SECRET });
    }

    // CPU per delivery: the service's processes, this database's PostgreSQL backends, and this process (the receiver, and the commits).
    const backends = new Set((await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)).rows.map((r) => Number(r.pid)));
    const [worker, apiProcess] = [processes[1].pid, processes[0].pid];
    const groups = {
      worker: (pid: number) => pid === worker,
      api: (pid: number) => pid === apiProcess,
      postgres: (pid: number) => backends.has(pid),
      bench: (pid: number) => pid === process.pid,
    };
    const transactions = async () => Number((await db.query(`SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`)).rows[0].n);
    const transactionsBefore = await transactions();
    const cpuBefore = cpuSnapshot(groups);
    const workerTicksBefore = userAndSystemTicks(worker);

    // The events, committed as fast as this process can, a few per transaction, each commit timed.
    const started = performance.now();
    for (let seq = 0; seq < EVENTS; seq += PER_TRANSACTION) {
      const batch = Array.from({ length: Math.min(PER_TRANSACTION, EVENTS - seq) }, (_, i) => seq + i);
      await db.query('BEGIN');
      await db.query(
        `INSERT INTO outbox_events (type, aggregate_id, payload, occurred_at)
         SELECT 'wave.completed', 'bench', jsonb_build_object('waveId', 'bench', 'conferenceId', 'bench', 'state', 'completed',
                'counts', jsonb_build_object('targeted', 1, 'alreadyInvited', 0, 'sent', 1, 'failed', 0), 'benchSeq', s), now()
         FROM unnest($1::int[]) s`,
        [batch],
      );
      await db.query('COMMIT');
      const at = Date.now();
      for (const s of batch) committedAt.set(s, at);
    }
    const committed = performance.now();
    await until(() => received >= total, 'the last delivery');
    const oursMs = lastReceived - started;
    const recorded = await until(async () => (await db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered'`)).rows[0].n >= total, 'the last delivery recorded');
    // Backends the pools opened meanwhile count from zero.
    for (const r of (await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)).rows) backends.add(Number(r.pid));
    const cpu = cpuSpent(cpuBefore, cpuSnapshot(groups));
    const workerTicks = userAndSystemTicks(worker);
    const workerSystemShare = (workerTicks[1] - workerTicksBefore[1]) / Math.max(1, workerTicks[0] + workerTicks[1] - workerTicksBefore[0] - workerTicksBefore[1]);
    // The statistics reach pg_stat_database within a second of each transaction.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const serviceTransactions = (await transactions()) - transactionsBefore - EVENTS / PER_TRANSACTION;
    const { rows: [check] } = await db.query(`SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS events, max(attempts)::int AS attempts FROM webhook_deliveries`);
    if (check.n !== total || check.events !== EVENTS || received !== total) throw new Error(`expected ${total} deliveries of ${EVENTS} events; the database has ${check.n} of ${check.events}, the receiver got ${received}`);
    // Where the time went: from the outbox to the delivery's row (the fan-out), then to its delivery.
    const { rows: [split] } = await db.query(
      `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY relay) AS relay50, percentile_disc(0.99) WITHIN GROUP (ORDER BY relay) AS relay99,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY fan) AS fan50, percentile_disc(0.99) WITHIN GROUP (ORDER BY fan) AS fan99,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY send) AS send50, percentile_disc(0.99) WITHIN GROUP (ORDER BY send) AS send99
       FROM (SELECT extract(epoch FROM o.published_at - o.recorded_at) * 1000 AS relay, extract(epoch FROM d.created_at - o.published_at) * 1000 AS fan,
                    extract(epoch FROM d.delivered_at - d.created_at) * 1000 AS send
             FROM webhook_deliveries d JOIN outbox_events o ON d.event_id = 'evt_' || o.id) t`,
    );
    const peaks = processes.map((p) => `${p.role} ${p.peakRssMb()} MiB`).join(', ');
    for (const p of processes.splice(0)) await p.stop();

    // The yardstick: signed POSTs of the same bodies' size to the same receiver, IN_FLIGHT at a time.
    const body = JSON.stringify({ id: 'evt_0', type: 'wave.completed', occurredAt: new Date().toISOString(), data: { waveId: 'bench', conferenceId: 'bench', state: 'completed', counts: { targeted: 1, alreadyInvited: 0, sent: 1, failed: 0 } } });
    const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    const before = received;
    let next = 0;
    const baselineCpuBefore = cpuSnapshot({ bench: groups.bench });
    const baselineStarted = performance.now();
    const post = (path: string) =>
      new Promise<void>((resolve, reject) => {
        const t = Math.floor(Date.now() / 1000);
        const signature = `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')}`;
        const req = request(`${receiver.url}${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'convene-signature': signature, 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`baseline POST answered ${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end(body);
      });
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < total) {
          const i = next++;
          await post(`/subscriber-${i % SUBSCRIPTIONS}`);
        }
      }),
    );
    const baselineMs = performance.now() - baselineStarted;
    const baselineCpu = cpuSpent(baselineCpuBefore, cpuSnapshot({ bench: groups.bench })).bench ?? 0;
    agent.destroy();
    if (received - before !== total) throw new Error(`baseline: the receiver got ${received - before} of ${total}`);

    delays.sort((a, b) => a - b);
    const oursRate = perSecond(total, oursMs);
    const baselineRate = perSecond(total, baselineMs);
    console.log('');
    console.log(`deliveries                          ${total.toLocaleString('en')} (${EVENTS.toLocaleString('en')} events x ${SUBSCRIPTIONS}), each once`);
    console.log(`events committed in                 ${((committed - started) / 1000).toFixed(1)} s (${PER_TRANSACTION} per transaction)`);
    console.log(`first commit -> last delivery       ${(oursMs / 1000).toFixed(1)} s  = ${oursRate.toLocaleString('en')} deliveries/s`);
    console.log(`first commit -> last one recorded   ${((recorded - started) / 1000).toFixed(1)} s`);
    console.log(`commit -> delivery                  p50 ${percentile(delays, 50)} ms, p99 ${percentile(delays, 99)} ms, max ${delays[delays.length - 1]} ms`);
    console.log(`  of which outbox -> queued event   p50 ${Math.round(split.relay50)} ms, p99 ${Math.round(split.relay99)} ms (the relay)`);
    console.log(`  queued event -> delivery row      p50 ${Math.round(split.fan50)} ms, p99 ${Math.round(split.fan99)} ms (the fan-out)`);
    console.log(`  and delivery row -> delivered    p50 ${Math.round(split.send50)} ms, p99 ${Math.round(split.send99)} ms (queue and attempt)`);
    console.log(`raw signed POSTs (${IN_FLIGHT} in flight)     ${(baselineMs / 1000).toFixed(1)} s  = ${baselineRate.toLocaleString('en')} POSTs/s`);
    console.log(`ours / raw POSTs                    ${(oursRate / baselineRate).toFixed(2)}x`);
    const perDelivery = (ms: number | undefined) => `${(((ms ?? 0) * 1000) / total).toFixed(0)} µs`;
    console.log(`CPU per delivery                    worker ${perDelivery(cpu.worker)}, api ${perDelivery(cpu.api)}, PostgreSQL ${perDelivery(cpu.postgres)}, this process ${perDelivery(cpu.bench)} (receiver and commits); the worker's in the kernel ${Math.round(100 * workerSystemShare)} %`);
    console.log(`CPU per raw POST                    ${perDelivery(baselineCpu)} (sender and receiver, this process)`);
    console.log(`transactions per delivery           ${(serviceTransactions / total).toFixed(3)} (the service's, in PostgreSQL)`);
    console.log(`peak memory: ${peaks}`);
    console.log(`load average (1, 5, 15 min) at the start ${loadAtStart}, at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    recordResults('webhooks', [
      { figure: `webhook deliveries, ${total.toLocaleString('en')}`, value: oursRate, unit: 'deliveries/s', baseline: baselineRate, baselineName: 'raw signed POSTs to the same receiver' },
      { figure: 'commit -> delivery p99', value: percentile(delays, 99), unit: 'ms' },
    ]);
  } finally {
    for (const p of processes) await p.stop();
    await deleteKeysWithPrefix(REDIS_URL, prefix);
    await db.end();
    await receiver.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
