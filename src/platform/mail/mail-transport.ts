import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MailDeliveryError, MailRejectedError, MailTemporaryError, redactAddresses } from './mail-errors';
import { PendingEvent } from '../messaging/outbox.service';
import './mail.events';
import { buildMessageId, parseMessageId } from './message-id';
import { OutgoingMail, buildMime } from './mime';

/**
 * Parallel SMTP connections per process. Each message costs a few round trips, so one connection
 * mostly waits: measured on a wave of 6,000 into a local server, 4 connections gave ~530 invitations/s,
 * 8 gave ~850, 16 no more than 8.
 */
export const SMTP_MAX_CONNECTIONS = 8;

export interface Envelope {
  from: string;
  to: string;
}

type Pool = ReturnType<typeof createPooledTransport>;

function createPooledTransport(url: string) {
  return createTransport({
    url,
    pool: true,
    maxConnections: SMTP_MAX_CONNECTIONS,
    // Every message over the same connections: a new one every 100 messages (the default) costs a handshake for nothing.
    maxMessages: Infinity,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
}

/** `<invitation.3f…@host>` -> `invitation.3f…@host.eml`; anything lossy gets a hash so two ids never share a file. */
export function outboxFileName(messageId: string): string {
  const bare = messageId.trim().replace(/^<|>$/g, '');
  const safe = bare.replace(/[^A-Za-z0-9._@+=-]/g, '_').replace(/^\.+/, '_').slice(0, 180);
  const lossless = safe === bare && safe.length > 0;
  return `${lossless ? safe : `${safe}-${createHash('sha256').update(messageId).digest('hex').slice(0, 16)}`}.eml`;
}

/**
 * Sends prebuilt messages: through a pooled SMTP transport when SMTP_URL is set, else into the outbox
 * folder as one .eml file per Message-ID (a retried send overwrites its own file).
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private pool: Pool | undefined;
  private outboxReady: Promise<unknown> | undefined;

  /** MAIL_FROM as a header value ("Conference Secretariat <secretariat@…>"). */
  readonly from: string;
  /** MAIL_FROM's bare address, for the SMTP envelope of sendRaw. */
  readonly envelopeFrom: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.from = config.mailFrom;
    const [first] = addressparser(config.mailFrom);
    this.envelopeFrom = first && 'address' in first && first.address ? first.address : config.mailFrom;
  }

  /** Stable Message-ID for a kind of message about one thing, e.g. messageIdFor('invitation', invitation.id). */
  messageIdFor(kind: string, id: string): string {
    return buildMessageId(kind, id, this.config.publicBaseUrl);
  }

  /**
   * The `mail.bounced` event announcing that the server refused this message for good as it was
   * sent, for the sender to record with the failure; null for a temporary refusal or a Message-ID
   * this service did not build.
   */
  /** The kind and ref of a Message-ID this service built; null for anyone else's. */
  parseMessageId(messageId: string): { kind: string; ref: string } | null {
    return parseMessageId(messageId, this.config.publicBaseUrl);
  }

  refusal(messageId: string, error: unknown, at: Date): PendingEvent<'mail.bounced'> | null {
    if (!(error instanceof MailDeliveryError) || !error.permanent) return null;
    const ours = parseMessageId(messageId, this.config.publicBaseUrl);
    if (!ours) return null;
    const status = /\b[45]\.\d{1,3}\.\d{1,3}\b/.exec(error.message)?.[0] ?? `${Math.floor((error.responseCode ?? 550) / 100)}.0.0`;
    return {
      type: 'mail.bounced',
      aggregateId: messageId,
      occurredAt: at,
      data: { messageId, kind: ours.kind, ref: ours.ref, action: 'failed', status, diagnostic: error.message, permanent: true, source: 'sending' },
    };
  }

  async send(message: OutgoingMail): Promise<void> {
    const [sender] = addressparser(message.from);
    const from = sender && 'address' in sender && sender.address ? sender.address : message.from;
    await this.sendRaw({ from, to: message.to.address }, buildMime(message), message.messageId);
  }

  async sendRaw(envelope: Envelope, raw: Buffer | string, messageId: string): Promise<void> {
    if (this.config.smtpUrl) await this.sendSmtp(this.config.smtpUrl, envelope, raw, messageId);
    else await this.writeOutbox(raw, messageId);
  }

  async onApplicationShutdown(): Promise<void> {
    this.pool?.close();
    this.pool = undefined;
  }

  private async sendSmtp(url: string, envelope: Envelope, raw: Buffer | string, messageId: string): Promise<void> {
    this.pool ??= createPooledTransport(url);
    try {
      await this.pool.sendMail({ envelope: { from: envelope.from, to: [envelope.to] }, raw, messageId });
    } catch (error) {
      // Logged by the job that sent it; the error carries no address, so it may go into job records.
      throw deliveryError(error);
    }
  }

  private async writeOutbox(raw: Buffer | string, messageId: string): Promise<void> {
    const dir = this.config.outboxDir;
    this.outboxReady ??= mkdir(dir, { recursive: true }).catch((error: unknown) => {
      this.outboxReady = undefined;
      throw error;
    });
    await this.outboxReady;
    const file = join(dir, outboxFileName(messageId));
    // Written aside then renamed, so a reader (or a concurrent retry) never sees half a message.
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
    await writeFile(partial, raw);
    await rename(partial, file);
  }
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** Envelope and message problems the server will refuse again, with or without a reply code. */
const PERMANENT_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS']);

/** Maps nodemailer's error to one that says what the server answered, without any address. */
export function deliveryError(error: unknown): MailDeliveryError {
  const failure = (error ?? {}) as SmtpFailure;
  const code = typeof failure.code === 'string' ? failure.code : undefined;
  const responseCode = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  const answer = redactAddresses((failure.response ?? '').trim());
  if (responseCode) {
    const message = `SMTP server answered: ${answer || responseCode}`;
    // 503 is a bad command sequence on that connection, not a verdict on the message.
    return responseCode >= 500 && responseCode !== 503 ? new MailRejectedError(message, responseCode, code) : new MailTemporaryError(message, responseCode, code);
  }
  const message = `SMTP sending failed (${code ?? 'unknown error'}): ${redactAddresses(failure.message ?? String(error))}`;
  return code && PERMANENT_CODES.has(code) ? new MailRejectedError(message, undefined, code) : new MailTemporaryError(message, undefined, code);
}
