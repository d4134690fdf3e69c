import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac, hash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { preparedRows } from '../../platform/database/prepared';
import { StatementPart, composeStatement } from '../../platform/database/statement-parts';
import { DomainError } from '../../platform/http/domain-error';
import { Page, decodeCursor, pageLimit, toPage } from '../../platform/http/pagination';
import { Capacity } from './dto/rsvp.dto';
import { ParticipantListQuery } from './dto/participants.dto';
import { PartyRequest, RequestedDelegate, inviteeCapacity } from './rsvp-request';

export interface InviteeDetails {
  fullName: string;
  email: string;
  jobTitle: string | null;
  organisation: string | null;
  country: string | null;
  stakeholderType: string | null;
}

export interface RosterMember {
  id: string;
  fullName: string;
  email: string | null;
  capacity: Capacity;
  isInvitee: boolean;
}

export interface RosterChange {
  members: RosterMember[];
  confirmed: Array<RosterMember & { needsVisaLetter: boolean; substitutes: string | null }>;
  cancelled: Array<{ id: string; reason: 'declined' | 'removed' | 'substituted'; badgeRevoked: boolean }>;
  updated: string[];
}

export interface ParticipantView {
  id: string;
  invitationId: string;
  fullName: string | null;
  email: string | null;
  jobTitle: string | null;
  organisation: string | null;
  country: string | null;
  stakeholderType: string | null;
  capacity: Capacity;
  isInvitee: boolean;
  status: 'confirmed' | 'cancelled' | 'substituted';
  badge: 'none' | 'issued' | 'revoked';
  visaLetter: 'none' | 'requested' | 'issued';
  accessibilityNeeds: string | null;
  arrivalOn: string | null;
  departureOn: string | null;
  checkedInAt: string | null;
  substitutes: string | null;
  confirmedAt: string;
}

interface ExistingRow {
  id: string;
  is_invitee: boolean;
  email: string | null;
  full_name: string | null;
  job_title: string | null;
  capacity: Capacity;
  needs_visa_letter: boolean;
  visa_letter: 'none' | 'requested' | 'issued';
  accessibility_needs: string | null;
  arrival_on: string | null;
  departure_on: string | null;
}

/** A person the answer wants on the roster: the invitee or one of the delegates named. */
interface Desired extends RequestedDelegate {
  isInvitee: boolean;
}

/** A participant row to insert: who the party is, the person wanted, whom they replace. */
interface NewMember {
  conferenceId: string;
  invitationId: string;
  invitee: InviteeDetails;
  request: PartyRequest;
  want: Desired;
  substitutes: string | null;
  now: Date;
}

const VIEW_COLUMNS = `id, invitation_id, full_name, email, job_title, organisation, country, stakeholder_type, capacity, is_invitee, status, badge, visa_letter,
  accessibility_needs, to_char(arrival_on, 'YYYY-MM-DD') AS arrival_on, to_char(departure_on, 'YYYY-MM-DD') AS departure_on, checked_in_at, substitutes_id, confirmed_at`;

function toView(r: Record<string, any>): ParticipantView {
  return {
    id: r.id,
    invitationId: r.invitation_id,
    fullName: r.full_name,
    email: r.email,
    jobTitle: r.job_title,
    organisation: r.organisation,
    country: r.country,
    stakeholderType: r.stakeholder_type,
    capacity: r.capacity,
    isInvitee: r.is_invitee,
    status: r.status,
    badge: r.badge,
    visaLetter: r.visa_letter,
    accessibilityNeeds: r.accessibility_needs,
    arrivalOn: r.arrival_on,
    departureOn: r.departure_on,
    checkedInAt: r.checked_in_at ? new Date(r.checked_in_at).toISOString() : null,
    substitutes: r.substitutes_id,
    confirmedAt: new Date(r.confirmed_at).toISOString(),
  };
}

const sameEmail = (a: string | null, b: string | null) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/**
 * The participants of a conference: the invitee who accepted and the delegates named. A member who
 * leaves the delegation is kept as cancelled (or substituted) with a revoked badge, so logistics
 * sees what changed; lists show the confirmed by default.
 */
@Injectable()
export class ParticipantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The check-in code a badge's QR code carries: derivable from the participant id with the token secret, stored only as a hash. */
  checkInCode(participantId: string): string {
    return createHmac('sha256', this.config.tokenSecret).update(`check-in:${participantId}`).digest('base64url');
  }

  checkInHash(code: string): Buffer {
    return hash('sha256', code, 'buffer');
  }

  /**
   * Makes the confirmed participants of an accepted party match its answer, inside the answer's
   * transaction. `fresh`: the party has no participants yet (saves a read on a first answer).
   */
  async sync(
    manager: EntityManager,
    ctx: { conferenceId: string; invitationId: string; invitee: InviteeDetails; request: PartyRequest; now: Date; fresh: boolean },
  ): Promise<RosterChange> {
    const { request, invitee } = ctx;
    const desired = desiredMembers(invitee, request);
    const existing: ExistingRow[] = ctx.fresh
      ? []
      : await manager.query(
          `SELECT id, is_invitee, email, full_name, job_title, capacity, needs_visa_letter, visa_letter, accessibility_needs,
             to_char(arrival_on, 'YYYY-MM-DD') AS arrival_on, to_char(departure_on, 'YYYY-MM-DD') AS departure_on
           FROM participants WHERE invitation_id = $1 AND status = 'confirmed' FOR UPDATE`,
          [ctx.invitationId],
        );
    const unmatched = new Map(existing.map((row) => [row.id, row]));
    const updates: Array<{ row: ExistingRow; want: Desired }> = [];
    const inserts: Array<{ want: Desired; substitutes: string | null }> = [];
    const substituted: string[] = [];
    for (const want of desired) {
      let match: ExistingRow | undefined;
      if (want.isInvitee) {
        match = [...unmatched.values()].find((r) => r.is_invitee);
      } else if (want.replaces) {
        const target = unmatched.get(want.replaces);
        if (!target || target.is_invitee) {
          throw DomainError.badRequest('unknown_member', `replaces: ${want.replaces} is not a current member of this delegation; name the participant being replaced.`);
        }
        if (!sameEmail(target.email, want.email)) {
          unmatched.delete(target.id);
          substituted.push(target.id);
          inserts.push({ want, substitutes: target.id });
          continue;
        }
        match = target;
      } else {
        match = [...unmatched.values()].find((r) => !r.is_invitee && sameEmail(r.email, want.email));
      }
      if (match) {
        unmatched.delete(match.id);
        updates.push({ row: match, want });
      } else {
        inserts.push({ want, substitutes: null });
      }
    }

    const updated: string[] = [];
    for (const { row, want } of updates) {
      const visaLetter = want.needsVisaLetter && row.visa_letter === 'none' ? 'requested' : !want.needsVisaLetter && row.visa_letter === 'requested' ? 'none' : row.visa_letter;
      const changed =
        row.full_name !== want.fullName ||
        row.job_title !== want.jobTitle ||
        row.capacity !== want.capacity ||
        row.needs_visa_letter !== want.needsVisaLetter ||
        row.visa_letter !== visaLetter ||
        row.accessibility_needs !== want.accessibilityNeeds ||
        row.arrival_on !== request.arrivalOn ||
        row.departure_on !== request.departureOn;
      if (!changed) continue;
      await manager.query(
        `UPDATE participants SET full_name = $2, job_title = $3, capacity = $4, needs_visa_letter = $5, visa_letter = $6, accessibility_needs = $7,
           arrival_on = $8, departure_on = $9 WHERE id = $1`,
        [row.id, want.fullName, want.jobTitle, want.capacity, want.needsVisaLetter, visaLetter, want.accessibilityNeeds, request.arrivalOn, request.departureOn],
      );
      updated.push(row.id);
    }

    const ids = await this.insertMembers(
      manager,
      inserts.map(({ want, substitutes }) => ({ conferenceId: ctx.conferenceId, invitationId: ctx.invitationId, invitee, request, want, substitutes, now: ctx.now })),
    );

    const cancelled = [
      ...(await this.cancel(manager, substituted, 'substituted', ctx.now)),
      ...(await this.cancel(manager, [...unmatched.keys()], 'removed', ctx.now)),
    ];
    const confirmed = inserts.map((i, n) => confirmedMember(ids[n], i.want, i.substitutes));
    const members: RosterMember[] = [...updates.map(({ row, want }) => rosterMember(row.id, want)), ...confirmed.map((c) => rosterMember(c.id, c))].sort(
      (a, b) => Number(b.isInvitee) - Number(a.isInvitee),
    );
    return { members, confirmed, cancelled, updated };
  }

  /**
   * The rosters of parties accepting for the first time (none has participants yet), written by the
   * caller's statement (see composeStatement) whatever their number. A substitution cannot be among
   * them: nobody is there to replace.
   */
  enrolPart(parties: Array<{ conferenceId: string; invitationId: string; invitee: InviteeDetails; request: PartyRequest; now: Date }>): {
    part: StatementPart | null;
    rosters: RosterChange[];
  } {
    const wanted = parties.map((party) => desiredMembers(party.invitee, party.request));
    const rows = parties.flatMap((party, i) => wanted[i].map((want) => ({ ...party, want, substitutes: null })));
    if (rows.some((row) => row.want.replaces)) throw new Error('enrol: a first answer cannot substitute a member');
    const { part, ids } = this.newMembersPart(rows);
    let next = 0;
    const rosters = wanted.map((members) => {
      const confirmed = members.map((want) => confirmedMember(ids[next++], want, null));
      return { members: confirmed.map((c) => rosterMember(c.id, c)), confirmed, cancelled: [], updated: [] };
    });
    return { part, rosters };
  }

  /** New participant rows, each with its check-in code's hash; returns their ids in order. */
  private async insertMembers(manager: EntityManager, rows: NewMember[]): Promise<string[]> {
    const { part, ids } = this.newMembersPart(rows);
    if (part) {
      const { text, values } = composeStatement([part], 'SELECT NULL');
      await preparedRows(manager, text, values);
    }
    return ids;
  }

  /** The statement part that inserts new participant rows, and their ids in order (null part: no rows). */
  private newMembersPart(rows: NewMember[]): { part: StatementPart | null; ids: string[] } {
    const ids = rows.map(() => randomUUID());
    if (rows.length === 0) return { part: null, ids };
    return {
      ids,
      part: {
        with: [
          [
            'participants_inserted',
            `INSERT INTO participants (id, conference_id, invitation_id, is_invitee, full_name, email, job_title, organisation, country, stakeholder_type,
               capacity, visa_letter, needs_visa_letter, accessibility_needs, arrival_on, departure_on, check_in_hash, substitutes_id, confirmed_at)
             SELECT u.id, u.conference_id, u.invitation_id, u.is_invitee, u.full_name, u.email, u.job_title, u.organisation, u.country, u.stakeholder_type, u.capacity,
               CASE WHEN u.needs_visa THEN 'requested' ELSE 'none' END, u.needs_visa, u.accessibility, u.arrival_on, u.departure_on,
               decode(u.check_in_hash, 'hex'), u.substitutes, u.confirmed_at
             FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, conference_id uuid, invitation_id uuid, is_invitee boolean, full_name text, email text,
               job_title text, organisation text, country text, stakeholder_type text, capacity text, needs_visa boolean, accessibility text,
               arrival_on date, departure_on date, check_in_hash text, substitutes uuid, confirmed_at timestamptz)`,
          ],
        ],
        // One JSON document rather than an array per column: the driver escapes every element of
        // an array parameter one by one, JSON.stringify writes the whole document natively.
        values: [
          JSON.stringify(
            rows.map((r, i) => ({
              id: ids[i],
              conference_id: r.conferenceId,
              invitation_id: r.invitationId,
              is_invitee: r.want.isInvitee,
              full_name: r.want.fullName,
              email: r.want.email,
              job_title: r.want.jobTitle,
              organisation: r.invitee.organisation,
              country: r.invitee.country,
              stakeholder_type: r.invitee.stakeholderType,
              capacity: r.want.capacity,
              needs_visa: r.want.needsVisaLetter,
              accessibility: r.want.accessibilityNeeds,
              arrival_on: r.request.arrivalOn,
              departure_on: r.request.departureOn,
              check_in_hash: this.checkInHash(this.checkInCode(ids[i])).toString('hex'),
              substitutes: r.substitutes,
              confirmed_at: r.now.toISOString(),
            })),
          ),
        ],
      },
    };
  }

  /** Every confirmed participant of the invitation leaves (the party declined, or its offer lapsed). */
  async cancelAll(manager: EntityManager, invitationId: string, now: Date): Promise<RosterChange['cancelled']> {
    const rows: Array<{ id: string }> = await manager.query(`SELECT id FROM participants WHERE invitation_id = $1 AND status = 'confirmed' FOR UPDATE`, [invitationId]);
    return this.cancel(
      manager,
      rows.map((r) => r.id),
      'declined',
      now,
    );
  }

  private async cancel(manager: EntityManager, ids: string[], reason: 'declined' | 'removed' | 'substituted', now: Date): Promise<RosterChange['cancelled']> {
    if (ids.length === 0) return [];
    const rows: Array<{ id: string; revoked: boolean }> = await manager.query(
      `WITH old AS (SELECT id, badge FROM participants WHERE id = ANY($1::uuid[]) FOR UPDATE),
       changed AS (
         UPDATE participants p SET status = $2, cancelled_at = $3, badge = CASE WHEN old.badge = 'issued' THEN 'revoked' ELSE old.badge END
         FROM old WHERE p.id = old.id RETURNING p.id, old.badge = 'issued' AS revoked
       ) SELECT id, revoked FROM changed`,
      [ids, reason === 'substituted' ? 'substituted' : 'cancelled', now.toISOString()],
    );
    return rows.map((r) => ({ id: r.id, reason, badgeRevoked: r.revoked }));
  }

  async list(conferenceId: string, query: ParticipantListQuery): Promise<Page<ParticipantView>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, { key: 'none', id: 'uuid' });
    const { where, params } = this.filters(conferenceId, query);
    if (after) {
      params.push(after.id);
      where.push(`id > $${params.length}::uuid`);
    }
    params.push(limit + 1);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${VIEW_COLUMNS} FROM participants WHERE ${where.join(' AND ')} ORDER BY id LIMIT $${params.length}`,
      params,
    );
    return toPage(rows.map(toView), limit, (p) => ({ key: '', id: p.id }));
  }

  /** Every matching participant, ordered by country then name, as CSV (spreadsheet formulas neutralised). */
  async csv(conferenceId: string, query: ParticipantListQuery): Promise<string> {
    const { where, params } = this.filters(conferenceId, query);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${VIEW_COLUMNS} FROM participants WHERE ${where.join(' AND ')} ORDER BY country NULLS LAST, full_name NULLS LAST, id`,
      params,
    );
    const columns: Array<keyof ParticipantView> = [
      'id',
      'invitationId',
      'fullName',
      'email',
      'jobTitle',
      'organisation',
      'country',
      'stakeholderType',
      'capacity',
      'status',
      'badge',
      'visaLetter',
      'accessibilityNeeds',
      'arrivalOn',
      'departureOn',
      'checkedInAt',
    ];
    const lines = [columns.join(','), ...rows.map(toView).map((p) => columns.map((c) => csvCell(p[c])).join(','))];
    return `${lines.join('\r\n')}\r\n`;
  }

  private filters(conferenceId: string, query: ParticipantListQuery): { where: string[]; params: unknown[] } {
    const params: unknown[] = [conferenceId, query.status ?? 'confirmed'];
    const where = ['conference_id = $1', 'status = $2'];
    if (query.country) {
      params.push(query.country);
      where.push(`country = $${params.length}`);
    }
    if (query.stakeholderType) {
      params.push(query.stakeholderType);
      where.push(`stakeholder_type = $${params.length}`);
    }
    return { where, params };
  }

  async countConfirmed(conferenceId: string): Promise<number> {
    const [row]: Array<{ n: number }> = await this.dataSource.query(`SELECT count(*)::int AS n FROM participants WHERE conference_id = $1 AND status = 'confirmed'`, [conferenceId]);
    return row.n;
  }

  /** Erasure: names, addresses and needs of the contact's parties go; the rows (and so the counts) stay. */
  async scrub(manager: EntityManager, invitationIds: string[], now: Date): Promise<number> {
    if (invitationIds.length === 0) return 0;
    const rows: unknown[] = await manager.query(
      `WITH scrubbed AS (
         UPDATE participants SET full_name = NULL, email = NULL, job_title = NULL, accessibility_needs = NULL, erased_at = $2
         WHERE invitation_id = ANY($1::uuid[]) AND erased_at IS NULL RETURNING 1
       ) SELECT 1 FROM scrubbed`,
      [invitationIds, now.toISOString()],
    );
    return rows.length;
  }
}

const rosterMember = (id: string, m: Omit<RosterMember, 'id'>): RosterMember => ({
  id,
  fullName: m.fullName,
  email: m.email,
  capacity: m.capacity,
  isInvitee: m.isInvitee,
});

const confirmedMember = (id: string, want: Desired, substitutes: string | null): RosterChange['confirmed'][number] => ({
  ...rosterMember(id, want),
  needsVisaLetter: want.needsVisaLetter,
  substitutes,
});

/** The invitee's details for the roster, from the contact the invitation went to. */
export const inviteeFrom = (contact: Pick<InviteeDetails, 'fullName' | 'email' | 'organisation' | 'country' | 'stakeholderType'>): InviteeDetails => ({
  fullName: contact.fullName,
  email: contact.email,
  jobTitle: null,
  organisation: contact.organisation,
  country: contact.country,
  stakeholderType: contact.stakeholderType,
});

/** Who an answer wants on the roster: the invitee first, then each delegate named. */
function desiredMembers(invitee: InviteeDetails, request: PartyRequest): Desired[] {
  return [
    {
      isInvitee: true,
      fullName: invitee.fullName,
      email: invitee.email,
      jobTitle: invitee.jobTitle,
      capacity: inviteeCapacity(request, invitee.stakeholderType),
      needsVisaLetter: request.needsVisaLetter,
      accessibilityNeeds: request.accessibilityNeeds,
      replaces: null,
    },
    ...request.delegates.map((d) => ({ isInvitee: false, ...d })),
  ];
}

/** A CSV cell; text a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
