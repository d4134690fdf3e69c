/**
 * What the answer path announces, for logistics, reports and reminders to react to. Each answer's
 * events commit with the answer. `version` counts the changes of one invitation's answer.
 */
declare module '../../platform/messaging/domain-events' {
  interface DomainEvents {
    'rsvp.accepted': { conferenceId: string; invitationId: string; version: number; partySize: number; participantIds: string[]; viaOffer: boolean };
    'rsvp.declined': { conferenceId: string; invitationId: string; version: number; placesFreed: number };
    'rsvp.waitlisted': { conferenceId: string; invitationId: string; version: number; partySize: number; position: number };
  }
}

export {};
