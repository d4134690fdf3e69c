/** What the feedback module announces; each commits with the change it describes. */
declare module '../../platform/messaging/domain-events' {
  interface DomainEvents {
    'feedback.received': { conferenceId: string; participantId: string; rating: number; changed: boolean };
  }
}

export {};
