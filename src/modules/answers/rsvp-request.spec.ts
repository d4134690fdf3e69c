import { DomainError } from '../../platform/http/domain-error';
import type { RsvpAnswerDto } from '../rsvp';
import { EMPTY_REQUEST, checkRequest, inviteeCapacity, mergeRequest } from './rsvp-request';

const delegate = (n: number, extra: Record<string, unknown> = {}) => ({ fullName: `Member ${n}`, email: `member${n}@example.org`, ...extra });

describe('answers', () => {
  it('keeps what an answer leaves out, and replaces what it gives', () => {
    const first = mergeRequest({ response: 'accept', needsVisaLetter: true, delegates: [delegate(1)] } as RsvpAnswerDto, EMPTY_REQUEST);
    const again = mergeRequest({ response: 'accept', arrivalOn: '2019-10-02' } as RsvpAnswerDto, first);
    expect(again).toMatchObject({ needsVisaLetter: true, arrivalOn: '2019-10-02', delegates: [{ fullName: 'Member 1', capacity: 'delegate' }] });
    expect(mergeRequest({ response: 'accept', delegates: [] } as RsvpAnswerDto, first).delegates).toEqual([]);
  });

  it('makes a government or organisation invitee head of delegation unless a delegate is', () => {
    expect(inviteeCapacity(EMPTY_REQUEST, 'member_state')).toBe('head');
    expect(inviteeCapacity(EMPTY_REQUEST, 'academia')).toBe('delegate');
    const headed = mergeRequest({ response: 'accept', delegates: [delegate(1, { capacity: 'head' })] } as RsvpAnswerDto, EMPTY_REQUEST);
    expect(inviteeCapacity(headed, 'member_state')).toBe('delegate');
  });

  it('refuses more delegates than the quota with 422, saying how many to remove', () => {
    const request = mergeRequest({ response: 'accept', delegates: [delegate(1), delegate(2), delegate(3)] } as RsvpAnswerDto, EMPTY_REQUEST);
    let error: unknown;
    try {
      checkRequest(request, 2, 'invitee@example.org', 'member_state');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(422);
    expect((error as DomainError).message).toMatch(/At most 2 delegate\(s\).*Remove 1/);
    expect(() => checkRequest(request, 3, 'invitee@example.org', 'member_state')).not.toThrow();
  });

  it('refuses two heads, one person twice, and a departure before the arrival', () => {
    const twoHeads = mergeRequest({ response: 'accept', capacity: 'head', delegates: [delegate(1, { capacity: 'head' })] } as RsvpAnswerDto, EMPTY_REQUEST);
    expect(() => checkRequest(twoHeads, 4, 'invitee@example.org', 'member_state')).toThrow(/one head/);
    const twice = mergeRequest({ response: 'accept', delegates: [delegate(1), { fullName: 'Invitee', email: 'INVITEE@example.org' }] } as RsvpAnswerDto, EMPTY_REQUEST);
    expect(() => checkRequest(twice, 4, 'invitee@example.org', 'member_state')).toThrow(/delegates.1.email/);
    const dates = mergeRequest({ response: 'accept', arrivalOn: '2019-10-05', departureOn: '2019-10-02' } as RsvpAnswerDto, EMPTY_REQUEST);
    expect(() => checkRequest(dates, 4, 'invitee@example.org', 'member_state')).toThrow(/departureOn/);
  });
});
