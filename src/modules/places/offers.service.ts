import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { withRetry } from '../../platform/database/retry';
import { OutboxService, PendingEvent } from '../../platform/messaging/outbox.service';
import { InvitationsService } from '../invitations';
import { PARTY_COLUMNS, Parties, PartyRow } from './parties';
import { PlaceLedger } from './place-ledger';

/**
 * Offers of freed places. offer() hands a conference's unassigned places to the earliest waiting
 * parties that fit, in order; an offered party holds its places for the conference's offer window,
 * then the offer lapses and its places pass on.
 */
@Injectable()
export class OffersService {
  private readonly logger = new Logger('offers');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly places: PlaceLedger,
    private readonly parties: Parties,
    private readonly invitations: InvitationsService,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
  ) {}

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
          await this.parties.recordChanges(
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
    await this.parties.recordChanges(manager, [
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
}
