import { DomainEvent } from '../../platform/messaging/domain-events';
import { CATALOGUED_DOMAIN_EVENTS, PUBLIC_EVENT_TYPES, publicEvent } from './webhook-catalogue';

const event = (type: string, data: object) => ({ id: '7', type, aggregateId: 'x', occurredAt: '2027-01-01T00:00:00.000Z', data }) as DomainEvent;

describe('the webhook event catalogue', () => {
  it('publishes the internal answers as one public rsvp.answered', () => {
    expect(publicEvent(event('rsvp.accepted', { conferenceId: 'c', invitationId: 'i', version: 1, partySize: 2, participantIds: ['p'], viaOffer: false }))).toEqual({
      type: 'rsvp.answered',
      data: { conferenceId: 'c', invitationId: 'i', response: 'accepted', partySize: 2, viaOffer: false },
    });
    expect(publicEvent(event('rsvp.declined', { conferenceId: 'c', invitationId: 'i', version: 2, placesFreed: 1 }))).toEqual({
      type: 'rsvp.answered',
      data: { conferenceId: 'c', invitationId: 'i', response: 'declined' },
    });
    expect(publicEvent(event('waitlist.promoted', { conferenceId: 'c', invitationId: 'i', places: 1, offerNo: 1, offerExpiresAt: 'z' }))?.type).toBe('waitlist.offered');
  });

  it('keeps internal events to itself unless they are mapped, and maps only to public types', () => {
    expect(publicEvent(event('invitation.sent', { conferenceId: 'c', waveId: 'w', invitationIds: [] }))).toBeNull();
    expect(CATALOGUED_DOMAIN_EVENTS).toEqual(expect.arrayContaining(['conference.transitioned', 'wave.completed', 'invitation.bounced']));
    for (const type of CATALOGUED_DOMAIN_EVENTS) {
      expect(PUBLIC_EVENT_TYPES).toContain(publicEvent(event(type, {}))!.type);
    }
  });
});
