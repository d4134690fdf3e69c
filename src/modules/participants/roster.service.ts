import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { StatementPart } from '../../platform/database/statement-parts';
import { ExistingMember, RosterPlan } from './roster';

/** The participant rows of the answer path: read and locked before an answer is planned, written with it. */
@Injectable()
export class RosterService {
  /** The confirmed participants of each invitation, locked until the answer commits. */
  async lockMembers(manager: EntityManager, invitationIds: string[]): Promise<Map<string, ExistingMember[]>> {
    const byInvitation = new Map<string, ExistingMember[]>(invitationIds.map((id) => [id, []]));
    if (invitationIds.length === 0) return byInvitation;
    const rows: Array<Record<string, any>> = await manager.query(
      `SELECT id, invitation_id, is_invitee, email, full_name, job_title, capacity, needs_visa_letter, accessibility_needs,
         to_char(arrival_on, 'YYYY-MM-DD') AS arrival_on, to_char(departure_on, 'YYYY-MM-DD') AS departure_on
       FROM participants WHERE invitation_id = ANY($1::uuid[]) AND status = 'confirmed' ORDER BY id FOR UPDATE`,
      [invitationIds],
    );
    for (const r of rows) {
      byInvitation.get(r.invitation_id)?.push({
        id: r.id,
        invitationId: r.invitation_id,
        isInvitee: r.is_invitee,
        email: r.email,
        fullName: r.full_name,
        jobTitle: r.job_title,
        capacity: r.capacity,
        needsVisaLetter: r.needs_visa_letter,
        accessibilityNeeds: r.accessibility_needs,
        arrivalOn: r.arrival_on,
        departureOn: r.departure_on,
      });
    }
    return byInvitation;
  }

  /**
   * The writes of roster plans as part of the answer's statement (null: nothing to write): new
   * participants, changed ones, and those who left (accreditation revokes their badges on the events). Rows are sent as one JSON document each: the driver escapes array elements one by one.
   */
  writePart(plans: RosterPlan[], now: Date): StatementPart | null {
    const inserts = plans.flatMap((p) => p.inserts);
    const updates = plans.flatMap((p) => p.updates);
    const cancels = plans.flatMap((p) => p.cancels);
    const entries: StatementPart['with'] = [];
    const values: unknown[] = [];
    let nowParam = '';
    const at = () => nowParam || (values.push(now.toISOString()), (nowParam = `$${values.length}::timestamptz`));
    if (inserts.length) {
      const confirmedAt = at();
      values.push(
        JSON.stringify(
          inserts.map(({ id, wish, want, substitutes }) => ({
            id,
            conference_id: wish.conferenceId,
            invitation_id: wish.invitationId,
            is_invitee: want.isInvitee,
            full_name: want.fullName,
            email: want.email,
            job_title: want.jobTitle,
            organisation: wish.invitee.organisation,
            country: wish.invitee.country,
            stakeholder_type: wish.invitee.stakeholderType,
            capacity: want.capacity,
            needs_visa: want.needsVisaLetter,
            accessibility: want.accessibilityNeeds,
            arrival_on: wish.arrivalOn,
            departure_on: wish.departureOn,
            substitutes,
          })),
        ),
      );
      entries.push([
        'participants_inserted',
        `INSERT INTO participants (id, conference_id, invitation_id, is_invitee, full_name, email, job_title, organisation, country, stakeholder_type,
           capacity, needs_visa_letter, accessibility_needs, arrival_on, departure_on, substitutes_id, confirmed_at)
         SELECT u.id, u.conference_id, u.invitation_id, u.is_invitee, u.full_name, u.email, u.job_title, u.organisation, u.country, u.stakeholder_type, u.capacity,
           u.needs_visa, u.accessibility, u.arrival_on, u.departure_on, u.substitutes, ${confirmedAt}
         FROM jsonb_to_recordset($${values.length}::jsonb) AS u(id uuid, conference_id uuid, invitation_id uuid, is_invitee boolean, full_name text, email text,
           job_title text, organisation text, country text, stakeholder_type text, capacity text, needs_visa boolean, accessibility text,
           arrival_on date, departure_on date, substitutes uuid)
         RETURNING id`,
      ]);
    }
    if (updates.length) {
      values.push(
        JSON.stringify(
          updates.map(({ id, want, arrivalOn, departureOn }) => ({
            id,
            full_name: want.fullName,
            job_title: want.jobTitle,
            capacity: want.capacity,
            needs_visa: want.needsVisaLetter,
            accessibility: want.accessibilityNeeds,
            arrival_on: arrivalOn,
            departure_on: departureOn,
          })),
        ),
      );
      entries.push([
        'participants_updated',
        `UPDATE participants p SET full_name = u.full_name, job_title = u.job_title, capacity = u.capacity, needs_visa_letter = u.needs_visa,
           accessibility_needs = u.accessibility, arrival_on = u.arrival_on, departure_on = u.departure_on
         FROM jsonb_to_recordset($${values.length}::jsonb) AS u(id uuid, full_name text, job_title text, capacity text, needs_visa boolean,
           accessibility text, arrival_on date, departure_on date)
         WHERE p.id = u.id RETURNING p.id`,
      ]);
    }
    if (cancels.length) {
      const cancelledAt = at();
      values.push(cancels.map((c) => c.id), cancels.map((c) => (c.reason === 'substituted' ? 'substituted' : 'cancelled')));
      entries.push([
        'participants_left',
        `UPDATE participants p SET status = u.status, cancelled_at = ${cancelledAt}
         FROM unnest($${values.length - 1}::uuid[], $${values.length}::text[]) AS u(id, status)
         WHERE p.id = u.id RETURNING p.id`,
      ]);
    }
    if (entries.length === 0) return null;
    return { with: entries, values, yields: entries[entries.length - 1][0] };
  }
}
