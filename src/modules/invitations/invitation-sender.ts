import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { preparedRows } from '../../platform/database/prepared';
import { MailDeliveryError } from '../../platform/mail/mail-errors';
import { DeliveryRecorder } from '../../platform/mail/delivery-recorder';
import { MailTransport } from '../../platform/mail/mail-transport';
import { chooseLanguage } from '../../platform/mail/templates';
import { OutboxService } from '../../platform/messaging/outbox.service';
import { ContactsService } from '../contacts';
import { ConferencesService } from '../conferences';
import { SecretariatDirectory } from '../series';
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
 * announced together, a few milliseconds' acceptances per statement.
 */
@Injectable()
export class InvitationSender {
  private readonly logger = new Logger('invitation-sender');
  // One for the process: every batch under way shares its transactions, so they stay few whatever the concurrency.
  private readonly recorder = new DeliveryRecorder<Attempt>((accepted) => this.recordSent(accepted));

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
    // The batch is held for the whole send: a copy of its job (requeued after Redis lost the original,
    // or taken over from a worker that only seems dead) waits instead of sending the same rows again.
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ held }]: Array<{ held: boolean }> = await lock.query(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held`, [`wave-batch:${waveId}:${batchNo}`]);
      if (!held) throw new BatchInFlightError(waveId, batchNo);
      try {
        return await this.sendHeldBatch(waveId, batchNo, finalAttempt);
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [`wave-batch:${waveId}:${batchNo}`]);
      }
    } finally {
      await lock.release();
    }
  }

  private async sendHeldBatch(waveId: string, batchNo: number, finalAttempt: boolean): Promise<BatchOutcome | null> {
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
          // Written within a few milliseconds, not at the end of the batch: a process killed
          // mid-batch resends only what the server accepted in that window.
          this.recorder.add(attempt);
          return attempt;
        } catch (error) {
          return { ...attempt, error: error as Error };
        }
      }),
    );
    await this.recorder.drain();

    const sent = attempts.filter((a) => !a.error);
    const isTemporary = (a: Attempt) => a.error instanceof MailDeliveryError && !a.error.permanent;
    const deferred = finalAttempt ? [] : attempts.filter((a) => a.error && isTemporary(a));
    const failed = attempts.filter((a) => a.error && !deferred.includes(a));
    if (failed.length) await this.recordFailed(waveId, conference.id, failed);
    if (failed.length) this.logger.warn({ waveId, batchNo, conferenceId: conference.id, failed: failed.length }, 'invitations failed');
    return { sent: sent.length, failed: failed.length, deferred: deferred.length, deferredReason: deferred[0]?.error?.message };
  }

  /**
   * Marks accepted invitations sent, counts and announces only the rows this write changed, wave by
   * wave, in one statement: once sent it commits even if this process dies before the answer.
   */
  private async recordSent(accepted: Attempt[]): Promise<void> {
    const now = await this.clock.now();
    await preparedRows(
      this.dataSource,
      `WITH marked AS (
         UPDATE invitations i SET delivery = 'sent', sent_at = $1, delivery_error = NULL, token_hash = u.token_hash, language = u.language
         FROM unnest($2::uuid[], $3::bytea[], $4::text[]) AS u(id, token_hash, language)
         WHERE i.id = u.id AND i.delivery = 'queued'
         RETURNING i.id, i.wave_id, i.conference_id
       ), per_wave AS (
         SELECT wave_id, conference_id, count(*)::int AS sent, jsonb_agg(id) AS ids FROM marked GROUP BY wave_id, conference_id
       ), announced AS (
         ${this.outbox.recordSelectedSql(`SELECT 'invitation.sent', wave_id::text, jsonb_build_object('conferenceId', conference_id, 'waveId', wave_id, 'invitationIds', ids), $1::timestamptz FROM per_wave ORDER BY wave_id`)}
       ), counted AS (
         ${this.stats.addSql('sent', 'per_wave', 'sent', '$5')}
       ), waves_counted AS (
         UPDATE waves w SET sent = w.sent + p.sent FROM per_wave p WHERE w.id = p.wave_id
       ) SELECT NULL`,
      [now.toISOString(), accepted.map((a) => a.invitationId), accepted.map((a) => a.tokenHash), accepted.map((a) => a.language), this.stats.shardValue()],
    );
    this.outbox.committed();
  }

  private async recordFailed(waveId: string, conferenceId: string, failed: Attempt[]): Promise<void> {
    const now = await this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const marked: Array<{ id: string; reason: string; contact_id: string; refused: boolean }> = await manager.query(
        `WITH marked AS (
           UPDATE invitations i SET delivery = 'failed', delivery_error = u.reason
           FROM unnest($1::uuid[], $2::text[], $3::boolean[]) AS u(id, reason, refused)
           WHERE i.id = u.id AND i.delivery = 'queued'
           RETURNING i.id, u.reason, i.contact_id, u.refused
         ) SELECT id, reason, contact_id, refused FROM marked`,
        [failed.map((a) => a.invitationId), failed.map((a) => a.error?.message ?? 'unknown error'), failed.map((a) => a.error instanceof MailDeliveryError && a.error.permanent)],
      );
      if (marked.length === 0) return;
      await manager.query(`UPDATE waves SET failed = failed + $2 WHERE id = $1`, [waveId, marked.length]);
      await this.stats.bump(manager, conferenceId, { sent: 0, failed: marked.length });
      const failures = marked.map((m) => ({ invitationId: m.id, reason: m.reason, contactId: m.contact_id, refused: m.refused }));
      await this.outbox.record(manager, { type: 'invitation.failed', aggregateId: waveId, occurredAt: now, data: { conferenceId, waveId, failures } });
    });
    this.outbox.committed();
  }
}

/** Another process is sending this batch right now; the job is retried later, with backoff. */
export class BatchInFlightError extends Error {
  constructor(waveId: string, batchNo: number) {
    super(`batch ${batchNo} of wave ${waveId} is being sent by another worker`);
  }
}
