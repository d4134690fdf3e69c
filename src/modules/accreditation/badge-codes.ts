import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';

const PREFIX = 'cvn1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The text of a badge's QR code: the badge's own random id (new at each reissue, never the
 * participant's) signed with the token secret, so a forged code is refused before any lookup.
 */
@Injectable()
export class BadgeCodes {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  codeFor(badgeId: string): string {
    return `${PREFIX}.${badgeId}.${this.signature(badgeId).toString('base64url')}`;
  }

  /** The badge id a genuine code names, or null. */
  badgeIdOf(code: string): string | null {
    const [prefix, badgeId, signature, ...rest] = code.split('.');
    if (prefix !== PREFIX || rest.length || !badgeId || !signature || !UUID.test(badgeId)) return null;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.signature(badgeId);
    return given.length === expected.length && timingSafeEqual(given, expected) ? badgeId : null;
  }

  /** What a badge printed before badges had ids of their own is looked up by: its code's hash (logistics_badges.legacy_code_hash). */
  legacyHashOf(code: string): Buffer {
    return hash('sha256', code, 'buffer');
  }

  private signature(badgeId: string): Buffer {
    return createHmac('sha256', this.config.tokenSecret).update(`badge:${badgeId}`).digest().subarray(0, 18);
  }
}
