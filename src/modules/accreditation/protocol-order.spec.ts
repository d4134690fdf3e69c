import type { DirectoryCard } from '../participants';
import { protocolOrder } from './protocol-order';

const card = (over: Partial<DirectoryCard>): DirectoryCard => ({
  participantId: over.fullName ?? 'x',
  conferenceId: 'c',
  invitationId: 'i',
  status: 'confirmed',
  isInvitee: false,
  honorific: null,
  fullName: 'Someone',
  jobTitle: null,
  organisation: null,
  country: null,
  stakeholderType: 'member_state',
  capacity: 'delegate',
  needsVisaLetter: false,
  language: 'en',
  ...over,
});

describe('protocolOrder', () => {
  it('lists Member States by English short name, then the other stakeholder types in the vocabulary order, heads first', () => {
    const order = protocolOrder([
      card({ fullName: 'Sam Scholar', stakeholderType: 'academia', organisation: 'University of Leeds', country: 'GB' }),
      card({ fullName: 'Jane Smith', stakeholderType: 'regional_org', organisation: 'OSCE', country: 'AT', capacity: 'head' }),
      card({ fullName: 'Zoe Adviser', country: 'AE', capacity: 'adviser' }),
      card({ fullName: 'Hamdan Al Mazrouei', country: 'AE', capacity: 'head' }),
      card({ fullName: 'Anna Delegate', country: 'AE', capacity: 'delegate' }),
      card({ fullName: 'Ivan Petrov', country: 'BY', capacity: 'head' }),
      card({ fullName: 'Ana Costa', country: 'BR', capacity: 'head' }),
      card({ fullName: 'Amina Diallo', stakeholderType: 'international_org', organisation: 'INTERPOL', country: 'FR' }),
      card({ fullName: 'Li Wei', stakeholderType: 'civil_society', organisation: 'Amnesty', country: 'GB' }),
    ]);
    expect(order.map((d) => d.heading)).toEqual(['Belarus', 'Brazil', 'United Arab Emirates', 'INTERPOL', 'OSCE', 'Amnesty', 'University of Leeds']);
    expect(order[2].members.map((m) => [m.capacity, m.fullName])).toEqual([
      ['Head of delegation', 'Hamdan Al Mazrouei'],
      ['Delegate', 'Anna Delegate'],
      ['Adviser', 'Zoe Adviser'],
    ]);
  });
});
