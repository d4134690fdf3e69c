/**
 * What the mail platform announces: a message this service sent was refused for good, either by the
 * mail server while it was being sent or later by a delivery status notification; or a queued
 * message was given up after its last attempt. The module that sent it recognises it by the
 * Message-ID's kind and marks what it was about.
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
    /** A one-off message (mail_requests) used all its attempts without being delivered: it is not tried again. */
    'mail.failed': {
      messageId: string;
      /** As in `mail.bounced`: the Message-ID's kind and the rest of its left-hand side. */
      kind: string;
      ref: string;
      attempts: number;
      /** The last attempt's error, every address in it replaced. */
      reason: string;
    };
  }
}

/** How a bounce reads on whatever it marks: `Mail (rsvp_confirmation) bounced: 5.1.1 <the server's answer>`. */
export const bounceReason = (bounce: { kind: string; status: string; diagnostic: string | null }) =>
  `Mail (${bounce.kind}) bounced: ${bounce.status}${bounce.diagnostic ? ` ${bounce.diagnostic}` : ''}`;

/** How a given-up message reads on whatever it marks: `Mail (rsvp_confirmation) not delivered after 8 attempts: <the last error>`. */
export const failureReason = (failure: { kind: string; attempts: number; reason: string }) =>
  `Mail (${failure.kind}) not delivered after ${failure.attempts} attempt${failure.attempts === 1 ? '' : 's'}: ${failure.reason}`;
