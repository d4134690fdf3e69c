import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { preparedRows } from '../../platform/database/prepared';
import { StatementPart, composeStatement } from '../../platform/database/statement-parts';
import { rowsOf } from '../../platform/database/rows';

/**
 * A conference's places, one row each. Answers take free places with FOR UPDATE SKIP LOCKED, so any
 * number of concurrent answers proceed side by side and none can take a place another holds: accepted
 * participants never exceed the capacity, without one hot counter row that every answer would queue
 * on until its commit. Places freed while parties wait are `held` for the offer job, so a newcomer
 * does not jump the waiting list.
 */
@Injectable()
export class PlaceLedger {
  /** conference id -> the newest conference version this process laid places out for. */
  private readonly laidOut = new Map<string, { capacity: number; asOf: number }>();
  /** conference id -> whether the last claim here gave every party its places (see hadRoom). */
  private readonly roomy = new Map<string, boolean>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Adds or removes free places so there are as many as the capacity of the conference as read at
   * `asOf` (its updated_at). A read older than the last one applied changes nothing, so a stale
   * copy of the conference can never undo a capacity change. Places added while parties wait are
   * held for them. Returns how many places were added (0 when nothing changed).
   */
  async layOut(conferenceId: string, capacity: number, asOf: Date): Promise<number> {
    const known = this.laidOut.get(conferenceId);
    if (known && known.asOf >= asOf.getTime()) return 0;
    const added = await this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO place_ledgers (conference_id, capacity) VALUES ($1, 0) ON CONFLICT DO NOTHING`, [conferenceId]);
      const [ledger]: Array<{ capacity: number; laid_out_for: Date | null }> = await manager.query(
        `SELECT capacity, laid_out_for FROM place_ledgers WHERE conference_id = $1 FOR UPDATE`,
        [conferenceId],
      );
      if (ledger.laid_out_for && new Date(ledger.laid_out_for).getTime() >= asOf.getTime()) return 0;
      if (capacity > ledger.capacity) {
        await manager.query(
          `INSERT INTO places (conference_id, place_no, held)
           SELECT $1, n, EXISTS (SELECT 1 FROM rsvp_parties WHERE conference_id = $1 AND status = 'waitlisted')
           FROM generate_series($2::int, $3::int) AS n ON CONFLICT DO NOTHING`,
          [conferenceId, ledger.capacity + 1, capacity],
        );
      } else if (capacity < ledger.capacity) {
        // Taken places above the new capacity stay with their parties; they are removed once freed.
        await manager.query(`DELETE FROM places WHERE conference_id = $1 AND place_no > $2 AND invitation_id IS NULL`, [conferenceId, capacity]);
      }
      await manager.query(`UPDATE place_ledgers SET capacity = $2, laid_out_for = $3 WHERE conference_id = $1`, [conferenceId, capacity, asOf.toISOString()]);
      return Math.max(0, capacity - ledger.capacity);
    });
    if (this.laidOut.size > 1000) this.laidOut.clear();
    this.laidOut.set(conferenceId, { capacity, asOf: asOf.getTime() });
    return added;
  }

  /** Takes `count` free places for the invitation, all or none. */
  async claim(manager: EntityManager, conferenceId: string, capacity: number, invitationId: string, count: number): Promise<boolean> {
    if (count <= 0) return true;
    return (await this.claimInTurn(manager, conferenceId, capacity, [{ invitationId, count }])).has(invitationId);
  }

  /**
   * Places for several parties, in the order given, each all or none: a party that does not fit is
   * passed over and the next one tries, exactly as if they had claimed one after the other.
   * Returns the invitations that got their places.
   *
   * One statement when there is room for everyone (the usual case): the free places are locked,
   * numbered, and handed out in runs to the parties in order while they last. When the parties do
   * not all fit, the places left over (still locked by this transaction) go to the later parties
   * that fit in them.
   */
  async claimInTurn(manager: EntityManager, conferenceId: string, capacity: number, parties: Array<{ invitationId: string; count: number }>): Promise<Set<string>> {
    const wanting = parties.filter((p) => p.count > 0);
    const served = new Set(parties.filter((p) => p.count <= 0).map((p) => p.invitationId));
    if (wanting.length === 0) return served;
    const claim = this.claimPart(conferenceId, capacity, wanting);
    const { text, values } = composeStatement(
      [claim],
      `SELECT invitation_id, place_no FROM ${claim.yields}
       UNION ALL SELECT NULL, place_no FROM places_free WHERE place_no NOT IN (SELECT place_no FROM places_assigned)`,
    );
    const rows = await preparedRows<{ invitation_id: string | null; place_no: number }>(manager, text, values);
    for (const row of rows) if (row.invitation_id) served.add(row.invitation_id);
    const leftOver = rows.filter((r) => !r.invitation_id).map((r) => r.place_no).sort((a, b) => a - b);
    const placeNos: number[] = [];
    const holders: string[] = [];
    for (const party of wanting) {
      if (served.has(party.invitationId) || leftOver.length - placeNos.length < party.count) continue;
      for (let i = 0; i < party.count; i++) {
        placeNos.push(leftOver[placeNos.length]);
        holders.push(party.invitationId);
      }
      served.add(party.invitationId);
    }
    if (placeNos.length) {
      await manager.query(
        `UPDATE places p SET invitation_id = u.invitation_id FROM unnest($2::int[], $3::uuid[]) AS u(place_no, invitation_id)
         WHERE p.conference_id = $1 AND p.place_no = u.place_no`,
        [conferenceId, placeNos, holders],
      );
    }
    this.noteRoom(conferenceId, wanting.every((p) => served.has(p.invitationId)));
    return served;
  }

  /**
   * Whether the last claim this process made for the conference gave every party its places: a batch
   * then takes its places inside its write statement (claimPart), and claims first when they run short.
   */
  hadRoom(conferenceId: string): boolean {
    return this.roomy.get(conferenceId) ?? true;
  }

  noteRoom(conferenceId: string, everyoneFitted: boolean): void {
    if (this.roomy.size > 1000) this.roomy.clear();
    this.roomy.set(conferenceId, everyoneFitted);
  }

  /**
   * The first step of claimInTurn as a statement part, for a caller's write too: the free places
   * are locked, numbered and handed out in runs to the parties in order while they last; a party
   * that does not fit in what is left gets none. It yields a row (place_no, invitation_id) per place taken.
   */
  claimPart(conferenceId: string, capacity: number, parties: Array<{ invitationId: string; count: number }>): StatementPart {
    return {
      with: [
        [
          'places_free',
          `SELECT place_no FROM places
           WHERE conference_id = $1 AND invitation_id IS NULL AND NOT held AND place_no <= $2
           ORDER BY place_no LIMIT $3 FOR UPDATE SKIP LOCKED`,
        ],
        ['places_numbered', 'SELECT place_no, row_number() OVER (ORDER BY place_no) AS n FROM places_free'],
        [
          'places_wanted',
          `SELECT u.invitation_id, u.count, sum(u.count) OVER (ORDER BY u.ord) AS upto
           FROM unnest($4::uuid[], $5::int[]) WITH ORDINALITY AS u(invitation_id, count, ord)`,
        ],
        [
          'places_assigned',
          `SELECT places_numbered.place_no, places_wanted.invitation_id FROM places_wanted
           JOIN places_numbered ON places_numbered.n > places_wanted.upto - places_wanted.count AND places_numbered.n <= places_wanted.upto
           WHERE places_wanted.upto <= (SELECT count(*) FROM places_free)`,
        ],
        [
          'places_taken',
          `UPDATE places p SET invitation_id = places_assigned.invitation_id FROM places_assigned
           WHERE p.conference_id = $1 AND p.place_no = places_assigned.place_no RETURNING p.place_no, p.invitation_id`,
        ],
      ],
      values: [conferenceId, capacity, parties.reduce((sum, p) => sum + p.count, 0), parties.map((p) => p.invitationId), parties.map((p) => p.count)],
      yields: 'places_taken',
    };
  }

  /**
   * Gives back `count` of the invitation's places (all when null). They are held for the waiting
   * list when anyone waits, else free at once. Returns how many were given back.
   */
  async release(manager: EntityManager, conferenceId: string, invitationId: string, count: number | null): Promise<number> {
    if (count !== null && count <= 0) return 0;
    const freed = await rowsOf(
      manager,
      `WITH mine AS (
         SELECT place_no FROM places WHERE conference_id = $1 AND invitation_id = $2 ORDER BY place_no DESC LIMIT $3
       )
       UPDATE places p SET invitation_id = NULL,
         held = EXISTS (SELECT 1 FROM rsvp_parties WHERE conference_id = $1 AND status = 'waitlisted')
       FROM mine WHERE p.conference_id = $1 AND p.place_no = mine.place_no
       RETURNING p.place_no`,
      [conferenceId, invitationId, count ?? 2_147_483_647],
    );
    return freed.length;
  }
}
