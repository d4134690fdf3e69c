/**
 * What the mail platform announces: a message this service sent was refused for good, either by the
 * mail server while it was being sent or later by a delivery status notification. The module that
 * sent it recognises it by the Message-ID's kind and marks what it was about.
 */
declare module '../messaging/domain-events' {
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
      /** `sending`: the SMTP server refused it as it was sent; `report`: a delivery status notification said so later. */
      source?: 'sending' | 'report';
    };
  }
}

/** How a bounce reads on whatever it marks: `Mail (rsvp_confirmation) bounced: 5.1.1 <the server's answer>`. */
export const bounceReason = (bounce: { kind: string; status: string; diagnostic: string | null }) =>
  `Mail (${bounce.kind}) bounced: ${bounce.status}${bounce.diagnostic ? ` ${bounce.diagnostic}` : ''}`;
