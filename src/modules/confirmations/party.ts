import { HttpStatus } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { StatementPart } from '../../platform/database/statement-parts';
import { DomainError } from '../../platform/http/domain-error';
import type { InvitationResponse } from '../invitations/invitations.service';
import type { PartyStatus } from './rsvp-page';
import { EMPTY_REQUEST, PartyRequest } from './rsvp-request';

/** One invitation's answer as stored (rsvp_parties). */
export interface PartyRow {
  invitation_id: string;
  conference_id: string;
  contact_id: string | null;
  status: PartyStatus;
  size: number;
  places: number;
  request: Partial<PartyRequest>;
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

export const requestOf = (party: Pick<PartyRow, 'request'> | null | undefined): PartyRequest => ({ ...EMPTY_REQUEST, ...(party?.request ?? {}) });

/** The invitation's response for a party status (a lapsed offer reads as cancelled). */
export const invitationResponse = (status: PartyStatus): InvitationResponse => (status === 'lapsed' ? 'cancelled' : status);

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

/** Who changed an answer, when, from what to what: ids and field names, never names of people. */
export async function recordChanges(manager: EntityManager, changes: ChangeRecord[]): Promise<void> {
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

/** A party answering for the first time: who it is, its state after the answer, and why. */
export interface NewParty {
  invitationId: string;
  status: PartyStatus;
  size: number;
  places: number;
  request: PartyRequest;
  rank: string | null;
  actor: string;
  change: Record<string, unknown>;
  conferenceId: string;
  contactId: string;
  language: string;
  timezone: string | null;
  stakeholderType: string | null;
  country: string | null;
  organisation: string | null;
}

/**
 * First answers, as part of a caller's statement (see composeStatement): each party's row, already in
 * its new state (version 1), and the record of the change. `parties_created` has a row
 * (invitation_id) per party created; one that had a party already (answered meanwhile) is left as it was.
 */
export function createPartiesPart(parties: NewParty[], now: Date): StatementPart {
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
        parties.map((p) => ({
          invitation_id: p.invitationId,
          conference_id: p.conferenceId,
          contact_id: p.contactId,
          language: p.language,
          timezone: p.timezone,
          stakeholder_type: p.stakeholderType,
          country: p.country,
          organisation: p.organisation,
          status: p.status,
          size: p.size,
          places: p.places,
          request: p.request,
          rank: p.rank,
          actor: p.actor,
          change: p.change,
        })),
      ),
      now.toISOString(),
    ],
  };
}

/** Deadlocks and serialization failures are retried: the transaction is redone from the start. */
export async function withRetry<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
      if (attempt >= attempts || (code !== '40P01' && code !== '40001')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
    }
  }
}

export async function readParty(db: DataSource | EntityManager, invitationId: string): Promise<PartyRow | null> {
  const rows: PartyRow[] = await db.query(`SELECT ${PARTY_COLUMNS} FROM rsvp_parties WHERE invitation_id = $1`, [invitationId]);
  return rows[0] ?? null;
}

export const notWaitlisted = (invitationId: string) =>
  new DomainError(HttpStatus.CONFLICT, 'not_waitlisted', `Invitation ${invitationId} is not on the waiting list of this conference.`);
