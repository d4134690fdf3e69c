import { KeyObject, createCipheriv, createDecipheriv, createSecretKey, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals subscription secrets with AES-256-GCM under a key derived from the service's token secret:
 * signing needs the secret itself, so it cannot be kept as a hash, and a copy of the database alone
 * does not reveal it.
 */
export class WebhookSecrets {
  private readonly key: KeyObject;

  constructor(tokenSecret: KeyObject) {
    this.key = createSecretKey(Buffer.from(hkdfSync('sha256', tokenSecret, 'convene', 'webhook-subscription-secrets', 32)));
  }

  seal(secret: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
  }

  open(sealed: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, IV_BYTES));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

/** A secret for a subscription registered without one: 32 random bytes, shown once. */
export const generateSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;
