import type { PendingEvent } from '../../platform/messaging/outbox.service';
import type { RosterChange, RosterMember } from './participants.service';
import type { PartyRequest } from './rsvp-request';

/** What every event of one party's answer carries. */
export interface AnswerBase {
  conferenceId: string;
  invitationId: string;
}

/** The participants an answer tells the invitee about (no e-mail addresses). */
export const answeredMembers = (members: RosterMember[]) => members.map(({ id, fullName, capacity, isInvitee }) => ({ id, fullName, capacity, isInvitee }));

/** The RSVP deadline as an answer states it. */
export const deadlineOf = (conference: { rsvpDeadline: Date | string | null }): string | null =>
  conference.rsvpDeadline ? new Date(conference.rsvpDeadline).toISOString() : null;

/** The request as kept: who replaced whom is recorded in the change, not carried into the next answer. */
export const stored = (request: PartyRequest): PartyRequest => ({ ...request, delegates: request.delegates.map((d) => ({ ...d, replaces: null })) });

/** JSON with sorted keys: jsonb does not keep the order keys were written in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Values equal as stored: the same primitive, or the same JSON (the delegates). Every answer compares six. */
const sameValue = (a: unknown, b: unknown) => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

export function changedFields(previous: PartyRequest, next: PartyRequest): string[] {
  return (['capacity', 'needsVisaLetter', 'accessibilityNeeds', 'arrivalOn', 'departureOn', 'delegates'] as const).filter((k) => !sameValue(previous[k], next[k]));
}

/** The change record of an accept or a wait: ids and field names, never names of people. */
export function answerChange(a: { size: number; freed?: number; position?: number | null; roster: RosterChange | null; previous: PartyRequest; request: PartyRequest }): Record<string, unknown> {
  return {
    partySize: a.size,
    ...(a.freed ? { placesFreed: a.freed } : {}),
    ...(a.position ? { position: a.position } : {}),
    ...(a.roster
      ? {
          added: a.roster.confirmed.filter((c) => !c.substitutes).map((c) => c.id),
          removed: a.roster.cancelled.filter((c) => c.reason === 'removed').map((c) => c.id),
          substituted: a.roster.confirmed.filter((c) => c.substitutes).map((c) => ({ replaced: c.substitutes, by: c.id })),
          updated: a.roster.updated,
        }
      : {}),
    fields: changedFields(a.previous, a.request),
  };
}

export function cancelledEvents(base: AnswerBase, cancelled: RosterChange['cancelled'], now: Date): PendingEvent[] {
  return cancelled.map((c) => ({
    type: 'participant.cancelled',
    aggregateId: c.id,
    occurredAt: now,
    data: { ...base, participantId: c.id, reason: c.reason, badgeRevoked: c.badgeRevoked },
  }));
}

/** rsvp.accepted, then participant.confirmed for each newcomer and participant.cancelled for each who left. */
export function acceptedEvents(base: AnswerBase, a: { version: number; size: number; roster: RosterChange; viaOffer: boolean; now: Date }): PendingEvent[] {
  return [
    {
      type: 'rsvp.accepted',
      aggregateId: base.invitationId,
      occurredAt: a.now,
      data: { ...base, version: a.version, partySize: a.size, participantIds: a.roster.members.map((m) => m.id), viaOffer: a.viaOffer },
    },
    ...a.roster.confirmed.map(
      (c): PendingEvent => ({
        type: 'participant.confirmed',
        aggregateId: c.id,
        occurredAt: a.now,
        data: { ...base, participantId: c.id, capacity: c.capacity, isInvitee: c.isInvitee, needsVisaLetter: c.needsVisaLetter, substitutes: c.substitutes },
      }),
    ),
    ...cancelledEvents(base, a.roster.cancelled, a.now),
  ];
}

export const waitlistedEvent = (base: AnswerBase, a: { version: number; size: number; position: number; now: Date }): PendingEvent => ({
  type: 'rsvp.waitlisted',
  aggregateId: base.invitationId,
  occurredAt: a.now,
  data: { ...base, version: a.version, partySize: a.size, position: a.position },
});

export const declinedEvent = (base: AnswerBase, a: { version: number; freed: number; now: Date }): PendingEvent => ({
  type: 'rsvp.declined',
  aggregateId: base.invitationId,
  occurredAt: a.now,
  data: { ...base, version: a.version, placesFreed: a.freed },
});
