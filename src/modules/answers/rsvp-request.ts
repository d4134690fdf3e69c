import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../../platform/http/domain-error';
import type { DesiredMember } from '../participants';
import type { Capacity, RsvpAnswerDto } from '../rsvp';

/** A delegate as the party's answer names them: a member of the party as the roster takes it, other than the invitee. */
export type RequestedDelegate = Omit<DesiredMember, 'isInvitee'>;

/** What a party asked for in its latest answer (kept while it waits, so an offer can be confirmed as is). */
export interface PartyRequest {
  capacity: Capacity | null;
  needsVisaLetter: boolean;
  accessibilityNeeds: string | null;
  arrivalOn: string | null;
  departureOn: string | null;
  delegates: RequestedDelegate[];
}

export const EMPTY_REQUEST: PartyRequest = { capacity: null, needsVisaLetter: false, accessibilityNeeds: null, arrivalOn: null, departureOn: null, delegates: [] };

const blankToNull = (value: string | undefined | null) => (value === undefined || value === null || value.trim() === '' ? null : value.trim());

/** The new answer over the previous one: a field left out keeps its value, `delegates: []` names nobody. */
export function mergeRequest(dto: RsvpAnswerDto, previous: PartyRequest): PartyRequest {
  return {
    capacity: dto.capacity ?? previous.capacity,
    needsVisaLetter: dto.needsVisaLetter ?? previous.needsVisaLetter,
    accessibilityNeeds: dto.accessibilityNeeds !== undefined ? blankToNull(dto.accessibilityNeeds) : previous.accessibilityNeeds,
    arrivalOn: dto.arrivalOn ?? previous.arrivalOn,
    departureOn: dto.departureOn ?? previous.departureOn,
    delegates:
      dto.delegates === undefined
        ? previous.delegates.map((d) => ({ ...d, replaces: null }))
        : dto.delegates.map((d) => ({
            fullName: d.fullName.trim(),
            email: d.email.trim(),
            jobTitle: blankToNull(d.jobTitle),
            capacity: d.capacity ?? 'delegate',
            needsVisaLetter: d.needsVisaLetter ?? false,
            accessibilityNeeds: blankToNull(d.accessibilityNeeds),
            replaces: d.replaces ?? null,
          })),
  };
}

const DELEGATION_TYPES = new Set(['member_state', 'international_org', 'regional_org', 'un_entity']);

/** The invitee's own capacity: as given, else head of a government or organisation delegation unless a delegate heads it. */
export function inviteeCapacity(request: PartyRequest, stakeholderType: string | null): Capacity {
  if (request.capacity) return request.capacity;
  if (request.delegates.some((d) => d.capacity === 'head')) return 'delegate';
  return stakeholderType && DELEGATION_TYPES.has(stakeholderType) ? 'head' : 'delegate';
}

/** Refuses what no single field shows: more delegates than the quota (422), two heads, one person twice, dates in the wrong order. */
export function checkRequest(request: PartyRequest, quota: number, inviteeEmail: string, stakeholderType: string | null): void {
  if (request.delegates.length > quota) {
    throw new DomainError(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'delegation_quota_exceeded',
      quota === 0
        ? `This invitation is for the invitee only: delegates cannot be named (${request.delegates.length} given).`
        : `At most ${quota} delegate(s) may be named besides the invitee; ${request.delegates.length} were given. Remove ${request.delegates.length - quota}.`,
      { quota, delegates: request.delegates.length },
    );
  }
  const heads = request.delegates.filter((d) => d.capacity === 'head').length + (inviteeCapacity(request, stakeholderType) === 'head' ? 1 : 0);
  if (heads > 1) {
    throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'one_head_of_delegation', `A delegation has one head; ${heads} members are named head. Give the others another capacity.`);
  }
  const seen = new Set([inviteeEmail.toLowerCase()]);
  for (const [i, d] of request.delegates.entries()) {
    const email = d.email.toLowerCase();
    if (seen.has(email)) {
      throw DomainError.badRequest('duplicate_delegate', `delegates.${i}.email: this person is already named in the delegation (each member once, the invitee included).`);
    }
    seen.add(email);
  }
  const replaced = request.delegates.map((d) => d.replaces).filter((r): r is string => !!r);
  if (new Set(replaced).size !== replaced.length) throw DomainError.badRequest('duplicate_substitution', 'Each member can be replaced by one delegate only.');
  if (request.arrivalOn && request.departureOn && request.departureOn < request.arrivalOn) {
    throw DomainError.badRequest('inconsistent_dates', `departureOn (${request.departureOn}) is before arrivalOn (${request.arrivalOn}).`);
  }
}
