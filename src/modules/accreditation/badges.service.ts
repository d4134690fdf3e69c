import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainError } from '../../platform/http/domain-error';
import { OutboxService } from '../../platform/messaging/outbox.service';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { ConferencesService } from '../conferences';
import { CredentialsService, DirectoryCard, ParticipantsDirectory } from '../participants';
import { BadgeCodes } from './badge-codes';
import { BADGE_JOBS, printJobId } from './badges.jobs';
import { affiliationOf, capacityLabel, delegationOf } from './participant-labels';
import { renderBadge } from './accreditation-documents';

export type JobOutcome = 'done' | 'skipped';

/** Badges drawn per print job: enough to share the lookups and the write, few enough to keep a job short. */
const PRINT_BATCH = 25;

/** Badges: printed by the badges worker when a participant is confirmed, revoked when they leave, reissued with a new code. */
@Injectable()
export class BadgesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: ParticipantsDirectory,
    private readonly conferences: ConferencesService,
    private readonly credentials: CredentialsService,
    private readonly codes: BadgeCodes,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
    @InjectQueue(QUEUES.badges) private readonly queue: Queue,
  ) {}

  /**
   * A confirmed participant's badge is due: a pending row (with the badge id its code will name) and
   * its print job; a badge already issued or revoked is left as it is.
   */
  async request(participantId: string, conferenceId: string, invitationId: string): Promise<JobOutcome> {
    const [row]: Array<{ badge_id: string; status: string }> = await this.dataSource.query(
      `WITH requested AS (
         INSERT INTO logistics_badges (participant_id, badge_id, conference_id, invitation_id, status) VALUES ($1, gen_random_uuid(), $2, $3, 'pending')
         ON CONFLICT (participant_id) DO NOTHING RETURNING badge_id, status
       )
       SELECT badge_id, status FROM requested UNION ALL SELECT badge_id, status FROM logistics_badges WHERE participant_id = $1`,
      [participantId, conferenceId, invitationId],
    );
    if (row?.status !== 'pending') return 'skipped';
    await this.queue.add(BADGE_JOBS.print, { conferenceId, participantId }, { jobId: printJobId(row.badge_id) });
    return 'done';
  }

  /**
   * Renders up to a batch of the conference's pending badges (this participant's first) and stores
   * them with their badge.issued events in one transaction; answers how many were stored. A badge
   * revoked or reissued while it was drawn keeps its new state (the write names the badge id it drew).
   */
  async printPending(conferenceId: string, participantId: string): Promise<number> {
    const pending: Array<{ participant_id: string; badge_id: string }> = await this.dataSource.query(
      `SELECT participant_id, badge_id FROM logistics_badges WHERE conference_id = $1 AND status = 'pending'
       ORDER BY participant_id = $2 DESC, participant_id LIMIT $3`,
      [conferenceId, participantId, PRINT_BATCH],
    );
    if (!pending.some((p) => p.participant_id === participantId)) return 0;
    const cards = new Map((await this.directory.cards(pending.map((p) => p.participant_id))).map((c) => [c.participantId, c]));
    const conference = await this.conferences.find(conferenceId);
    const printed: Array<{ card: DirectoryCard; badgeId: string; pdf: Buffer }> = [];
    for (const { participant_id, badge_id } of pending) {
      const card = cards.get(participant_id);
      if (card?.status !== 'confirmed') continue;
      const pdf = await renderBadge({
        conferenceTitle: conference.title,
        city: conference.city ?? '',
        startsOn: conference.startsOn ?? '',
        endsOn: conference.endsOn ?? conference.startsOn ?? '',
        honorific: card.honorific,
        fullName: card.fullName,
        jobTitle: card.jobTitle,
        delegation: delegationOf(card),
        affiliation: affiliationOf(card),
        capacity: capacityLabel(card.capacity),
        code: this.codes.codeFor(badge_id),
      });
      printed.push({ card, badgeId: badge_id, pdf });
    }
    if (printed.length === 0) return 0;
    const now = await this.clock.now();
    const stored = await this.dataSource.transaction(async (manager) => {
      const [rows]: [Array<{ participant_id: string }>] = await manager.query(
        `UPDATE logistics_badges b SET status = 'issued', pdf = u.pdf, issued_at = $4
         FROM unnest($1::uuid[], $2::uuid[], $3::bytea[]) AS u(participant_id, badge_id, pdf)
         WHERE b.participant_id = u.participant_id AND b.badge_id = u.badge_id AND b.status = 'pending'
         RETURNING b.participant_id`,
        [printed.map((p) => p.card.participantId), printed.map((p) => p.badgeId), printed.map((p) => p.pdf), now.toISOString()],
      );
      const issued = new Set(rows.map((r) => r.participant_id));
      await this.outbox.record(
        manager,
        ...printed
          .filter((p) => issued.has(p.card.participantId))
          .map(({ card }) => ({
            type: 'badge.issued' as const,
            aggregateId: card.participantId,
            occurredAt: now,
            data: { conferenceId, participantId: card.participantId, invitationId: card.invitationId, issuedAt: now.toISOString() },
          })),
      );
      return issued.size;
    });
    if (stored > 0) this.outbox.committed();
    return stored;
  }

  /** The badge of someone who left stops opening the door; recorded even before the worker produced it, so it never will. */
  async revoke(participantId: string, conferenceId: string, invitationId: string, reason: string): Promise<JobOutcome> {
    const now = await this.clock.now();
    const revoked = await this.dataSource.transaction(async (manager) => {
      const [before]: Array<{ status: string }> = await manager.query(`SELECT status FROM logistics_badges WHERE participant_id = $1 FOR UPDATE`, [participantId]);
      await manager.query(
        `INSERT INTO logistics_badges (participant_id, badge_id, conference_id, invitation_id, status, revoked_at) VALUES ($1, gen_random_uuid(), $2, $3, 'revoked', $4)
         ON CONFLICT (participant_id) DO UPDATE SET status = 'revoked', pdf = NULL, revoked_at = EXCLUDED.revoked_at WHERE logistics_badges.status <> 'revoked'`,
        [participantId, conferenceId, invitationId, now.toISOString()],
      );
      if (before?.status !== 'issued') return false;
      await this.outbox.record(manager, {
        type: 'badge.revoked',
        aggregateId: participantId,
        occurredAt: now,
        data: { conferenceId, participantId, invitationId, reason, revokedAt: now.toISOString() },
      });
      return true;
    });
    if (revoked) this.outbox.committed();
    return revoked ? 'done' : 'skipped';
  }

  /** A lost or compromised badge: the old code stops working at once; the worker prints the new one. */
  async reissue(participantId: string): Promise<{ participantId: string; badge: 'pending' }> {
    const now = await this.clock.now();
    const row = await this.dataSource.transaction(async (manager) => {
      const [[found]]: [Array<{ conference_id: string; invitation_id: string }>] = await manager.query(
        `UPDATE logistics_badges SET badge_id = gen_random_uuid(), status = 'pending', pdf = NULL, legacy_code_hash = NULL, revoked_at = $2
         WHERE participant_id = $1 AND status = 'issued' RETURNING conference_id, invitation_id`,
        [participantId, now.toISOString()],
      );
      if (!found) return null;
      await this.recordReissued(manager, participantId, found, now);
      return found;
    });
    if (!row) throw DomainError.conflict('badge_not_issued', `Participant ${participantId} has no issued badge to reissue; a badge is printed once the participant is confirmed.`);
    this.outbox.committed();
    return { participantId, badge: 'pending' };
  }

  /**
   * The participant's details changed (event `eventId`): an issued badge is reissued as by reissue()
   * (old code revoked at once, badge.revoked 'reissued', the worker prints the new one); a badge
   * still pending takes a new id and print job, so a print of the old details under way is not stored.
   */
  async reprint(participantId: string, eventId: string): Promise<JobOutcome> {
    const now = await this.clock.now();
    const row = await this.dataSource.transaction(async (manager) => {
      const [[found]]: [Array<{ badge_id: string; conference_id: string; invitation_id: string; was: string }>] = await manager.query(
        `UPDATE logistics_badges b SET badge_id = gen_random_uuid(), status = 'pending', pdf = NULL, legacy_code_hash = NULL, reprinted_for = $3,
           revoked_at = CASE WHEN b.status = 'issued' THEN $2::timestamptz ELSE b.revoked_at END
         FROM (SELECT participant_id, status FROM logistics_badges WHERE participant_id = $1 FOR UPDATE) AS before
         WHERE b.participant_id = before.participant_id AND b.status IN ('issued', 'pending') AND b.reprinted_for IS DISTINCT FROM $3
         RETURNING b.badge_id, b.conference_id, b.invitation_id, before.status AS was`,
        [participantId, now.toISOString(), eventId],
      );
      if (!found) return null;
      if (found.was === 'issued') await this.recordReissued(manager, participantId, found, now);
      return found;
    });
    if (!row) {
      // Reprinted for this event already; a print job lost before it was queued is queued again (its id is the badge's).
      const [pending]: Array<{ badge_id: string; conference_id: string }> = await this.dataSource.query(
        `SELECT badge_id, conference_id FROM logistics_badges WHERE participant_id = $1 AND reprinted_for = $2 AND status = 'pending'`,
        [participantId, eventId],
      );
      if (pending) await this.queue.add(BADGE_JOBS.print, { conferenceId: pending.conference_id, participantId }, { jobId: printJobId(pending.badge_id) });
      return 'skipped';
    }
    if (row.was === 'issued') this.outbox.committed();
    else await this.queue.add(BADGE_JOBS.print, { conferenceId: row.conference_id, participantId }, { jobId: printJobId(row.badge_id) });
    return 'done';
  }

  /** The badge.revoked 'reissued' event of an issued badge replaced by a new one, in the transaction that replaced it. */
  private recordReissued(manager: EntityManager, participantId: string, badge: { conference_id: string; invitation_id: string }, now: Date): Promise<void> {
    return this.outbox.record(manager, {
      type: 'badge.revoked',
      aggregateId: participantId,
      occurredAt: now,
      data: { conferenceId: badge.conference_id, participantId, invitationId: badge.invitation_id, reason: 'reissued', revokedAt: now.toISOString() },
    });
  }

  /** The badge to print: only an issued badge of a delegation whose credentials the secretariat verified. */
  async pdf(participantId: string): Promise<Buffer> {
    const [row]: Array<{ status: string; pdf: Buffer | null; invitation_id: string }> = await this.dataSource.query(
      `SELECT status, pdf, invitation_id FROM logistics_badges WHERE participant_id = $1`,
      [participantId],
    );
    if (!row) throw new DomainError(HttpStatus.NOT_FOUND, 'badge_not_found', `Participant ${participantId} has no badge yet; it is produced shortly after the participant is confirmed.`);
    if (row.status === 'revoked') throw new DomainError(HttpStatus.GONE, 'badge_revoked', `The badge of participant ${participantId} was revoked.`);
    if (row.status !== 'issued' || !row.pdf) throw new DomainError(HttpStatus.NOT_FOUND, 'badge_not_found', `The badge of participant ${participantId} is being produced; try again in a moment.`);
    const documents = await this.credentials.forInvitation(row.invitation_id);
    if (!documents.some((d) => d.status === 'verified')) {
      throw DomainError.conflict('credentials_not_verified', "No badge is printed before the delegation's credentials are verified (PATCH /api/credentials/:id).");
    }
    return row.pdf;
  }
}
