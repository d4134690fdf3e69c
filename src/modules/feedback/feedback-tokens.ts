import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { InvitationTokens } from '../invitations';

/**
 * Personal feedback links, by the RSVP link's rules: the keyed hash of the participant id under the
 * token secret (rebuilt, never stored), looked up by its SHA-256, and every unknown or malformed
 * token costs the same lookup (InvitationTokens.lookupHash).
 */
@Injectable()
export class FeedbackTokens {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: InvitationTokens,
  ) {}

  tokenFor(participantId: string): string {
    return createHmac('sha256', this.config.tokenSecret).update(`feedback:${participantId}`).digest('base64url');
  }

  hashFor(participantId: string): Buffer {
    return this.tokens.hash(this.tokenFor(participantId));
  }

  lookupHash(token: string): Buffer {
    return this.tokens.lookupHash(token);
  }

  feedbackUrl(participantId: string): string {
    return `${this.config.publicBaseUrl}/feedback/${this.tokenFor(participantId)}`;
  }
}
