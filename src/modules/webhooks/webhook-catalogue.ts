import { DomainEvent, DomainEventType, DomainEvents } from '../../platform/messaging/domain-events';
import type {} from '../places';
import type {} from '../answers';
import type {} from '../invitations';
import type {} from '../accreditation';
import type {} from '../reports';

/** The event types a subscription may ask for (SPEC §4); some are produced by modules still to come. */
export const PUBLIC_EVENT_TYPES = [
  'conference.transitioned',
  'wave.completed',
  'rsvp.answered',
  'waitlist.offered',
  'invitation.bounced',
  'badge.issued',
  'badge.revoked',
  'visa_letter.issued',
  'participant.checked_in',
  'report.generated',
  'report.submitted',
  'summit.ready',
] as const;
export type PublicEventType = (typeof PUBLIC_EVENT_TYPES)[number];

/** Sent by POST /api/webhooks/:id/test only; never subscribed to. */
export const PING = 'ping';

interface Published {
  type: PublicEventType;
  data: object;
}

type Mapping<T extends DomainEventType> = (data: DomainEvents[T]) => Published;

const as =
  <T extends DomainEventType>(type: PublicEventType, shape: (data: DomainEvents[T]) => object = (data) => data): Mapping<T> =>
  (data) => ({ type, data: shape(data) });

/**
 * The one place internal domain events become public webhook events: one line per internal type.
 * A module that adds a public event adds its line here (and its type above, if new).
 */
const CATALOGUE: { [T in DomainEventType]?: Mapping<T> } = {
  'conference.transitioned': as('conference.transitioned'),
  'wave.completed': as('wave.completed'),
  'rsvp.accepted': as('rsvp.answered', (d) => ({ conferenceId: d.conferenceId, invitationId: d.invitationId, response: 'accepted', partySize: d.partySize, viaOffer: d.viaOffer })),
  'rsvp.declined': as('rsvp.answered', (d) => ({ conferenceId: d.conferenceId, invitationId: d.invitationId, response: 'declined' })),
  'rsvp.waitlisted': as('rsvp.answered', (d) => ({ conferenceId: d.conferenceId, invitationId: d.invitationId, response: 'waitlisted', partySize: d.partySize, position: d.position })),
  'waitlist.promoted': as('waitlist.offered', (d) => ({ conferenceId: d.conferenceId, invitationId: d.invitationId, places: d.places, offerExpiresAt: d.offerExpiresAt })),
  'invitation.bounced': as('invitation.bounced'),
  'badge.issued': as('badge.issued'),
  'badge.revoked': as('badge.revoked'),
  'visa_letter.issued': as('visa_letter.issued'),
  'participant.checked_in': as('participant.checked_in', (d) => ({ conferenceId: d.conferenceId, participantId: d.participantId, invitationId: d.invitationId, checkedInAt: d.checkedInAt })),
  'report.generated': as('report.generated'),
  'report.submitted': as('report.submitted'),
  'summit.ready': as('summit.ready'),
};

/** The internal types that feed webhooks, for the domain-event handler's registration. */
export const CATALOGUED_DOMAIN_EVENTS = Object.keys(CATALOGUE) as DomainEventType[];

/** The public form of an internal event, or null when it is not published to webhooks. */
export function publicEvent(event: DomainEvent): Published | null {
  const mapping = CATALOGUE[event.type] as Mapping<DomainEventType> | undefined;
  return mapping ? mapping(event.data) : null;
}
