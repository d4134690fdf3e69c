/**
 * A send that did not go through. The message says what the server answered, with every e-mail
 * address replaced (these errors reach logs and job records, which hold no personal data).
 */
export abstract class MailDeliveryError extends Error {
  /** True when sending the same message again would be refused again (5xx); false means retry later. */
  abstract readonly permanent: boolean;

  constructor(
    message: string,
    /** The SMTP reply code, when the server gave one. */
    readonly responseCode?: number,
    /** nodemailer's error code (ECONNECTION, EENVELOPE, …), when there was one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Refused for good (5xx, or an envelope the server can never accept): mark the message failed/bounced. */
export class MailRejectedError extends MailDeliveryError {
  readonly permanent = true;
}

/** Refused for now (4xx, greylisting, connection or timeout): retry with back-off. */
export class MailTemporaryError extends MailDeliveryError {
  readonly permanent = false;
}

export { redactAddresses } from '../observability/loggable-error';
