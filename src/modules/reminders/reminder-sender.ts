import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { UnLanguage } from '../../platform/http/validators';
import { MailDeliveryError } from '../../platform/mail/mail-errors';
import { MailTransport } from '../../platform/mail/mail-transport';
import { chooseLanguage } from '../../platform/mail/templates';
import { OutboxService } from '../../platform/messaging/outbox.service';
import type { ConferenceSummary } from '../conferences';
import { SecretariatDirectory } from '../series';
import type { SecretariatContact } from '../../platform/mail/templates';
import { ConferencesService } from '../conferences';
import { ContactsService } from '../contacts';
import { InvitationTokens } from '../invitations';
import { InvitationsService } from '../invitations';
import { PARTICIPANTS_SOURCE, ParticipantsSource, ReminderParticipant } from './participants-source';
import { quietUntil, usableZone } from './quiet-hours';
import { ReminderDigest } from './reminder-digest';
import { ParticipantStatus, ReminderMail, ReminderRecipient } from './reminder-mail';
import { ReminderPolicy } from './reminder-plan';
import { ReminderPolicies } from './reminder-policies';
import { ReminderSteps, StepRow } from './reminder-steps';
import { CLAIM_LEASE_SECONDS, REMINDER_BATCH_SIZE } from './reminders.jobs';

export interface ReminderBatchOutcome {
  sent: number;
  skipped: number;
  waiting: number;
  failed: number;
  /** Refused for now by the mail server: back in the batch for the job's next attempt. */
  deferred: number;
  deferredReason?: string;
}

/** What was decided for one recipient before the claim; the claim may still skip them (they answered). */
interface Decision {
  recipientId: string;
  intent: 'send' | 'wait' | 'skip';
  notBefore?: Date;
  reason?: string;
  /** Builds the message, once the recipient is claimed for sending; `language` as the claim read it. */
  build?: (language: string | null) => Buffer;
  to?: string;
  messageId?: string;
}

interface Claimed {
  recipient_id: string;
  status: string;
  language: string | null;
}

interface Attempt {
  recipientId: string;
  messageId?: string;
  error?: Error;
}

/**
 * Sends one batch of a reminder step. Each recipient is checked and claimed in one statement (a
 * non-responder who answered a moment ago is skipped, not written to), held for their quiet hours,
 * or sent; what went out is recorded per batch in one transaction. A recipient already claimed by
 * another attempt is left alone unless that attempt's claim has lapsed.
 */
@Injectable()
export class ReminderSender {
  private readonly logger = new Logger('reminder-sender');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PARTICIPANTS_SOURCE) private readonly participants: ParticipantsSource,
    private readonly steps: ReminderSteps,
    private readonly policies: ReminderPolicies,
    private readonly conferences: ConferencesService,
    private readonly contacts: ContactsService,
    private readonly invitations: InvitationsService,
    private readonly tokens: InvitationTokens,
    private readonly mail: ReminderMail,
    private readonly digest: ReminderDigest,
    private readonly transport: MailTransport,
    private readonly clock: ClockService,
    private readonly secretariats: SecretariatDirectory,
    private readonly outbox: OutboxService,
  ) {}

  /** `finalAttempt`: temporary refusals become failures instead of waiting for another try. */
  async sendBatch(stepId: string, batchNo: number, finalAttempt: boolean): Promise<ReminderBatchOutcome | null> {
    const step = await this.steps.find(stepId);
    if (!step || step.state !== 'started') return null;
    const open: Array<{ recipient_id: string; contact_id: string | null }> = await this.dataSource.query(
      `SELECT recipient_id, contact_id FROM reminder_deliveries
       WHERE step_id = $1 AND batch_no = $2
         AND (status = 'pending' OR (status = 'sending' AND claimed_at < now() - make_interval(secs => $3)))`,
      [stepId, batchNo, CLAIM_LEASE_SECONDS],
    );
    if (open.length === 0) return null;
    if (step.kind === 'digest') {
      const outcome = await this.digest.send(step, finalAttempt);
      await this.steps.completeIfDone(stepId);
      return { sent: outcome === 'sent' ? 1 : 0, skipped: outcome === 'skipped' ? 1 : 0, waiting: 0, failed: outcome === 'failed' ? 1 : 0, deferred: 0 };
    }
    const conference = await this.conferences.find(step.conference_id);
    const [policy, secretariat] = await Promise.all([this.policies.effective(conference.id), this.secretariats.forSeries(conference.seriesId)]);
    const now = await this.clock.now();
    const decisions =
      step.kind === 'non_responders'
        ? await this.decideForNonResponders(step, conference, policy, open, now, secretariat)
        : await this.decideForParticipants(step, conference, policy, open.map((o) => o.recipient_id), batchNo, now, secretariat);

    const claimed = await this.claim(step, batchNo, decisions);
    const byId = new Map(decisions.map((d) => [d.recipientId, d]));
    const toSend = claimed.filter((c) => c.status === 'sending');
    const attempts = await Promise.all(
      toSend.map(async (c): Promise<Attempt> => {
        const decision = byId.get(c.recipient_id)!;
        try {
          const raw = decision.build!(c.language);
          await this.transport.sendRaw({ from: this.transport.envelopeFrom, to: decision.to! }, raw, decision.messageId!);
          return { recipientId: c.recipient_id };
        } catch (error) {
          return { recipientId: c.recipient_id, messageId: decision.messageId, error: error as Error };
        }
      }),
    );

    const sent = attempts.filter((a) => !a.error);
    const isTemporary = (a: Attempt) => a.error instanceof MailDeliveryError && !a.error.permanent;
    const deferred = finalAttempt ? [] : attempts.filter((a) => a.error && isTemporary(a));
    const failed = attempts.filter((a) => a.error && !deferred.includes(a));
    await this.record(step, batchNo, now, sent, failed, deferred);
    if (failed.some((a) => a.error instanceof MailDeliveryError && a.error.permanent)) this.outbox.committed();
    await this.steps.completeIfDone(stepId);
    if (failed.length) this.logger.warn({ stepId, batchNo, conferenceId: step.conference_id, failed: failed.length }, 'reminders failed');
    return {
      sent: sent.length,
      skipped: claimed.filter((c) => c.status === 'skipped').length,
      waiting: claimed.filter((c) => c.status === 'waiting_quiet_hours').length,
      failed: failed.length,
      deferred: deferred.length,
      deferredReason: deferred[0]?.error?.message,
    };
  }

  private async decideForNonResponders(
    step: StepRow,
    conference: ConferenceSummary,
    policy: ReminderPolicy,
    open: Array<{ recipient_id: string; contact_id: string | null }>,
    now: Date,
    secretariat: SecretariatContact,
  ): Promise<Decision[]> {
    // After the deadline a reply is refused: a reminder to reply would only mislead.
    const closed = !conference.rsvpDeadline || conference.rsvpDeadline < now ? 'deadline_passed' : conference.state !== 'inviting' ? `conference_${conference.state}` : null;
    if (closed) return open.map((o) => ({ recipientId: o.recipient_id, intent: 'skip', reason: closed }));
    const details = new Map((await this.contacts.mailingDetails(open.map((o) => o.contact_id).filter((id): id is string => !!id))).map((d) => [d.id, d]));
    const conferenceZone = usableZone(conference.timezone, 'UTC');
    return open.map((o): Decision => {
      const contact = o.contact_id ? details.get(o.contact_id) : undefined;
      if (!contact) return { recipientId: o.recipient_id, intent: 'skip', reason: 'contact_erased' };
      const until = quietUntil(now, usableZone(contact.timezone, conferenceZone), policy.quietHours);
      if (until) return { recipientId: o.recipient_id, intent: 'wait', notBefore: until };
      const messageId = this.mail.messageId(step.step_key, o.recipient_id);
      const recipient: ReminderRecipient = { recipientId: o.recipient_id, email: contact.email, fullName: contact.fullName, honorific: contact.honorific, timezone: contact.timezone, messageId };
      return {
        recipientId: o.recipient_id,
        intent: 'send',
        to: contact.email,
        messageId,
        build: (invitationLanguage) =>
          this.mail.nonResponder(conference, chooseLanguage(invitationLanguage ?? contact.language, conference.languages), recipient, this.tokens.rsvpUrl(o.recipient_id), now, secretariat),
      };
    });
  }

  private async decideForParticipants(step: StepRow, conference: ConferenceSummary, policy: ReminderPolicy, ids: string[], batchNo: number, now: Date, secretariat: SecretariatContact): Promise<Decision[]> {
    const startsAt = conference.startsOn ? DateTime.fromISO(conference.startsOn, { zone: usableZone(conference.timezone, 'UTC') }).toJSDate() : null;
    const begun = ['in_session', 'concluded', 'reported', 'closed'].includes(conference.state) || (startsAt !== null && startsAt <= now);
    const closed = begun ? 'conference_started' : ['cancelled', 'postponed'].includes(conference.state) ? `conference_${conference.state}` : null;
    if (closed) return ids.map((id) => ({ recipientId: id, intent: 'skip', reason: closed }));
    const current = await this.currentParticipants(step, batchNo, ids);
    const conferenceZone = usableZone(conference.timezone, 'UTC');
    return ids.map((id): Decision => {
      const participant = current.get(id);
      if (!participant) return { recipientId: id, intent: 'skip', reason: 'not_participant' };
      if (!participant.email) return { recipientId: id, intent: 'skip', reason: 'no_address' };
      const until = quietUntil(now, usableZone(participant.timezone, conferenceZone), policy.quietHours);
      if (until) return { recipientId: id, intent: 'wait', notBefore: until };
      const messageId = this.mail.messageId(step.step_key, id);
      const recipient: ReminderRecipient = { recipientId: id, email: participant.email, fullName: participant.fullName, timezone: participant.timezone, messageId };
      const language: UnLanguage = chooseLanguage(participant.language, conference.languages);
      return {
        recipientId: id,
        intent: 'send',
        to: participant.email,
        messageId,
        build: () => this.mail.participant(conference, language, participantStatus(participant), recipient, now, secretariat),
      };
    });
  }

  /** The batch's participants as they are now: read from the keyset position the batch started at. */
  private async currentParticipants(step: StepRow, batchNo: number, ids: string[]): Promise<Map<string, ReminderParticipant>> {
    const [batch]: Array<{ range_after: string | null }> = await this.dataSource.query(`SELECT range_after FROM reminder_batches WHERE step_id = $1 AND batch_no = $2`, [step.id, batchNo]);
    const wanted = new Set(ids);
    const last = [...ids].sort().pop()!;
    const found = new Map<string, ReminderParticipant>();
    let after = batch?.range_after ?? null;
    for (;;) {
      const page = await this.participants.forReminders(step.conference_id, after, REMINDER_BATCH_SIZE);
      for (const p of page) if (wanted.has(p.participantId)) found.set(p.participantId, p);
      if (page.length < REMINDER_BATCH_SIZE || found.size === wanted.size) break;
      after = page[page.length - 1].participantId;
      if (after >= last) break;
    }
    return found;
  }

  /**
   * Claims the open recipients in one statement. For non-responders the invitation is read in that
   * same statement: whoever answered (or whose invitation bounced) by then is skipped, not sent to.
   */
  private async claim(step: StepRow, batchNo: number, decisions: Decision[]): Promise<Claimed[]> {
    const params: unknown[] = [
      step.id,
      decisions.map((d) => d.recipientId),
      decisions.map((d) => d.intent),
      decisions.map((d) => d.notBefore?.toISOString() ?? null),
      decisions.map((d) => d.reason ?? null),
      CLAIM_LEASE_SECONDS,
      batchNo,
    ];
    // The batch number keeps every statement to the batch's own rows: with the step alone, PostgreSQL
    // would read all of a large step's open rows for each batch. Invitations are looked up by key.
    const open = `d.step_id = $1 AND d.batch_no = $7 AND d.recipient_id = u.id AND (d.status = 'pending' OR (d.status = 'sending' AND d.claimed_at < now() - make_interval(secs => $6)))`;
    const decided = `unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::text[]) AS u(id, intent, not_before, reason)`;
    if (step.kind !== 'non_responders') {
      return this.dataSource.query(
        `WITH claimed AS (
           UPDATE reminder_deliveries d SET
             status = CASE u.intent WHEN 'skip' THEN 'skipped' WHEN 'wait' THEN 'waiting_quiet_hours' ELSE 'sending' END,
             reason = CASE WHEN u.intent = 'skip' THEN u.reason END,
             not_before = CASE WHEN u.intent = 'wait' THEN u.not_before END,
             claimed_at = now()
           FROM ${decided}
           WHERE ${open}
           RETURNING d.recipient_id, d.status, NULL::text AS language
         ) SELECT * FROM claimed`,
        params,
      );
    }
    const invitations = this.invitations.recipientsQuery(step.conference_id, params.length + 1);
    return this.dataSource.query(
      `WITH eligible AS (SELECT r.id, r.response, r.delivery, r.language FROM (${invitations.sql}) r),
       claimed AS (
         UPDATE reminder_deliveries d SET
           status = CASE
             WHEN e.id IS NULL OR e.response <> 'none' OR e.delivery <> 'sent' OR u.intent = 'skip' THEN 'skipped'
             WHEN u.intent = 'wait' THEN 'waiting_quiet_hours'
             ELSE 'sending' END,
           reason = CASE
             WHEN e.id IS NULL THEN 'invitation_withdrawn'
             WHEN e.response <> 'none' THEN 'answered'
             WHEN e.delivery <> 'sent' THEN 'undeliverable'
             WHEN u.intent = 'skip' THEN u.reason END,
           not_before = CASE WHEN e.response = 'none' AND e.delivery = 'sent' AND u.intent = 'wait' THEN u.not_before END,
           claimed_at = now()
         FROM ${decided} LEFT JOIN eligible e ON e.id = u.id
         WHERE ${open}
         RETURNING d.recipient_id, d.status, e.language
       ) SELECT * FROM claimed`,
      [...params, ...invitations.params],
    );
  }

  private async record(step: StepRow, batchNo: number, now: Date, sent: Attempt[], failed: Attempt[], deferred: Attempt[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (sent.length) {
        const marked: Array<{ recipient_id: string }> = await manager.query(
          `WITH marked AS (
             UPDATE reminder_deliveries SET status = 'sent', sent_at = $3, reason = NULL
             WHERE step_id = $1 AND batch_no = $4 AND recipient_id = ANY($2::uuid[]) AND status = 'sending' RETURNING recipient_id
           ) SELECT * FROM marked`,
          [step.id, sent.map((a) => a.recipientId), now.toISOString(), batchNo],
        );
        if (step.kind === 'non_responders') await this.invitations.countReminders(manager, marked.map((m) => m.recipient_id));
      }
      if (failed.length) {
        await manager.query(
          `UPDATE reminder_deliveries d SET status = 'failed', reason = u.reason
           FROM unnest($2::uuid[], $3::text[]) AS u(id, reason)
           WHERE d.step_id = $1 AND d.batch_no = $4 AND d.recipient_id = u.id AND d.status = 'sending'`,
          [step.id, failed.map((a) => a.recipientId), failed.map((a) => a.error?.message ?? 'unknown error'), batchNo],
        );
        // A reminder the server refused for good bounces like a reported one: its addressee is marked.
        const refusals = failed.map((a) => (a.messageId ? this.transport.refusal(a.messageId, a.error, now) : null)).filter((e) => e !== null);
        await this.outbox.record(manager, ...refusals);
      }
      if (deferred.length) {
        await manager.query(
          `UPDATE reminder_deliveries SET status = 'pending', claimed_at = NULL WHERE step_id = $1 AND batch_no = $3 AND recipient_id = ANY($2::uuid[]) AND status = 'sending'`,
          [step.id, deferred.map((a) => a.recipientId), batchNo],
        );
      }
    });
  }
}

function participantStatus(p: ReminderParticipant): ParticipantStatus {
  return {
    visaLetter: p.visaLetter === 'requested' || p.visaLetter === 'issued' ? p.visaLetter : null,
    badge: p.badge === 'issued' ? 'issued' : p.badge === 'revoked' ? null : 'pending',
  };
}
