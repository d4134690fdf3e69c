import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';

/**
 * Personal-link tokens. A token is the keyed hash (HMAC-SHA256, 256 bits) of its invitation id under
 * the service's token secret, so it can be rebuilt for a reminder without ever being stored; the
 * database keeps only SHA-256 of it, for lookup. Unguessable without the secret, one per invitation.
 */
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

  /** Anything that could be one of our tokens; other strings are refused before any lookup. */
  isWellFormed(token: string): boolean {
    return /^[A-Za-z0-9_-]{43}$/.test(token);
  }
}
