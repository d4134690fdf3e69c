/** What the logistics module announces; each commits with the change it describes. */
declare module '../../platform/messaging/domain-events' {
  interface DomainEvents {
    'logistics.ready': { conferenceId: string; at: string };
  }
}

export {};
