import { randomUUID } from 'node:crypto';
import { DomainError } from '../../platform/http/domain-error';
import type { DelegateCapacity } from '../../platform/mail/i18n/catalogue';

export type Capacity = DelegateCapacity;

/** Who the party is, for the participant rows of its members. */
export interface InviteeDetails {
  fullName: string;
  email: string;
  jobTitle: string | null;
  organisation: string | null;
  country: string | null;
  stakeholderType: string | null;
}

/** A person an answer wants on the roster: the invitee or one of the delegates named. */
export interface DesiredMember {
  isInvitee: boolean;
  fullName: string;
  email: string;
  jobTitle: string | null;
  capacity: Capacity;
  needsVisaLetter: boolean;
  accessibilityNeeds: string | null;
  /** A participant of this party the person replaces (substitution). */
  replaces: string | null;
}

/** What an answer asks of the roster: the people, their stay, for which party. */
export interface RosterWish {
  conferenceId: string;
  invitationId: string;
  invitee: InviteeDetails;
  members: DesiredMember[];
  arrivalOn: string | null;
  departureOn: string | null;
}

/** A confirmed participant as the answer's transaction read (and locked) it. */
export interface ExistingMember {
  id: string;
  invitationId: string;
  isInvitee: boolean;
  email: string | null;
  fullName: string | null;
  jobTitle: string | null;
  capacity: Capacity;
  needsVisaLetter: boolean;
  accessibilityNeeds: string | null;
  arrivalOn: string | null;
  departureOn: string | null;
}

export interface RosterMember {
  id: string;
  fullName: string;
  email: string | null;
  capacity: Capacity;
  isInvitee: boolean;
}

export type CancelReason = 'declined' | 'removed' | 'substituted';

/** What an answer did to the party's roster, for its events and its change record. */
export interface RosterChange {
  members: RosterMember[];
  confirmed: Array<RosterMember & { needsVisaLetter: boolean; substitutes: string | null }>;
  cancelled: Array<{ id: string; reason: CancelReason }>;
  updated: string[];
  /** Kept members whose badge shows something else now (their badge is printed again). */
  relabelled: Array<{ id: string; fields: BadgeField[] }>;
  /** Kept members who ask for a visa letter they had not asked for (accreditation produces it). */
  visaLetterAsked: string[];
}

/** What a member's badge prints that a roster change (the first three) or the contact invited can alter. */
export type BadgeField = 'fullName' | 'jobTitle' | 'capacity' | 'honorific' | 'organisation' | 'country' | 'stakeholderType';

/** A roster change and the rows it writes (see RosterService.writePart). */
export interface RosterPlan {
  change: RosterChange;
  inserts: Array<{ id: string; wish: RosterWish; want: DesiredMember; substitutes: string | null }>;
  updates: Array<{ id: string; want: DesiredMember; arrivalOn: string | null; departureOn: string | null }>;
  cancels: Array<{ id: string; reason: CancelReason }>;
}

const sameEmail = (a: string | null, b: string | null) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

const rosterMember = (id: string, m: Omit<RosterMember, 'id'>): RosterMember => ({ id, fullName: m.fullName, email: m.email, capacity: m.capacity, isInvitee: m.isInvitee });

const cancelled = (member: ExistingMember, reason: CancelReason) => ({ id: member.id, reason });

/**
 * Makes the party's confirmed participants match its answer: a member named again is kept (and
 * updated), a member replaced by someone else is substituted, a member no longer named is removed.
 * Refuses a substitution of someone who is not a current member. Pure: `existing` is what the
 * answer's transaction locked, `newId` names new rows.
 */
export function planRoster(wish: RosterWish, existing: ExistingMember[], newId: () => string = randomUUID): RosterPlan {
  const unmatched = new Map(existing.map((row) => [row.id, row]));
  const kept: Array<{ row: ExistingMember; want: DesiredMember }> = [];
  const inserts: RosterPlan['inserts'] = [];
  const substituted: ExistingMember[] = [];
  for (const want of wish.members) {
    let match: ExistingMember | undefined;
    if (want.isInvitee) {
      match = [...unmatched.values()].find((r) => r.isInvitee);
    } else if (want.replaces) {
      const target = unmatched.get(want.replaces);
      if (!target || target.isInvitee) {
        throw DomainError.badRequest('unknown_member', `replaces: ${want.replaces} is not a current member of this delegation; name the participant being replaced.`);
      }
      if (!sameEmail(target.email, want.email)) {
        unmatched.delete(target.id);
        substituted.push(target);
        inserts.push({ id: newId(), wish, want, substitutes: target.id });
        continue;
      }
      match = target;
    } else {
      match = [...unmatched.values()].find((r) => !r.isInvitee && sameEmail(r.email, want.email));
    }
    if (match) {
      unmatched.delete(match.id);
      kept.push({ row: match, want });
    } else {
      inserts.push({ id: newId(), wish, want, substitutes: null });
    }
  }

  const updates: RosterPlan['updates'] = [];
  const relabelled: RosterChange['relabelled'] = [];
  const visaLetterAsked: string[] = [];
  for (const { row, want } of kept) {
    const fields = (['fullName', 'jobTitle', 'capacity'] as const).filter((field) => row[field] !== want[field]);
    if (fields.length) relabelled.push({ id: row.id, fields });
    if (want.needsVisaLetter && !row.needsVisaLetter) visaLetterAsked.push(row.id);
    const changed =
      row.fullName !== want.fullName ||
      row.jobTitle !== want.jobTitle ||
      row.capacity !== want.capacity ||
      row.needsVisaLetter !== want.needsVisaLetter ||
      row.accessibilityNeeds !== want.accessibilityNeeds ||
      row.arrivalOn !== wish.arrivalOn ||
      row.departureOn !== wish.departureOn;
    if (changed) updates.push({ id: row.id, want, arrivalOn: wish.arrivalOn, departureOn: wish.departureOn });
  }

  const leaving = [...substituted.map((m) => cancelled(m, 'substituted')), ...[...unmatched.values()].map((m) => cancelled(m, 'removed'))];
  const confirmed = inserts.map(({ id, want, substitutes }) => ({
    id,
    fullName: want.fullName,
    email: want.email,
    capacity: want.capacity,
    isInvitee: want.isInvitee,
    needsVisaLetter: want.needsVisaLetter,
    substitutes,
  }));
  const members = [...kept.map(({ row, want }) => rosterMember(row.id, want)), ...confirmed.map((c) => rosterMember(c.id, c))].sort(
    (a, b) => Number(b.isInvitee) - Number(a.isInvitee),
  );
  return {
    change: { members, confirmed, cancelled: leaving, updated: updates.map((u) => u.id), relabelled, visaLetterAsked },
    inserts,
    updates,
    cancels: leaving.map(({ id, reason }) => ({ id, reason })),
  };
}

/** Every confirmed participant of the party leaves (it declined). */
export function planDeparture(existing: ExistingMember[]): RosterPlan {
  const leaving = existing.map((m) => cancelled(m, 'declined'));
  return { change: { members: [], confirmed: [], cancelled: leaving, updated: [], relabelled: [], visaLetterAsked: [] }, inserts: [], updates: [], cancels: leaving.map(({ id, reason }) => ({ id, reason })) };
}
