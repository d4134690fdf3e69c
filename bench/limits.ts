/**
 * The machine's limits the benchmarks compare against, measured in the same run: what the stage's
 * tools do with no product logic at all (raw SMTP, BullMQ no-op jobs, PostgreSQL COPY).
 */
import { Queue, Worker } from 'bullmq';
import nodemailer from 'nodemailer';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { Worker as Thread, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { SMTP_MAX_CONNECTIONS } from '../src/platform/mail/mail-transport';
import { RedisAddress, queueConnection } from '../src/platform/messaging/redis-connection';
import { perSecond } from './support';

/** Runs `task(i)` for i in [0, count) with `inFlight` at a time. */
async function inParallel(count: number, inFlight: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < count) await task(next++);
  }));
}

/**
 * SMTP hand-off: N messages built beforehand, sent raw over a pool of the service's size into the
 * sink; returns messages per second (the limit a wave cannot beat). `samples` are messages as the
 * service built them, sent in turn (each to its own envelope recipient), so the hand-off moves the
 * same bytes as the wave; without them, a short plain-text message. The sender runs on a thread of
 * its own, as the service's worker is a process of its own: the sink in this thread must not slow it.
 */
export async function smtpHandoffRate(smtpUrl: string, count: number, samples: Buffer[] = []): Promise<number> {
  const sender = new Thread(__filename, { workerData: { role: HANDOFF_ROLE, smtpUrl, count, samples } });
  const [rate] = (await once(sender, 'message')) as [number];
  await sender.terminate();
  return rate;
}

const HANDOFF_ROLE = 'smtp-handoff';

async function sendHandoff({ smtpUrl, count, samples }: { smtpUrl: string; count: number; samples: Uint8Array[] }): Promise<number> {
  const body = 'Excellency,\r\n\r\nThe Secretariat has the honour to invite you to the regional conference.\r\n\r\nReply: https://convene.example/rsvp/x\r\n';
  const short = (i: number) =>
    `From: Secretariat <secretariat@convene.example>\r\nTo: invitee${i}@example.org\r\nSubject: Invitation\r\nMessage-ID: <limit.${i}@convene.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`;
  const messages: Array<string | Buffer> = samples.length > 0 ? samples.map((m) => Buffer.from(m)) : Array.from({ length: count }, (_, i) => short(i));
  const transport = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: SMTP_MAX_CONNECTIONS, maxMessages: Infinity } as never);
  const started = performance.now();
  await inParallel(count, SMTP_MAX_CONNECTIONS * 4, (i) =>
    transport.sendMail({ envelope: { from: 'secretariat@convene.example', to: [`invitee${i}@example.org`] }, raw: messages[i % messages.length] }));
  const rate = perSecond(count, performance.now() - started);
  transport.close();
  return rate;
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === HANDOFF_ROLE) {
  void sendHandoff(workerData).then((rate) => parentPort!.postMessage(rate));
}

/** BullMQ no-op jobs added in bulk (1,000 a call) and processed at `concurrency`, on the service's kind of connection; returns jobs per second. */
export async function bullmqNoopRate(redis: RedisAddress, prefix: string, count: number, concurrency: number): Promise<number> {
  const { connection, close } = queueConnection(redis);
  const queue = new Queue('noop', { connection, prefix });
  let done = 0;
  let finished: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const worker = new Worker('noop', async () => undefined, { connection, prefix, concurrency, removeOnComplete: { count: 1000 } });
  worker.on('completed', () => ++done === count && finished());
  await worker.waitUntilReady();
  const started = performance.now();
  for (let i = 0; i < count; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, count - i) }, (_, j) => ({ name: 'noop', data: { i: i + j } })));
  }
  await allDone;
  const rate = perSecond(count, performance.now() - started);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await close();
  return rate;
}

/** Rows per second writing `count` rows of `columns` (text) into a new table: by COPY, and by 1,000-row INSERTs. */
export async function postgresWriteRates(databaseUrl: string, count: number, row: (i: number) => string[]): Promise<{ copy: number; multiRow: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const width = row(0).length;
  const columns = Array.from({ length: width }, (_, c) => `c${c} text`).join(', ');
  try {
    await db.query(`CREATE TABLE limit_copy (${columns}); CREATE TABLE limit_insert (${columns})`);
    const escape = (value: string) => value.replace(/[\\\t\n]/g, (c) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\\\'));
    let started = performance.now();
    await pipeline(Readable.from((function* () {
      for (let i = 0; i < count; i++) yield `${row(i).map(escape).join('\t')}\n`;
    })()), db.query(copyFrom('COPY limit_copy FROM STDIN')));
    const copy = perSecond(count, performance.now() - started);
    started = performance.now();
    for (let i = 0; i < count; i += 1000) {
      const size = Math.min(1000, count - i);
      const values = Array.from({ length: size }, (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`).join(', ');
      await db.query(`INSERT INTO limit_insert VALUES ${values}`, Array.from({ length: size }, (_, r) => row(i + r)).flat());
    }
    const multiRow = perSecond(count, performance.now() - started);
    return { copy, multiRow };
  } finally {
    await db.query('DROP TABLE IF EXISTS limit_copy, limit_insert');
    await db.end();
  }
}
