import { loadConfig } from '../../platform/config/app-config';
import { BadgeCodes } from './badge-codes';

describe('BadgeCodes', () => {
  const config = (secret: string) => loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/x', REDIS_URL: 'redis://127.0.0.1:6379', ADMIN_API_KEY: 'a'.repeat(32), TOKEN_SECRET: secret });
  const codes = new BadgeCodes(config('s'.repeat(32)));
  const badgeId = '4f7d1c2a-0b3e-4c5d-8e9f-0a1b2c3d4e5f';

  it('reads back the badge id of a code it signed', () => {
    const code = codes.codeFor(badgeId);
    expect(code).toMatch(/^cvn1\.4f7d1c2a-0b3e-4c5d-8e9f-0a1b2c3d4e5f\.[A-Za-z0-9_-]{24}$/);
    expect(codes.badgeIdOf(code)).toBe(badgeId);
  });

  it('refuses codes signed with another secret, altered, truncated or malformed', () => {
    const code = codes.codeFor(badgeId);
    expect(new BadgeCodes(config('t'.repeat(32))).badgeIdOf(code)).toBeNull();
    expect(codes.badgeIdOf(code.replace('4f7d', '4f7e'))).toBeNull();
    expect(codes.badgeIdOf(code.slice(0, -1))).toBeNull();
    expect(codes.badgeIdOf(`${code}.x`)).toBeNull();
    for (const bad of ['', 'cvn1', 'cvn1..', 'abc.def.ghi', badgeId]) expect(codes.badgeIdOf(bad)).toBeNull();
  });
});
