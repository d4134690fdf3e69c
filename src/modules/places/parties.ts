import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { StatementPart } from '../../platform/database/statement-parts';
import { DomainError } from '../../platform/http/domain-error';

export type PartyStatus = 'none' | 'accepted' | 'declined' | 'waitlisted' | 'offered' | 'lapsed';

/** One invitation's answer as stored (rsvp_parties). `request` is the answer's detail, kept as the answering module gave it. */
export interface PartyRow {
  invitation_id: string;
  conference_id: string;
  contact_id: string | null;
  status: PartyStatus;
  size: number;
  places: number;
  request: Record<string, unknown>;
  language: string;
  timezone: string | null;
  waitlist_rank: string | null;
  waitlisted_at: Date | null;
  offered_at: Date | null;
  offer_expires_at: Date | null;
  offers_made: number;
  version: number;
}

export const PARTY_COLUMNS = `invitation_id, conference_id, contact_id, status, size, places, request, language, timezone, waitlist_rank, waitlisted_at,
  offered_at, offer_expires_at, offers_made, version`;

/** Who a party is: copied from the invitation's contact when it answers. */
export interface PartyWho {
  invitationId: string;
  conferenceId: string;
  contactId: string;
  language: string;
  timezone: string | null;
  stakeholderType: string | null;
  country: string | null;
  organisation: string | null;
}

/** A party's state after an answer, and the record of the change. */
export interface PartyAnswer {
  invitationId: string;
  from: PartyStatus;
  status: PartyStatus;
  size: number;
  places: number;
  request: object;
  rank: string | null;
  actor: string;
  change: Record<string, unknown>;
}

export interface ChangeRecord {
  invitationId: string;
  conferenceId: string;
  version: number;
  actor: string;
  at: Date;
  from: PartyStatus;
  to: PartyStatus;
  reason?: string | null;
  change: Record<string, unknown>;
}

export const notWaitlisted = (invitationId: string) =>
  new DomainError(HttpStatus.CONFLICT, 'not_waitlisted', `Invitation ${invitationId} is not on the waiting list of this conference.`);

/**
 * The parties (rsvp_parties) and the record of every change of their answers (rsvp_changes): reads,
 * the party lock, and the writes of an answer as parts of the answering module's statement.
 */
@Injectable()
export class Parties {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async read(db: DataSource | EntityManager, invitationId: string): Promise<PartyRow | null> {
    const rows: PartyRow[] = await db.query(`SELECT ${PARTY_COLUMNS} FROM rsvp_parties WHERE invitation_id = $1`, [invitationId]);
    return rows[0] ?? null;
  }

  /**
   * The party row of an answer, created (status none) if missing and locked until the caller's
   * transaction ends, so two answers of one invitation queue; who the party is is refreshed.
   */
  async lock(manager: EntityManager, who: PartyWho): Promise<PartyRow> {
    const [locked]: PartyRow[] = await manager.query(
      `INSERT INTO rsvp_parties (invitation_id, conference_id, contact_id, language, timezone, stakeholder_type, country, organisation)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (invitation_id) DO UPDATE SET contact_id = EXCLUDED.contact_id, language = EXCLUDED.language, timezone = EXCLUDED.timezone,
         stakeholder_type = EXCLUDED.stakeholder_type, country = EXCLUDED.country, organisation = EXCLUDED.organisation
       RETURNING ${PARTY_COLUMNS}`,
      [who.invitationId, who.conferenceId, who.contactId, who.language, who.timezone, who.stakeholderType, who.country, who.organisation],
    );
    return locked;
  }

  /**
   * First answers, as part of a caller's statement: each party's row, already in its new state
   * (version 1), and the record of the change. The part yields a row (invitation_id) per party
   * created; one that had a party already (answered meanwhile) is left as it was.
   */
  createPart(parties: Array<{ who: PartyWho; answer: PartyAnswer }>, now: Date): StatementPart {
    return {
      with: [
        [
          'parties_input',
          `SELECT * FROM jsonb_to_recordset($1::jsonb) AS u(invitation_id uuid, conference_id uuid, contact_id uuid, language text, timezone text,
             stakeholder_type text, country text, organisation text, status text, size int, places int, request jsonb, rank numeric, actor text, change jsonb)`,
        ],
        [
          'parties_inserted',
          `INSERT INTO rsvp_parties (invitation_id, conference_id, contact_id, language, timezone, stakeholder_type, country, organisation,
             status, size, places, request, waitlist_rank, waitlisted_at, version, updated_at)
           SELECT invitation_id, conference_id, contact_id, language, timezone, stakeholder_type, country, organisation,
             status, size, places, request, rank, CASE WHEN status = 'waitlisted' THEN $2::timestamptz END, 1, $2
           FROM parties_input ON CONFLICT (invitation_id) DO NOTHING RETURNING invitation_id, conference_id, version`,
        ],
        [
          'parties_created',
          `INSERT INTO rsvp_changes (invitation_id, conference_id, version, actor, occurred_at, from_status, to_status, reason, change)
           SELECT c.invitation_id, c.conference_id, c.version, i.actor, $2, 'none', i.status, NULL, i.change
           FROM parties_inserted c JOIN parties_input i USING (invitation_id) RETURNING invitation_id`,
        ],
      ],
      // One JSON document rather than an array per column: the driver escapes every element of an
      // array parameter one by one, and the request and change would be JSON escaped again inside one.
      values: [
        JSON.stringify(
          parties.map(({ who, answer }) => ({
            invitation_id: answer.invitationId,
            conference_id: who.conferenceId,
            contact_id: who.contactId,
            language: who.language,
            timezone: who.timezone,
            stakeholder_type: who.stakeholderType,
            country: who.country,
            organisation: who.organisation,
            status: answer.status,
            size: answer.size,
            places: answer.places,
            request: answer.request,
            rank: answer.rank,
            actor: answer.actor,
            change: answer.change,
          })),
        ),
        now.toISOString(),
      ],
      yields: 'parties_created',
    };
  }

  /**
   * Answers to parties already locked (see lock), as part of a caller's statement: each party's new
   * state and the record of the change. The part yields a row (invitation_id, version) per party saved.
   */
  savePart(parties: PartyAnswer[], now: Date): StatementPart {
    return {
      with: [
        [
          'parties_answer',
          `SELECT * FROM jsonb_to_recordset($1::jsonb) AS u(invitation_id uuid, status text, size int, places int, request jsonb, rank numeric,
             actor text, from_status text, change jsonb)`,
        ],
        [
          'parties_saved',
          `UPDATE rsvp_parties r SET status = a.status, size = a.size, places = a.places, request = a.request, waitlist_rank = a.rank,
             waitlisted_at = CASE WHEN a.status = 'waitlisted' THEN coalesce(CASE WHEN r.status = 'waitlisted' THEN r.waitlisted_at END, $2::timestamptz) END,
             offered_at = CASE WHEN a.status = 'accepted' THEN r.offered_at END, offer_expires_at = CASE WHEN a.status = 'accepted' THEN r.offer_expires_at END,
             version = r.version + 1, updated_at = $2
           FROM parties_answer a WHERE r.invitation_id = a.invitation_id RETURNING r.invitation_id, r.conference_id, r.version`,
        ],
        [
          'parties_changed',
          `INSERT INTO rsvp_changes (invitation_id, conference_id, version, actor, occurred_at, from_status, to_status, reason, change)
           SELECT s.invitation_id, s.conference_id, s.version, a.actor, $2, a.from_status, a.status, NULL, a.change
           FROM parties_saved s JOIN parties_answer a USING (invitation_id) RETURNING invitation_id, version`,
        ],
      ],
      values: [
        JSON.stringify(
          parties.map((p) => ({
            invitation_id: p.invitationId,
            status: p.status,
            size: p.size,
            places: p.places,
            request: p.request,
            rank: p.rank,
            actor: p.actor,
            from_status: p.from,
            change: p.change,
          })),
        ),
        now.toISOString(),
      ],
      yields: 'parties_changed',
    };
  }

  /**
   * The language and time zone of the parties whose invitation ids the column `idColumn` of the
   * caller's part `ids` yields, for a caller's statement.
   */
  localePart(ids: StatementPart, idColumn: string): StatementPart {
    return {
      with: [['parties_locale', `SELECT invitation_id, language, timezone FROM rsvp_parties WHERE invitation_id IN (SELECT ${idColumn} FROM ${ids.yields})`]],
      values: [],
      yields: 'parties_locale',
    };
  }

  /** The contact of each party whose invitation id the column `idColumn` of the caller's part `ids` yields (reports read genders by it). */
  contactPart(ids: StatementPart, idColumn: string): StatementPart {
    return {
      with: [['parties_contact', `SELECT invitation_id, contact_id FROM rsvp_parties WHERE invitation_id IN (SELECT ${idColumn} FROM ${ids.yields})`]],
      values: [],
      yields: 'parties_contact',
    };
  }

  /** Who changed an answer, when, from what to what: ids and field names, never names of people. */
  async recordChanges(manager: EntityManager, changes: ChangeRecord[]): Promise<void> {
    if (changes.length === 0) return;
    await manager.query(
      `INSERT INTO rsvp_changes (invitation_id, conference_id, version, actor, occurred_at, from_status, to_status, reason, change)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::jsonb[])`,
      [
        changes.map((c) => c.invitationId),
        changes.map((c) => c.conferenceId),
        changes.map((c) => c.version),
        changes.map((c) => c.actor),
        changes.map((c) => c.at.toISOString()),
        changes.map((c) => c.from),
        changes.map((c) => c.to),
        changes.map((c) => c.reason ?? null),
        changes.map((c) => JSON.stringify(c.change)),
      ],
    );
  }

  /** Who changed an invitation's answer, when and what (oldest first). */
  async history(invitationId: string) {
    const rows: Array<Record<string, any>> = await this.dataSource.query(
      `SELECT id, version, actor, occurred_at, from_status, to_status, reason, change FROM rsvp_changes WHERE invitation_id = $1 ORDER BY id`,
      [invitationId],
    );
    return {
      items: rows.map((r) => ({
        id: String(r.id),
        version: r.version,
        actor: r.actor,
        occurredAt: new Date(r.occurred_at).toISOString(),
        from: r.from_status,
        to: r.to_status,
        reason: r.reason,
        change: r.change,
      })),
      nextCursor: null,
    };
  }

  /** Erasure: the answers' personal details go; the rows (and so the counts) stay. Returns the parties' invitations. */
  async scrub(manager: EntityManager, contactId: string): Promise<string[]> {
    const rows: Array<{ invitation_id: string }> = await manager.query(
      `WITH scrubbed AS (UPDATE rsvp_parties SET request = '{}', organisation = NULL, timezone = NULL WHERE contact_id = $1 RETURNING invitation_id)
       SELECT invitation_id FROM scrubbed`,
      [contactId],
    );
    return rows.map((r) => r.invitation_id);
  }
}
