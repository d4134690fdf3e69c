import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { MailDeliveryError } from '../../platform/mail/mail-errors';
import { MailTransport } from '../../platform/mail/mail-transport.service';
import { chooseLanguage } from '../../platform/mail/templates';
import { OutboxService } from '../../platform/messaging/outbox.service';
import { ContactsService } from '../contacts/contacts.service';
import { ConferencesService } from '../conferences/conferences.service';
import { SecretariatDirectory } from '../series/secretariat-directory';
import { InvitationMail } from './invitation-mail';
import { InvitationStats } from './invitation-stats';
import { InvitationTokens } from './invitation-tokens';

export interface BatchOutcome {
  sent: number;
  failed: number;
  /** Refused for now (4xx, connection lost): left queued for the job's next attempt. */
  deferred: number;
  /** Why the deferred ones were deferred, without any address. */
  deferredReason?: string;
}

interface Attempt {
  invitationId: string;
  language: string;
  tokenHash: Buffer;
  error?: MailDeliveryError | Error;
}

/**
 * Sends one batch of a wave. It re-reads which invitations of the batch are still queued, so a
 * retried or duplicated job sends only what has not gone out; the rows sent are marked, counted and
 * announced in one transaction per batch.
 */
@Injectable()
export class InvitationSender {
  private readonly logger = new Logger('invitation-sender');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contacts: ContactsService,
    private readonly conferences: ConferencesService,
    private readonly mail: InvitationMail,
    private readonly transport: MailTransport,
    private readonly tokens: InvitationTokens,
    private readonly stats: InvitationStats,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
    private readonly secretariats: SecretariatDirectory,
  ) {}

  /** `finalAttempt`: temporary refusals become failures instead of waiting for another try. */
  async sendBatch(waveId: string, batchNo: number, finalAttempt: boolean): Promise<BatchOutcome | null> {
    const rows: Array<{ id: string; contact_id: string; conference_id: string }> = await this.dataSource.query(
      `SELECT id, contact_id, conference_id FROM invitations WHERE wave_id = $1 AND batch_no = $2 AND delivery = 'queued'`,
      [waveId, batchNo],
    );
    if (rows.length === 0) return null;
    const conference = await this.conferences.find(rows[0].conference_id);
    const secretariat = await this.secretariats.forSeries(conference.seriesId);
    const details = new Map((await this.contacts.mailingDetails(rows.map((r) => r.contact_id))).map((d) => [d.id, d]));

    const attempts = await Promise.all(
      rows.map(async (row): Promise<Attempt> => {
        const contact = details.get(row.contact_id);
        const token = this.tokens.tokenFor(row.id);
        const attempt: Attempt = { invitationId: row.id, language: 'en', tokenHash: this.tokens.hash(token) };
        if (!contact) return { ...attempt, error: new Error('the contact was erased before the invitation went out') };
        const language = chooseLanguage(contact.language, conference.languages);
        attempt.language = language;
        try {
          const raw = this.mail.build(conference, language, {
            invitationId: row.id,
            email: contact.email,
            fullName: contact.fullName,
            honorific: contact.honorific,
            timezone: contact.timezone,
            rsvpUrl: this.tokens.linkFor(token),
          }, secretariat);
          await this.transport.sendRaw({ from: this.transport.envelopeFrom, to: contact.email }, raw, this.mail.messageId(row.id));
          return attempt;
        } catch (error) {
          return { ...attempt, error: error as Error };
        }
      }),
    );

    const sent = attempts.filter((a) => !a.error);
    const isTemporary = (a: Attempt) => a.error instanceof MailDeliveryError && !a.error.permanent;
    const deferred = finalAttempt ? [] : attempts.filter((a) => a.error && isTemporary(a));
    const failed = attempts.filter((a) => a.error && !deferred.includes(a));
    const now = await this.clock.now();

    await this.dataSource.transaction(async (manager) => {
      if (sent.length) {
        await manager.query(
          `UPDATE invitations i SET delivery = 'sent', sent_at = $1, delivery_error = NULL, token_hash = u.token_hash, language = u.language
           FROM unnest($2::uuid[], $3::bytea[], $4::text[]) AS u(id, token_hash, language)
           WHERE i.id = u.id AND i.delivery = 'queued'`,
          [now.toISOString(), sent.map((a) => a.invitationId), sent.map((a) => a.tokenHash), sent.map((a) => a.language)],
        );
      }
      if (failed.length) {
        await manager.query(
          `UPDATE invitations i SET delivery = 'failed', delivery_error = u.reason
           FROM unnest($1::uuid[], $2::text[]) AS u(id, reason)
           WHERE i.id = u.id AND i.delivery = 'queued'`,
          [failed.map((a) => a.invitationId), failed.map((a) => a.error?.message ?? 'unknown error')],
        );
      }
      await manager.query(`UPDATE waves SET sent = sent + $2, failed = failed + $3 WHERE id = $1`, [waveId, sent.length, failed.length]);
      await this.stats.bump(manager, conference.id, { sent: sent.length, failed: failed.length });
      const events = [];
      if (sent.length) {
        events.push({ type: 'invitation.sent' as const, aggregateId: waveId, occurredAt: now, data: { conferenceId: conference.id, waveId, invitationIds: sent.map((a) => a.invitationId) } });
      }
      if (failed.length) {
        events.push({
          type: 'invitation.failed' as const,
          aggregateId: waveId,
          occurredAt: now,
          data: { conferenceId: conference.id, waveId, failures: failed.map((a) => ({ invitationId: a.invitationId, reason: a.error?.message ?? 'unknown error' })) },
        });
      }
      await this.outbox.record(manager, ...events);
    });
    this.outbox.committed();
    if (failed.length) this.logger.warn({ waveId, batchNo, conferenceId: conference.id, failed: failed.length }, 'invitations failed');
    return { sent: sent.length, failed: failed.length, deferred: deferred.length, deferredReason: deferred[0]?.error?.message };
  }
}
