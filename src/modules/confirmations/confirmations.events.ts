import type { DelegateCapacity } from '../../platform/mail/i18n/catalogue';

/**
 * What the confirmations module announces, for logistics, reports and reminders to react to. Each
 * answer's events commit with the answer. `version` counts the changes of one invitation's answer.
 */
declare module '../../platform/messaging/domain-events' {
  interface DomainEvents {
    'rsvp.accepted': { conferenceId: string; invitationId: string; version: number; partySize: number; participantIds: string[]; viaOffer: boolean };
    'rsvp.declined': { conferenceId: string; invitationId: string; version: number; placesFreed: number };
    'rsvp.waitlisted': { conferenceId: string; invitationId: string; version: number; partySize: number; position: number };
    'participant.confirmed': {
      conferenceId: string;
      invitationId: string;
      participantId: string;
      capacity: DelegateCapacity;
      isInvitee: boolean;
      needsVisaLetter: boolean;
      substitutes: string | null;
    };
    'participant.cancelled': {
      conferenceId: string;
      invitationId: string;
      participantId: string;
      reason: 'declined' | 'removed' | 'substituted';
      badgeRevoked: boolean;
    };
    'waitlist.promoted': { conferenceId: string; invitationId: string; places: number; offerNo: number; offerExpiresAt: string };
    /** An offer that was not confirmed in time; its places pass to the next parties. */
    'waitlist.offer_lapsed': { conferenceId: string; invitationId: string; offerNo: number; placesFreed: number };
  }
}

export {};
