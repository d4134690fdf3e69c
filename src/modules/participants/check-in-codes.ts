import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';

/** The check-in code a badge's QR code carries: derivable from the participant id with the token secret, stored only as a hash. */
@Injectable()
export class CheckInCodes {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  codeFor(participantId: string): string {
    return createHmac('sha256', this.config.tokenSecret).update(`check-in:${participantId}`).digest('base64url');
  }

  hashOf(code: string): Buffer {
    return hash('sha256', code, 'buffer');
  }
}
