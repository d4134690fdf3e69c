/** What the bounces module announces: a report about a message this service sent, for its owner to match. */
declare module '../../platform/messaging/domain-events' {
  interface DomainEvents {
    'mail.bounced': {
      /** The Message-ID as the service built it: `<kind.id@host>`. */
      messageId: string;
      /** Its left-hand side before the first dot (invitation, reminder-…, rsvp_confirmation…). */
      kind: string;
      /** The rest of the left-hand side: the id the message is about. */
      ref: string;
      action: string;
      status: string;
      /** The remote server's answer, every address in it replaced. */
      diagnostic: string | null;
      permanent: boolean;
    };
  }
}

export {};
