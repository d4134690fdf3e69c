import { FITTED_IN_WRITE, changedFields, conclude, intend, placesInWrite } from './answer-planner';
import type { RsvpAnswerDto } from '../rsvp';
import type { OpenedInvitation } from './rsvp-links';
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

describe('placesInWrite', () => {
  const opened = (n: number, conferenceId = 'conf-1') =>
    ({
      invitation: { id: `inv-${n}`, conferenceId, response: 'none' },
      conference: { id: conferenceId, capacity: 40, delegationQuota: 2, rsvpDeadline: null },
      contact: { id: `contact-${n}`, email: `d${n}@mission.example`, fullName: `Delegate ${n}`, stakeholderType: 'member_state', organisation: null, country: 'UZ' },
      language: 'en',
    }) as unknown as OpenedInvitation;
  const first = (n: number, dto: object, conferenceId?: string) => intend({ dto: dto as RsvpAnswerDto, actor: 'invitee', opened: opened(n, conferenceId), party: null, members: [] });
  const now = new Date('2026-03-01T09:00:00Z');

  it('lets the write take the places of first answers for one conference, each plan carrying its own', () => {
    const intents = [
      first(1, { response: 'accept', delegates: [{ fullName: 'Olga Ivanova', email: 'o.ivanova@mission.example' }] }),
      first(2, { response: 'decline' }),
      first(3, { response: 'accept' }),
    ];
    expect(placesInWrite(intents)).toBe('conf-1');
    const plans = intents.map((intent) => conclude(intent, FITTED_IN_WRITE, now));
    expect(plans.map((p) => p.outcome.response)).toEqual(['accepted', 'declined', 'accepted']);
    expect(plans.map((p) => p.claim)).toEqual([
      { conferenceId: 'conf-1', capacity: 40, invitationId: 'inv-1', count: 2 },
      null,
      { conferenceId: 'conf-1', capacity: 40, invitationId: 'inv-3', count: 1 },
    ]);
  });

  it('claims first when the batch spans two conferences, and plans that claimed first carry no claim', () => {
    const intents = [first(1, { response: 'accept' }), first(2, { response: 'accept' }, 'conf-2')];
    expect(placesInWrite(intents)).toBeNull();
    expect(conclude(intents[0], { fitted: true, freed: 0, rank: null, position: null }, now).claim).toBeNull();
  });

  it('has nothing to take in the write when no answer claims places', () => {
    expect(placesInWrite([first(1, { response: 'decline' })])).toBeNull();
  });
});

describe('the invitee on the roster', () => {
  const opened = (jobTitle: string | null) =>
    ({
      invitation: { id: 'inv-1', conferenceId: 'conf-1', response: 'accepted' },
      conference: { id: 'conf-1', capacity: 40, delegationQuota: 2, rsvpDeadline: null },
      contact: { id: 'contact-1', email: 'mission@example.org', fullName: 'Aziz Karimov', jobTitle, stakeholderType: 'member_state', organisation: null, country: 'UZ' },
      language: 'en',
    }) as unknown as OpenedInvitation;
  const accept = { response: 'accept' } as RsvpAnswerDto;

  it("takes the contact's job title, which the answer does not ask for", () => {
    const intent = intend({ dto: accept, actor: 'invitee', opened: opened('Ambassador'), party: null, members: [] });
    expect(intent.kind === 'accept' && intent.roster.inserts.map((i) => [i.want.isInvitee, i.want.jobTitle])).toEqual([[true, 'Ambassador']]);
  });

  it('is printed again when the title is not the one the participant holds', () => {
    const party = { status: 'accepted', places: 1, size: 1, version: 1, request: {} } as never;
    const member = { id: 'p-1', invitationId: 'inv-1', isInvitee: true, email: 'mission@example.org', fullName: 'Aziz Karimov', jobTitle: null, capacity: 'head' as const, needsVisaLetter: false, accessibilityNeeds: null, arrivalOn: null, departureOn: null };
    const intent = intend({ dto: accept, actor: 'invitee', opened: opened('Ambassador'), party, members: [member] });
    expect(intent.kind === 'accept' && intent.roster.change.relabelled).toEqual([{ id: 'p-1', fields: ['jobTitle'] }]);
    const same = intend({ dto: accept, actor: 'invitee', opened: opened(null), party, members: [member] });
    expect(same.kind === 'accept' && same.roster.change.relabelled).toEqual([]);
  });
});
