import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { rowsOf } from '../../platform/database/rows';
import { Page, decodeCursor, pageLimit, toPage, PageQuery } from '../../platform/http/pagination';
import { OutboxService, PendingEvent } from '../../platform/messaging/outbox.service';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { ConferencesService } from '../conferences/conferences.service';
import { InvitationsService } from '../invitations/invitations.service';
import { CONFIRMATION_JOBS, offerPlacesJobId } from './confirmations.jobs';
import { PARTY_COLUMNS, PartyRow, notWaitlisted, recordChanges, withRetry } from './party';
import { PlaceLedger } from './place-ledger';

export interface WaitlistEntry {
  invitationId: string;
  contactId: string | null;
  position: number;
  size: number;
  waitlistedAt: string | null;
}

export interface OpenOffer {
  invitationId: string;
  contactId: string | null;
  places: number;
  offeredAt: string | null;
  offerExpiresAt: string | null;
}

/**
 * The waiting list. Parties that did not fit wait in arrival order (a per-conference counter taken
 * under the ledger row's lock, so the order is the order answers were recorded). When places are
 * freed, offer() hands them to the earliest waiting parties that fit, in order; an offered party
 * holds its places for the conference's offer window, then the offer lapses and passes on.
 */
@Injectable()
export class WaitlistService {
  private readonly logger = new Logger('waitlist');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.confirmations) private readonly queue: Queue,
    private readonly places: PlaceLedger,
    private readonly invitations: InvitationsService,
    private readonly conferences: ConferencesService,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
  ) {}

  /** The next place in the queue; the ledger row stays locked until the answer commits. */
  async nextRank(manager: EntityManager, conferenceId: string): Promise<string> {
    return (await this.nextRanks(manager, conferenceId, 1))[0];
  }

  /** `count` consecutive places at the end of the list, in one statement. */
  async nextRanks(manager: EntityManager, conferenceId: string, count: number): Promise<string[]> {
    const [row] = await rowsOf<{ last: string }>(
      manager,
      `UPDATE place_ledgers SET waitlist_next = waitlist_next + $2 WHERE conference_id = $1 RETURNING waitlist_next::text AS last`,
      [conferenceId, count],
    );
    const last = BigInt(row.last);
    return Array.from({ length: count }, (_, i) => String(last - BigInt(count - 1 - i)));
  }

  async positionOf(db: EntityManager | DataSource, conferenceId: string, rank: string): Promise<number> {
    const [row]: Array<{ n: number }> = await db.query(
      `SELECT count(*)::int + 1 AS n FROM rsvp_parties WHERE conference_id = $1 AND status = 'waitlisted' AND waitlist_rank < $2::numeric`,
      [conferenceId, rank],
    );
    return row.n;
  }

  async queueOffers(conferenceId: string, cause: string): Promise<void> {
    await this.queue.add(CONFIRMATION_JOBS.offerPlaces, { conferenceId }, { jobId: offerPlacesJobId(conferenceId, cause) });
  }

  /**
   * Offers the conference's unassigned places to the earliest waitlisted parties that fit. Parties
   * being answered at this very moment are skipped (SKIP LOCKED) and considered at the next run.
   * Places nobody waiting fits are released for anyone. Returns the invitations offered a place.
   */
  async offer(conferenceId: string): Promise<string[]> {
    const now = await this.clock.now();
    const offered = await withRetry(() =>
      this.dataSource.transaction(async (manager) => {
        const [ledger]: Array<{ capacity: number; offer_window_hours: number }> = await manager.query(
          `SELECT capacity, offer_window_hours FROM place_ledgers WHERE conference_id = $1 FOR UPDATE`,
          [conferenceId],
        );
        if (!ledger) return [];
        await manager.query(`DELETE FROM places WHERE conference_id = $1 AND place_no > $2 AND invitation_id IS NULL`, [conferenceId, ledger.capacity]);
        const free: Array<{ place_no: number }> = await manager.query(
          `SELECT place_no FROM places WHERE conference_id = $1 AND invitation_id IS NULL ORDER BY place_no FOR UPDATE SKIP LOCKED`,
          [conferenceId],
        );
        if (free.length === 0) return [];
        const waiting: Array<{ invitation_id: string; size: number; offers_made: number; version: number }> = await manager.query(
          `SELECT invitation_id, size, offers_made, version FROM rsvp_parties WHERE conference_id = $1 AND status = 'waitlisted'
           ORDER BY waitlist_rank FOR UPDATE SKIP LOCKED`,
          [conferenceId],
        );
        const remaining = free.map((f) => f.place_no);
        const offers: Array<{ invitationId: string; places: number[]; offerNo: number; version: number }> = [];
        for (const party of waiting) {
          if (party.size > remaining.length) continue;
          offers.push({ invitationId: party.invitation_id, places: remaining.splice(0, party.size), offerNo: party.offers_made + 1, version: party.version + 1 });
          if (remaining.length === 0) break;
        }
        const expiresAt = new Date(now.getTime() + ledger.offer_window_hours * 3_600_000);
        if (offers.length) {
          await manager.query(
            `UPDATE places p SET invitation_id = u.invitation_id, held = false
             FROM unnest($2::int[], $3::uuid[]) AS u(place_no, invitation_id) WHERE p.conference_id = $1 AND p.place_no = u.place_no`,
            [conferenceId, offers.flatMap((o) => o.places), offers.flatMap((o) => o.places.map(() => o.invitationId))],
          );
          await manager.query(
            `UPDATE rsvp_parties r SET status = 'offered', places = u.places, offered_at = $2, offer_expires_at = $3, offers_made = offers_made + 1,
               waitlist_rank = NULL, version = version + 1, updated_at = $2
             FROM unnest($1::uuid[], $4::int[]) AS u(invitation_id, places) WHERE r.invitation_id = u.invitation_id`,
            [offers.map((o) => o.invitationId), now.toISOString(), expiresAt.toISOString(), offers.map((o) => o.places.length)],
          );
          for (const o of offers) await this.invitations.recordResponse(manager, o.invitationId, 'offered', now);
          await recordChanges(
            manager,
            offers.map((o) => ({
              invitationId: o.invitationId,
              conferenceId,
              version: o.version,
              actor: 'system',
              at: now,
              from: 'waitlisted' as const,
              to: 'offered' as const,
              reason: 'places freed',
              change: { places: o.places.length, offerNo: o.offerNo, offerExpiresAt: expiresAt.toISOString() },
            })),
          );
          await this.outbox.record(
            manager,
            ...offers.map(
              (o): PendingEvent => ({
                type: 'waitlist.promoted',
                aggregateId: o.invitationId,
                occurredAt: now,
                data: { conferenceId, invitationId: o.invitationId, places: o.places.length, offerNo: o.offerNo, offerExpiresAt: expiresAt.toISOString() },
              }),
            ),
          );
        }
        if (remaining.length) {
          await manager.query(`UPDATE places SET held = false WHERE conference_id = $1 AND place_no = ANY($2::int[])`, [conferenceId, remaining]);
        }
        return offers.map((o) => o.invitationId);
      }),
    );
    if (offered.length) {
      this.outbox.committed();
      this.logger.log({ conferenceId, offers: offered.length }, 'waitlisted parties offered places');
    }
    return offered;
  }

  /**
   * An offer past its window lapses inside the caller's transaction (party row locked): its places go
   * back (held for the next parties) and the party may answer again. Returns the events to record.
   */
  async lapseLocked(manager: EntityManager, party: PartyRow, now: Date): Promise<{ freed: number; events: PendingEvent[] }> {
    const freed = await this.places.release(manager, party.conference_id, party.invitation_id, null);
    await manager.query(`UPDATE rsvp_parties SET status = 'lapsed', places = 0, version = version + 1, updated_at = $2 WHERE invitation_id = $1`, [
      party.invitation_id,
      now.toISOString(),
    ]);
    await this.invitations.recordResponse(manager, party.invitation_id, 'cancelled', now);
    await recordChanges(manager, [
      {
        invitationId: party.invitation_id,
        conferenceId: party.conference_id,
        version: party.version + 1,
        actor: 'system',
        at: now,
        from: 'offered',
        to: 'lapsed',
        reason: 'offer not confirmed within the offer window',
        change: { placesFreed: freed, offerNo: party.offers_made },
      },
    ]);
    return {
      freed,
      events: [
        {
          type: 'waitlist.offer_lapsed',
          aggregateId: party.invitation_id,
          occurredAt: now,
          data: { conferenceId: party.conference_id, invitationId: party.invitation_id, offerNo: party.offers_made, placesFreed: freed },
        },
      ],
    };
  }

  /** The tick's work: lapse one expired offer, then pass its places on at once. */
  async lapse(invitationId: string): Promise<void> {
    const now = await this.clock.now();
    const conferenceId = await withRetry(() =>
      this.dataSource.transaction(async (manager) => {
        const [party]: PartyRow[] = await manager.query(`SELECT ${PARTY_COLUMNS} FROM rsvp_parties WHERE invitation_id = $1 FOR UPDATE`, [invitationId]);
        if (!party || party.status !== 'offered' || !party.offer_expires_at || new Date(party.offer_expires_at) > now) return null;
        const { events } = await this.lapseLocked(manager, party, now);
        await this.outbox.record(manager, ...events);
        return party.conference_id;
      }),
    );
    if (!conferenceId) return;
    this.outbox.committed();
    await this.offer(conferenceId);
  }

  async dueLapses(now: Date): Promise<Array<{ invitationId: string; dueAt: Date }>> {
    const rows: Array<{ invitation_id: string; offer_expires_at: Date }> = await this.dataSource.query(
      `SELECT invitation_id, offer_expires_at FROM rsvp_parties WHERE status = 'offered' AND offer_expires_at <= $1 ORDER BY offer_expires_at LIMIT 100`,
      [now.toISOString()],
    );
    return rows.map((r) => ({ invitationId: r.invitation_id, dueAt: new Date(r.offer_expires_at) }));
  }

  /** Conferences with unassigned places and someone waiting: a race (rolled-back answer, skipped party) left them unoffered. */
  async sweep(): Promise<number> {
    const rows: Array<{ conference_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT p.conference_id FROM places p
       WHERE p.invitation_id IS NULL AND EXISTS (SELECT 1 FROM rsvp_parties r WHERE r.conference_id = p.conference_id AND r.status = 'waitlisted')`,
    );
    let offered = 0;
    for (const row of rows) offered += (await this.offer(row.conference_id)).length;
    return offered;
  }

  async list(conferenceId: string, query: PageQuery): Promise<Page<WaitlistEntry> & { offers: OpenOffer[] }> {
    await this.conferences.find(conferenceId);
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, { key: 'integer', id: 'uuid' });
    // One snapshot for both reads: an offer committed between them would show a party in both lists, or in neither.
    const { rows, offers } = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const rows: Array<{ invitation_id: string; contact_id: string | null; size: number; waitlisted_at: Date | null; position: string }> = await manager.query(
        `SELECT * FROM (
           SELECT invitation_id, contact_id, size, waitlisted_at, row_number() OVER (ORDER BY waitlist_rank) AS position
           FROM rsvp_parties WHERE conference_id = $1 AND status = 'waitlisted'
         ) w WHERE position > $2 ORDER BY position LIMIT $3`,
        [conferenceId, after ? Number(after.key) : 0, limit + 1],
      );
      const offers: Array<{ invitation_id: string; contact_id: string | null; places: number; offered_at: Date | null; offer_expires_at: Date | null }> = await manager.query(
        `SELECT invitation_id, contact_id, places, offered_at, offer_expires_at FROM rsvp_parties WHERE conference_id = $1 AND status = 'offered' ORDER BY offered_at, invitation_id`,
        [conferenceId],
      );
      return { rows, offers };
    });
    const page = toPage(
      rows.map((r) => ({
        invitationId: r.invitation_id,
        contactId: r.contact_id,
        position: Number(r.position),
        size: r.size,
        waitlistedAt: r.waitlisted_at ? new Date(r.waitlisted_at).toISOString() : null,
      })),
      limit,
      (e) => ({ key: String(e.position), id: e.invitationId }),
    );
    return {
      ...page,
      offers: offers.map((o) => ({
        invitationId: o.invitation_id,
        contactId: o.contact_id,
        places: o.places,
        offeredAt: o.offered_at ? new Date(o.offered_at).toISOString() : null,
        offerExpiresAt: o.offer_expires_at ? new Date(o.offer_expires_at).toISOString() : null,
      })),
    };
  }

  /** Moves a waiting party to another position; the secretariat must say why, and the move is recorded. */
  async reorder(conferenceId: string, invitationId: string, position: number, reason: string, actor: string) {
    const now = await this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT 1 FROM place_ledgers WHERE conference_id = $1 FOR UPDATE`, [conferenceId]);
      // Ordered by the numeric rank (its text form, under the same name, would sort "10" before "9").
      const queue: Array<{ invitation_id: string; rank: string; version: number }> = await manager.query(
        `SELECT r.invitation_id, r.waitlist_rank::text AS rank, r.version FROM rsvp_parties r
         WHERE r.conference_id = $1 AND r.status = 'waitlisted' ORDER BY r.waitlist_rank FOR UPDATE`,
        [conferenceId],
      );
      const from = queue.findIndex((p) => p.invitation_id === invitationId);
      if (from < 0) throw notWaitlisted(invitationId);
      const others = queue.filter((p) => p.invitation_id !== invitationId);
      const to = Math.min(position, others.length + 1);
      const before = others[to - 2]?.rank ?? null;
      const after = others[to - 1]?.rank ?? null;
      await manager.query(
        `UPDATE rsvp_parties SET waitlist_rank = CASE
           WHEN $2::numeric IS NOT NULL AND $3::numeric IS NOT NULL THEN ($2::numeric + $3::numeric) / 2
           WHEN $2::numeric IS NOT NULL THEN $2::numeric + 1
           WHEN $3::numeric IS NOT NULL THEN $3::numeric - 1
           ELSE waitlist_rank END, version = version + 1, updated_at = $4
         WHERE invitation_id = $1`,
        [invitationId, before, after, now.toISOString()],
      );
      const me = queue[from];
      await recordChanges(manager, [
        {
          invitationId,
          conferenceId,
          version: me.version + 1,
          actor,
          at: now,
          from: 'waitlisted',
          to: 'waitlisted',
          reason: reason.trim(),
          change: { fromPosition: from + 1, toPosition: to },
        },
      ]);
      return { invitationId, previousPosition: from + 1, position: to, reason: reason.trim(), actor, at: now.toISOString() };
    });
  }

  async setOfferWindow(conferenceId: string, hours: number) {
    const conference = await this.conferences.find(conferenceId);
    await this.places.layOut(conferenceId, conference.capacity ?? 0, new Date(conference.updatedAt));
    await this.dataSource.query(`UPDATE place_ledgers SET offer_window_hours = $2 WHERE conference_id = $1`, [conferenceId, hours]);
    return { conferenceId, offerWindowHours: hours };
  }

  async settings(conferenceId: string) {
    await this.conferences.find(conferenceId);
    const [row]: Array<{ offer_window_hours: number }> = await this.dataSource.query(`SELECT offer_window_hours FROM place_ledgers WHERE conference_id = $1`, [conferenceId]);
    return { conferenceId, offerWindowHours: row?.offer_window_hours ?? 48 };
  }
}
