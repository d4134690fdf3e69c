import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ClockService } from '../clock/clock.service';
import { UnLanguage } from '../http/validators';
import { OutboxService } from '../messaging/outbox.service';
import { QUEUES, jobId } from '../messaging/queue-catalog';
import { MailTransport } from './mail-transport';
import { MailAddress, MailAttachment, OutgoingMail } from './mime';
import { RenderedMail } from './templates';

export const MAIL_JOB = 'send';

/** A queued message: which composer builds it from which ids, under which stable Message-ID. */
export interface MailJob {
  composer: string;
  messageId: string;
  /** Ids and numbers only: the composer reads names and addresses when the message goes out. */
  payload: Record<string, unknown>;
}

declare module '../messaging/queue-catalog' {
  interface QueueJobs {
    [QUEUES.mail]: { [MAIL_JOB]: MailJob };
  }
}

/** What a composer returns: one message to one person, rendered (renderTemplate) in their language. */
export interface ComposedMail {
  to: MailAddress;
  language: UnLanguage;
  content: RenderedMail;
  attachments?: MailAttachment[];
  headers?: Record<string, string>;
  /** The series' secretariat, which the reader answers. */
  replyTo?: MailAddress | null;
}

/** Builds a message from its job payload, reading current data; null when there is nothing to send any more. */
export type MailComposer<P> = (payload: P, messageId: string) => Promise<ComposedMail | null>;

export type DeliveryOutcome = 'sent' | 'already_sent' | 'nothing_to_send' | 'given_up';

/**
 * The mail pipeline for one-off messages (confirmations, offers, reminders): a feature registers a
 * composer under a name at start-up and queues messages by that name with ids only and a stable
 * Message-ID. The `mail` queue's worker renders, encodes (buildMime) and sends them, and records each
 * Message-ID in mail_deliveries once delivered, so a job run twice, or queued twice by an event
 * delivered twice, sends one message. Job ids derive from the Message-ID too. Each message queued
 * is kept in mail_requests until it is settled (sent, found sent, nothing to send, refused for
 * good, given up after its last attempt), so that a Redis which lost the job can be given it again.
 */
@Injectable()
export class MailQueue {
  private readonly composers = new Map<string, MailComposer<never>>();

  constructor(
    @InjectQueue(QUEUES.mail) private readonly queue: Queue,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transport: MailTransport,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
  ) {}

  register<P extends Record<string, unknown>>(name: string, composer: MailComposer<P>): void {
    if (this.composers.has(name)) throw new Error(`Mail composer ${name} is registered twice.`);
    this.composers.set(name, composer as MailComposer<never>);
  }

  /** Queues one message; queuing the same Message-ID again adds nothing while the first job is known. */
  async enqueue<P extends Record<string, unknown>>(composer: string, payload: P, messageId: string): Promise<void> {
    await this.enqueueMany([{ composer, payload, messageId }]);
  }

  async enqueueMany(messages: MailJob[]): Promise<void> {
    if (messages.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO mail_requests (message_id, composer, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[]) ON CONFLICT (message_id) DO NOTHING`,
      [messages.map((m) => m.messageId), messages.map((m) => m.composer), messages.map((m) => JSON.stringify(m.payload))],
    );
    await this.add(messages);
  }

  /** Queues again, under the same job ids, every message requested and not settled: for when Redis lost its data. */
  async requeueUnsettled(): Promise<{ requeued: number }> {
    const messages: MailJob[] = await this.dataSource.query(
      `SELECT message_id AS "messageId", composer, payload FROM mail_requests r
       WHERE NOT EXISTS (SELECT 1 FROM mail_deliveries d WHERE d.message_id = r.message_id) ORDER BY requested_at`,
    );
    await this.add(messages);
    return { requeued: messages.length };
  }

  /** The message needs no more tries: sent already, nothing to send any more, or refused for good. */
  async settle(messageId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM mail_requests WHERE message_id = $1`, [messageId]);
  }

  /**
   * The last attempt failed: the message leaves mail_requests for its final state in mail_failures,
   * and `mail.failed` announces it to the module it was about, in one transaction. A message already
   * delivered or settled is left as it is. Returns whether it was given up now.
   */
  async fail(job: MailJob, attempts: number, reason: string): Promise<boolean> {
    const now = await this.clock.now();
    const ours = this.transport.parseMessageId(job.messageId);
    const failed = await this.dataSource.transaction(async (manager) => {
      const rows: unknown[] = await manager.query(
        `WITH requested AS (
           DELETE FROM mail_requests r WHERE r.message_id = $1
             AND NOT EXISTS (SELECT 1 FROM mail_deliveries d WHERE d.message_id = r.message_id)
           RETURNING r.message_id, r.composer
         ) INSERT INTO mail_failures (message_id, composer, reason, attempts, failed_at)
           SELECT message_id, composer, $2, $3, $4 FROM requested ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
        [job.messageId, reason, attempts, now.toISOString()],
      );
      if (rows.length === 0 || !ours) return rows.length > 0;
      await this.outbox.record(manager, { type: 'mail.failed', aggregateId: job.messageId, occurredAt: now, data: { messageId: job.messageId, ...ours, attempts, reason } });
      return true;
    });
    if (failed) this.outbox.committed();
    return failed;
  }

  private async add(messages: MailJob[]): Promise<void> {
    if (messages.length === 0) return;
    await this.queue.addBulk(messages.map((data) => ({ name: MAIL_JOB, data, opts: { jobId: mailJobId(data.messageId) } })));
  }

  async delivered(messageId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM mail_deliveries WHERE message_id = $1`, [messageId]);
    return rows.length > 0;
  }

  /** Sent already, given up already, or neither. */
  private async finalState(messageId: string): Promise<'sent' | 'given_up' | null> {
    const [row]: Array<{ sent: boolean; failed: boolean }> = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM mail_deliveries WHERE message_id = $1) AS sent, EXISTS (SELECT 1 FROM mail_failures WHERE message_id = $1) AS failed`,
      [messageId],
    );
    return row.sent ? 'sent' : row.failed ? 'given_up' : null;
  }

  /** The worker's half: skip what went out already, compose, send, record. Delivery errors propagate. */
  async deliver(job: MailJob): Promise<DeliveryOutcome> {
    const compose = this.composers.get(job.composer);
    if (!compose) throw new Error(`No mail composer named ${job.composer} in this process`);
    // A job run again after its message was given up (a process that died before BullMQ heard of the failure) sends nothing.
    const state = await this.finalState(job.messageId);
    if (state === 'given_up') return 'given_up';
    if (state === 'sent') {
      await this.settle(job.messageId);
      return 'already_sent';
    }
    const mail = await compose(job.payload as never, job.messageId);
    if (!mail) {
      await this.settle(job.messageId);
      return 'nothing_to_send';
    }
    await this.sendOrRecordRefusal(job.messageId, {
      from: this.transport.from,
      to: mail.to,
      subject: mail.content.subject,
      text: mail.content.text,
      html: mail.content.html,
      messageId: job.messageId,
      language: mail.language,
      headers: mail.headers,
      replyTo: mail.replyTo,
      attachments: mail.attachments,
    });
    await this.dataSource.query(
      `WITH delivered AS (INSERT INTO mail_deliveries (message_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING)
       DELETE FROM mail_requests WHERE message_id = $1`,
      [job.messageId, job.composer],
    );
    return 'sent';
  }

  /** A permanent refusal is announced as `mail.bounced` (so the sender's module marks the addressee) before it propagates. */
  private async sendOrRecordRefusal(messageId: string, mail: OutgoingMail): Promise<void> {
    try {
      await this.transport.send(mail);
    } catch (error) {
      const refusal = this.transport.refusal(messageId, error, await this.clock.now());
      if (refusal) {
        await this.dataSource.transaction((manager) => this.outbox.record(manager, refusal));
        this.outbox.committed();
      }
      throw error;
    }
  }
}

/** BullMQ ids may not hold ':'; the Message-ID's brackets are dropped. */
export const mailJobId = (messageId: string) => jobId('mail', messageId.replace(/^<|>$/g, ''));
