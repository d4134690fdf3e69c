import { createHmac, createSecretKey } from 'node:crypto';
import { signatureHeader, verifySignature } from './webhook-signature';

describe('webhook signatures', () => {
  const body = '{"id":"evt_1","type":"ping","occurredAt":"2027-01-01T00:00:00.000Z","data":{}}';

  it('signs "<t>.<raw body>" with HMAC-SHA256 in hex', () => {
    const expected = createHmac('sha256', 'secret-of-sixteen+').update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader('secret-of-sixteen+', body, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('signs the same with the secret as a key object (the opened secret the deliverer keeps)', () => {
    const key = createSecretKey(Buffer.from('secret-of-sixteen+ é', 'utf8'));
    expect(signatureHeader(key, body, 1700000000)).toBe(signatureHeader('secret-of-sixteen+ é', body, 1700000000));
    expect(signatureHeader(key, body, 1700000000)).not.toBe(signatureHeader('secret-of-sixteen+', body, 1700000000));
  });

  it('verifies its own signature and refuses a changed body, another secret or an old timestamp', () => {
    const header = signatureHeader('secret-of-sixteen+', body, 1700000000);
    expect(verifySignature('secret-of-sixteen+', body, header, 300, 1700000100)).toBe(true);
    expect(verifySignature('secret-of-sixteen+', body.replace('ping', 'pong'), header, 300, 1700000100)).toBe(false);
    expect(verifySignature('another-secret-here', body, header, 300, 1700000100)).toBe(false);
    expect(verifySignature('secret-of-sixteen+', body, header, 300, 1700000400)).toBe(false);
    expect(verifySignature('secret-of-sixteen+', body, 'v1=abc', 300, 1700000100)).toBe(false);
  });
});
