import type { PendingEvent } from '../../platform/messaging/outbox.service';
import { DomainError } from '../../platform/http/domain-error';
import type { InvitationResponse } from '../invitations';
import { DesiredMember, ExistingMember, RosterChange, RosterMember, RosterPlan, RosterWish, planDeparture, planRoster } from '../participants';
import type { PartyAnswer, PartyRow, PartyStatus } from '../places';
import type { RsvpAnswerDto } from '../rsvp';
import { EMPTY_REQUEST, PartyRequest, checkRequest, inviteeCapacity, mergeRequest } from './rsvp-request';
import type { OpenedInvitation } from './rsvp-links';

/** POST /rsvp/:token answers: accepted, declined or waitlisted, with where the party stands. */
export interface AnswerOutcome {
  response: 'accepted' | 'declined' | 'waitlisted';
  /** False when the answer repeated the current one: nothing was recorded. */
  changed: boolean;
  version: number;
  partySize: number;
  waitlistPosition: number | null;
  participants: Array<Pick<RosterMember, 'id' | 'fullName' | 'capacity' | 'isInvitee'>>;
  deadline: string | null;
}

/** One answer and the state its transaction read for it. */
export interface AnswerInput {
  dto: RsvpAnswerDto;
  actor: string;
  opened: OpenedInvitation;
  /** The party as locked (null: a first answer, recorded with the party row it creates). */
  party: PartyRow | null;
  /** The party's confirmed participants, read when it had accepted. */
  members: ExistingMember[];
}

/**
 * What an answer asks for, before places are taken: the first step of the planner. `claim` places
 * are to be taken (`mustFit`: or the answer is refused), `release` given back (null: all).
 */
export type AnswerIntent =
  | { kind: 'repeat'; input: AnswerInput; outcome: AnswerOutcome }
  | { kind: 'decline'; input: AnswerInput; from: PartyStatus; release: number | null; roster: RosterPlan }
  | {
      kind: 'accept';
      input: AnswerInput;
      from: PartyStatus;
      request: PartyRequest;
      size: number;
      claim: number;
      mustFit: boolean;
      release: number;
      /** Already waiting: the answer changes the request, not the place in the queue. */
      waits: boolean;
      roster: RosterPlan;
    };

/** Where the answer stands once places are taken (or not) and ranks given: the second step's input. */
export interface Standing {
  fitted: boolean;
  freed: number;
  rank: string | null;
  position: number | null;
  /** The places are not taken yet: the answer's write takes them (see placesInWrite). */
  inWrite?: boolean;
}

/** Places an answer's write is to take for it, all or none. */
export interface PlaceClaim {
  conferenceId: string;
  capacity: number;
  invitationId: string;
  count: number;
}

/** What recording an answer writes and says; `party` null: nothing changed, nothing to write. */
export interface AnswerPlan {
  opened: OpenedInvitation;
  outcome: AnswerOutcome;
  party: PartyAnswer | null;
  roster: RosterPlan | null;
  events: PendingEvent[];
  response: InvitationResponse | null;
  /** Places the write takes: it must take them all, or the transaction is rolled back. */
  claim: PlaceClaim | null;
}

/** What every event of one party's answer carries, written out field by field: V8 copies a spread followed by more keys slowly. */
interface AnswerBase {
  conferenceId: string;
  invitationId: string;
}

/** The RSVP deadline as an answer states it. */
export const deadlineOf = (conference: { rsvpDeadline: Date | string | null }): string | null =>
  conference.rsvpDeadline ? new Date(conference.rsvpDeadline).toISOString() : null;

export const requestOf = (party: Pick<PartyRow, 'request'> | null | undefined): PartyRequest => ({ ...EMPTY_REQUEST, ...((party?.request ?? {}) as Partial<PartyRequest>) });

/** The invitation's response for a party status (a lapsed offer reads as cancelled). */
export const invitationResponse = (status: PartyStatus): InvitationResponse => (status === 'lapsed' ? 'cancelled' : status);

/** The participants an answer tells the invitee about (no e-mail addresses). */
export const answeredMembers = (members: RosterMember[]) => members.map(({ id, fullName, capacity, isInvitee }) => ({ id, fullName, capacity, isInvitee }));

/** The request as kept: who replaced whom is recorded in the change, not carried into the next answer. */
const stored = (request: PartyRequest): PartyRequest => ({ ...request, delegates: request.delegates.map((d) => ({ ...d, replaces: null })) });

/** JSON with sorted keys: jsonb does not keep the order keys were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Values equal as stored: the same primitive, or the same JSON (the delegates). */
const sameValue = (a: unknown, b: unknown) => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

export function changedFields(previous: PartyRequest, next: PartyRequest): string[] {
  return (['capacity', 'needsVisaLetter', 'accessibilityNeeds', 'arrivalOn', 'departureOn', 'delegates'] as const).filter((k) => !sameValue(previous[k], next[k]));
}

/** Who an answer wants on the roster: the invitee first, then each delegate named. */
function rosterWish(input: AnswerInput, request: PartyRequest): RosterWish {
  const { opened } = input;
  const { contact } = opened;
  const invitee: DesiredMember = {
    isInvitee: true,
    fullName: contact.fullName,
    email: contact.email,
    jobTitle: contact.jobTitle ?? null,
    capacity: inviteeCapacity(request, contact.stakeholderType),
    needsVisaLetter: request.needsVisaLetter,
    accessibilityNeeds: request.accessibilityNeeds,
    replaces: null,
  };
  return {
    conferenceId: opened.conference.id,
    invitationId: opened.invitation.id,
    invitee: { fullName: contact.fullName, email: contact.email, jobTitle: contact.jobTitle ?? null, organisation: contact.organisation, country: contact.country, stakeholderType: contact.stakeholderType },
    members: [invitee, ...request.delegates.map((d) => ({ isInvitee: false, ...d }))],
    arrivalOn: request.arrivalOn,
    departureOn: request.departureOn,
  };
}

/**
 * Step one: what the answer asks for, from the party's current state. Throws the refusal of an
 * answer that cannot be taken whatever the places (quota, two heads, an unknown member replaced).
 */
export function intend(input: AnswerInput, newId?: () => string): AnswerIntent {
  const { party, dto, opened } = input;
  const from: PartyStatus = party?.status ?? 'none';
  const previous = requestOf(party);
  if (dto.response === 'decline') {
    if (from === 'declined') {
      return {
        kind: 'repeat',
        input,
        outcome: { response: 'declined', changed: false, version: party!.version, partySize: 0, waitlistPosition: null, participants: [], deadline: deadlineOf(opened.conference) },
      };
    }
    const held = party?.places ?? 0;
    return { kind: 'decline', input, from, release: held > 0 ? null : 0, roster: planDeparture(from === 'accepted' ? input.members : []) };
  }
  const request = mergeRequest(dto, previous);
  checkRequest(request, opened.conference.delegationQuota, opened.contact.email, opened.contact.stakeholderType);
  const size = 1 + request.delegates.length;
  if (from === 'waitlisted') return { kind: 'accept', input, from, request, size, claim: 0, mustFit: false, release: 0, waits: true, roster: planDeparture([]) };
  const roster = planRoster(rosterWish(input, request), from === 'accepted' ? input.members : [], newId);
  if (from === 'accepted' || from === 'offered') {
    const more = size - party!.places;
    return { kind: 'accept', input, from, request, size, claim: Math.max(0, more), mustFit: true, release: Math.max(0, -more), waits: false, roster };
  }
  return { kind: 'accept', input, from, request, size, claim: size, mustFit: false, release: 0, waits: false, roster };
}

/** Whether the answer ends accepted: it had (or got) its places. Refuses a change that needed places none were free for. */
export function accepts(intent: Extract<AnswerIntent, { kind: 'accept' }>, fitted: boolean): boolean {
  if (intent.waits) return false;
  if (intent.claim === 0 || fitted) return true;
  if (!intent.mustFit) return false;
  const { party } = intent.input;
  const more = intent.claim;
  throw DomainError.conflict(
    'no_places_left',
    intent.from === 'offered'
      ? `The place offered is for ${party!.places} participant(s) and no other place is free for ${more} more; name fewer delegates.`
      : `No place is free for ${more} more participant(s); the registration stands as it was (${party!.places} participant(s)).`,
    { places: party!.places, requested: intent.size },
  );
}

/**
 * The conference whose places a batch may take inside its write, as if every party fits: each answer
 * that claims places is a first acceptance (it takes all its places or waits, never refused) for
 * that one conference, and none gives places back. Null when the places must be claimed first.
 */
export function placesInWrite(intents: AnswerIntent[]): string | null {
  const conferences = new Set<string>();
  for (const intent of intents) {
    if (intent.kind === 'repeat') continue;
    if (intent.release !== 0) return null;
    if (intent.kind === 'accept' && intent.claim > 0) {
      if (intent.mustFit || intent.waits) return null;
      conferences.add(intent.input.opened.conference.id);
    }
  }
  return conferences.size === 1 ? [...conferences][0] : null;
}

/** The standing of an answer whose places its write takes (see placesInWrite). */
export const FITTED_IN_WRITE: Standing = { fitted: true, freed: 0, rank: null, position: null, inWrite: true };

/**
 * Step two: what the answer writes and says, once its places are settled (or left to its write).
 * The same for an answer recorded alone and for one of a batch of first answers.
 */
export function conclude(intent: AnswerIntent, standing: Standing, now: Date): AnswerPlan {
  const plan = planOf(intent, standing, now);
  const takes = standing.inWrite && intent.kind === 'accept' && intent.claim > 0 && plan.outcome.response === 'accepted';
  const { conference, invitation } = intent.input.opened;
  return {
    opened: intent.input.opened,
    ...plan,
    claim: takes ? { conferenceId: conference.id, capacity: conference.capacity ?? 0, invitationId: invitation.id, count: intent.claim } : null,
  };
}

function planOf(intent: AnswerIntent, standing: Standing, now: Date): Omit<AnswerPlan, 'opened' | 'claim'> {
  if (intent.kind === 'repeat') return { outcome: intent.outcome, party: null, roster: null, events: [], response: null };
  const { input, from } = intent;
  const { opened, party, actor } = input;
  const base: AnswerBase = { conferenceId: opened.conference.id, invitationId: opened.invitation.id };
  const version = (party?.version ?? 0) + 1;
  const deadline = deadlineOf(opened.conference);
  const previous = requestOf(party);

  if (intent.kind === 'decline') {
    const cancelled = intent.roster.change.cancelled;
    return {
      outcome: { response: 'declined', changed: true, version, partySize: 0, waitlistPosition: null, participants: [], deadline },
      party: {
        invitationId: base.invitationId,
        from,
        status: 'declined',
        size: party?.size ?? 0,
        places: 0,
        request: previous,
        rank: null,
        actor,
        change: { placesFreed: standing.freed, removed: cancelled.map((c) => c.id) },
      },
      roster: intent.roster,
      events: [declinedEvent(base, { version, freed: standing.freed, now }), ...cancelledEvents(base, cancelled, now)],
      response: 'declined',
    };
  }

  const status = accepts(intent, standing.fitted) ? 'accepted' : 'waitlisted';
  const roster = status === 'accepted' ? intent.roster.change : null;
  const rosterUnchanged = !roster || (roster.confirmed.length === 0 && roster.cancelled.length === 0 && roster.updated.length === 0);
  if (from === status && canonical(stored(intent.request)) === canonical(stored(previous)) && rosterUnchanged) {
    return {
      outcome: { response: status, changed: false, version: party!.version, partySize: intent.size, waitlistPosition: standing.position, participants: roster?.members ?? [], deadline },
      party: null,
      roster: null,
      events: [],
      response: null,
    };
  }
  const position = status === 'waitlisted' ? standing.position : null;
  return {
    outcome: {
      response: status,
      changed: true,
      version,
      partySize: intent.size,
      waitlistPosition: position,
      participants: answeredMembers(roster?.members ?? []),
      deadline,
    },
    party: {
      invitationId: base.invitationId,
      from,
      status,
      size: intent.size,
      places: status === 'accepted' ? intent.size : 0,
      request: stored(intent.request),
      rank: status === 'waitlisted' ? standing.rank : null,
      actor,
      change: answerChange({ size: intent.size, freed: standing.freed, position, roster, previous, request: intent.request }),
    },
    roster: status === 'accepted' ? intent.roster : null,
    events:
      status === 'accepted'
        ? acceptedEvents(base, { version, size: intent.size, roster: roster!, viaOffer: from === 'offered', now })
        : [waitlistedEvent(base, { version, size: intent.size, position: position!, now })],
    response: from !== status ? invitationResponse(status) : null,
  };
}

/** The change record of an accept or a wait: ids and field names, never names of people. */
function answerChange(a: { size: number; freed?: number; position?: number | null; roster: RosterChange | null; previous: PartyRequest; request: PartyRequest }): Record<string, unknown> {
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

function cancelledEvents(base: AnswerBase, cancelled: RosterChange['cancelled'], now: Date): PendingEvent[] {
  return cancelled.map((c) => ({
    type: 'participant.cancelled',
    aggregateId: c.id,
    occurredAt: now,
    data: { conferenceId: base.conferenceId, invitationId: base.invitationId, participantId: c.id, reason: c.reason },
  }));
}

/** rsvp.accepted, then participant.confirmed for each newcomer, participant.cancelled for each who left, participant.updated for each whose badge changes, participant.visa_letter_requested for each who now asks for a letter. */
function acceptedEvents(base: AnswerBase, a: { version: number; size: number; roster: RosterChange; viaOffer: boolean; now: Date }): PendingEvent[] {
  return [
    {
      type: 'rsvp.accepted',
      aggregateId: base.invitationId,
      occurredAt: a.now,
      data: { conferenceId: base.conferenceId, invitationId: base.invitationId, version: a.version, partySize: a.size, participantIds: a.roster.members.map((m) => m.id), viaOffer: a.viaOffer },
    },
    ...a.roster.confirmed.map(
      (c): PendingEvent => ({
        type: 'participant.confirmed',
        aggregateId: c.id,
        occurredAt: a.now,
        data: { conferenceId: base.conferenceId, invitationId: base.invitationId, participantId: c.id, capacity: c.capacity, isInvitee: c.isInvitee, needsVisaLetter: c.needsVisaLetter, substitutes: c.substitutes },
      }),
    ),
    ...cancelledEvents(base, a.roster.cancelled, a.now),
    ...a.roster.relabelled.map(
      (r): PendingEvent => ({ type: 'participant.updated', aggregateId: r.id, occurredAt: a.now, data: { ...base, participantId: r.id, fields: r.fields } }),
    ),
    ...a.roster.visaLetterAsked.map(
      (id): PendingEvent => ({ type: 'participant.visa_letter_requested', aggregateId: id, occurredAt: a.now, data: { ...base, participantId: id } }),
    ),
  ];
}

const waitlistedEvent = (base: AnswerBase, a: { version: number; size: number; position: number; now: Date }): PendingEvent => ({
  type: 'rsvp.waitlisted',
  aggregateId: base.invitationId,
  occurredAt: a.now,
  data: { conferenceId: base.conferenceId, invitationId: base.invitationId, version: a.version, partySize: a.size, position: a.position },
});

const declinedEvent = (base: AnswerBase, a: { version: number; freed: number; now: Date }): PendingEvent => ({
  type: 'rsvp.declined',
  aggregateId: base.invitationId,
  occurredAt: a.now,
  data: { conferenceId: base.conferenceId, invitationId: base.invitationId, version: a.version, placesFreed: a.freed },
});
