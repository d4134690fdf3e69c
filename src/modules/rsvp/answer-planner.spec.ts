import { changedFields } from './answer-planner';
import { EMPTY_REQUEST, PartyRequest } from './rsvp-request';

describe('changedFields', () => {
  const delegate = { fullName: 'Olga Ivanova', email: 'o.ivanova@mission.example', jobTitle: null, capacity: 'delegate' as const, needsVisaLetter: false, accessibilityNeeds: null, replaces: null };
  const request: PartyRequest = { ...EMPTY_REQUEST, needsVisaLetter: true, arrivalOn: '2026-03-01', delegates: [delegate] };

  it('names the fields whose value changed, comparing the delegates by content', () => {
    expect(changedFields(EMPTY_REQUEST, request)).toEqual(['needsVisaLetter', 'arrivalOn', 'delegates']);
    expect(changedFields(request, { ...request, delegates: [{ ...delegate }] })).toEqual([]);
    expect(changedFields(request, { ...request, delegates: [{ ...delegate, capacity: 'adviser' }], departureOn: '2026-03-04' })).toEqual(['departureOn', 'delegates']);
  });
});
