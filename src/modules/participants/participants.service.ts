import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Page, decodeCursor, pageLimit, toPage } from '../../platform/http/pagination';
import { ParticipantListQuery } from './dto/participants.dto';
import { ParticipantLogistics } from './participant-logistics';
import { Capacity } from './roster';

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
  /** False once mail to the participant bounced for good (or was refused as it was sent), with the reason. */
  deliverable: boolean;
  undeliverableReason: string | null;
  /** The last message to the participant given up after all its attempts (the mail server kept deferring it), with the last error; null if none. */
  mailFailure: string | null;
  substitutes: string | null;
  confirmedAt: string;
}

/** A confirmed member of one party, as the party's own page and mail show it. */
export interface PartyMember {
  id: string;
  isInvitee: boolean;
  fullName: string | null;
  email: string | null;
  jobTitle: string | null;
  capacity: Capacity;
  needsVisaLetter: boolean;
  accessibilityNeeds: string | null;
}

const VIEW_COLUMNS = `id, invitation_id, full_name, email, job_title, organisation, country, stakeholder_type, capacity, is_invitee, status, needs_visa_letter,
  accessibility_needs, to_char(arrival_on, 'YYYY-MM-DD') AS arrival_on, to_char(departure_on, 'YYYY-MM-DD') AS departure_on, substitutes_id, confirmed_at,
  mail_bounced_at, mail_bounce_reason, mail_failure_reason`;

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
    // Badge, letter and arrival as far as this module knows; ParticipantLogistics lays logistics' state over them.
    badge: 'none',
    visaLetter: r.needs_visa_letter ? 'requested' : 'none',
    accessibilityNeeds: r.accessibility_needs,
    arrivalOn: r.arrival_on,
    departureOn: r.departure_on,
    checkedInAt: null,
    deliverable: r.mail_bounced_at === null,
    undeliverableReason: r.mail_bounce_reason,
    mailFailure: r.mail_failure_reason,
    substitutes: r.substitutes_id,
    confirmedAt: new Date(r.confirmed_at).toISOString(),
  };
}

/**
 * The participants of a conference as the secretariat reads them: the invitee who accepted and the
 * delegates named. A member who leaves the delegation is kept as cancelled (or substituted), so
 * accreditation sees what changed (and revokes the badge); lists show the confirmed by default.
 */
@Injectable()
export class ParticipantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly logistics: ParticipantLogistics,
  ) {}

  /** The confirmed members of a party, the invitee first. */
  async membersOf(invitationId: string): Promise<PartyMember[]> {
    const rows: Array<Record<string, any>> = await this.dataSource.query(
      `SELECT id, is_invitee, full_name, email, job_title, capacity, needs_visa_letter, accessibility_needs FROM participants
       WHERE invitation_id = $1 AND status = 'confirmed' ORDER BY is_invitee DESC, confirmed_at, id`,
      [invitationId],
    );
    return rows.map((m) => ({
      id: m.id,
      isInvitee: m.is_invitee,
      fullName: m.full_name,
      email: m.email,
      jobTitle: m.job_title,
      capacity: m.capacity,
      needsVisaLetter: m.needs_visa_letter,
      accessibilityNeeds: m.accessibility_needs,
    }));
  }

  /** One participant, whatever their status, for a message addressed to them. */
  async member(participantId: string): Promise<{ invitationId: string; fullName: string | null; email: string | null; status: string } | null> {
    const [row]: Array<{ invitation_id: string; full_name: string | null; email: string | null; status: string }> = await this.dataSource.query(
      `SELECT invitation_id, full_name, email, status FROM participants WHERE id = $1`,
      [participantId],
    );
    return row ? { invitationId: row.invitation_id, fullName: row.full_name, email: row.email, status: row.status } : null;
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
    return toPage(await this.logistics.overlay(rows.map(toView)), limit, (p) => ({ key: '', id: p.id }));
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
    const views = await this.logistics.overlay(rows.map(toView));
    const lines = [columns.join(','), ...views.map((p) => columns.map((c) => csvCell(p[c])).join(','))];
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
}

/** A CSV cell; text a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
