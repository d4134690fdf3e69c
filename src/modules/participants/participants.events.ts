import type { DelegateCapacity } from '../../platform/mail/i18n/catalogue';
import type { BadgeField } from './roster';

/** What the participants module announces, for accreditation, reports and reminders; each commits with the answer that caused it. */
declare module '../../platform/messaging/domain-events' {
  interface DomainEvents {
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
    };
    /** A confirmed participant's printed details changed, through an answer or the contact invited (accreditation prints the badge again, and a visa letter that prints them). */
    'participant.updated': {
      conferenceId: string;
      invitationId: string;
      participantId: string;
      fields: BadgeField[];
    };
    /** A confirmed participant who had not asked for a visa letter asks for one in a later answer (accreditation produces it). */
    'participant.visa_letter_requested': {
      conferenceId: string;
      invitationId: string;
      participantId: string;
    };
    /** The secretariat rejected a delegation's document; the delegation may upload another. */
    'credential.rejected': {
      credentialId: string;
      conferenceId: string;
      invitationId: string;
      reason: string;
    };
  }
}

export {};
