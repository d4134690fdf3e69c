import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';

/**
 * Personal-link tokens. A token is the keyed hash (HMAC-SHA256, 256 bits) of its invitation id under
 * the service's token secret, so it can be rebuilt for a reminder without ever being stored; the
 * database keeps only SHA-256 of it, for lookup. Unguessable without the secret, one per invitation.
 */
/** A token is 32 bytes in base64url: 43 characters of this alphabet. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Longer than any token issued: a path parameter this long is refused by the router itself (its
 * maxParamLength) and the RSVP hook answers it as an unknown link.
 */
export const MAX_TOKEN_LENGTH = 96;

@Injectable()
export class InvitationTokens {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  tokenFor(invitationId: string): string {
    return createHmac('sha256', this.config.tokenSecret).update(`invitation:${invitationId}`).digest('base64url');
  }

  hash(token: string): Buffer {
    return hash('sha256', token, 'buffer');
  }

  rsvpUrl(invitationId: string): string {
    return this.linkFor(this.tokenFor(invitationId));
  }

  /** The personal RSVP link of a token already computed. */
  linkFor(token: string): string {
    return `${this.config.publicBaseUrl}/rsvp/${token}`;
  }

  /** Anything that could be one of our tokens. */
  isWellFormed(token: string): boolean {
    return TOKEN_PATTERN.test(token);
  }

  /**
   * The hash a link is looked up by. A malformed token is looked up as the hash of its own hash,
   * which no issued token has: every unknown link costs the same lookup and gets the same answer.
   */
  lookupHash(token: string): Buffer {
    return this.hash(this.isWellFormed(token) ? token : hash('sha256', token, 'base64url'));
  }
}
