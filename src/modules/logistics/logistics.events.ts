/** What the logistics module announces; each commits with the change it describes. */
declare module '../../platform/messaging/domain-events' {
  interface DomainEvents {
    'participant.checked_in': { conferenceId: string; participantId: string; invitationId: string; checkedInAt: string; actor: string };
  }
}

export {};
