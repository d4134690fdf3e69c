import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { rowsOf } from '../../platform/database/rows';
import { Page, decodeCursor, pageLimit, toPage, PageQuery } from '../../platform/http/pagination';
import { ConferencesService } from '../conferences';
import { Parties, notWaitlisted } from './parties';
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
 * under the ledger row's lock, so the order is the order answers were recorded); the secretariat
 * may move a party, saying why. Offers of freed places are OffersService's.
 */
@Injectable()
export class WaitlistService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly places: PlaceLedger,
    private readonly parties: Parties,
    private readonly conferences: ConferencesService,
    private readonly clock: ClockService,
  ) {}

  /** `count` consecutive places at the end of the list, in one statement; the ledger row stays locked until the answer commits. */
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
      await this.parties.recordChanges(manager, [
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
