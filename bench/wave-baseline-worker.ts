/**
 * The minimal hand-written pipeline the wave benchmark compares against: one plain BullMQ job per
 * invitee that renders a fixed message, sends it over a pooled SMTP connection and marks its row.
 * Started as a child process by bench/wave.ts. It gets the same SMTP pool size as the service.
 */
import { Worker } from 'bullmq';
import nodemailer from 'nodemailer';
import { Pool } from 'pg';

const { DATABASE_URL, REDIS_URL, QUEUE_PREFIX, SMTP_URL } = process.env as Record<string, string>;
const pg = new Pool({ connectionString: DATABASE_URL, max: 10 });
const transport = nodemailer.createTransport({ url: SMTP_URL, pool: true, maxConnections: 8, maxMessages: Infinity } as never);

const html = '<html lang="en"><body><p>Excellency,</p><p>The Secretariat has the honour to invite you to the regional conference.</p><p><a href="https://convene.example/rsvp/x">Reply</a></p></body></html>';
const text = 'Excellency,\n\nThe Secretariat has the honour to invite you to the regional conference.\n\nReply: https://convene.example/rsvp/x\n';

const worker = new Worker<{ id: number; email: string }>(
  'baseline',
  async (job) => {
    await transport.sendMail({ from: 'Secretariat <secretariat@convene.example>', to: job.data.email, subject: 'Invitation', text, html });
    await pg.query('UPDATE bench_baseline SET sent_at = now() WHERE id = $1', [job.data.id]);
  },
  { connection: { url: REDIS_URL, maxRetriesPerRequest: null }, prefix: QUEUE_PREFIX, concurrency: 16, removeOnComplete: { count: 1000 } },
);

process.on('SIGTERM', () => {
  void worker.close().then(() => (transport.close(), pg.end())).then(() => process.exit(0));
});
