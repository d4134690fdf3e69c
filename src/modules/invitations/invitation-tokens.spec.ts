import { InvitationTokens, MAX_TOKEN_LENGTH } from './invitation-tokens';

describe('InvitationTokens', () => {
  const tokens = new InvitationTokens({ tokenSecret: 'a secret of at least sixteen characters', publicBaseUrl: 'https://convene.example.org' } as never);

  it('derives one 43-character token per invitation, the same every time, and links to it', () => {
    const token = tokens.tokenFor('5f0e8d1c-2b3a-4a4f-9d36-9a539b2f6c1e');
    expect(token).toHaveLength(43);
    expect(tokens.isWellFormed(token)).toBe(true);
    expect(tokens.tokenFor('5f0e8d1c-2b3a-4a4f-9d36-9a539b2f6c1e')).toBe(token);
    expect(tokens.tokenFor('6f0e8d1c-2b3a-4a4f-9d36-9a539b2f6c1e')).not.toBe(token);
    expect(tokens.rsvpUrl('5f0e8d1c-2b3a-4a4f-9d36-9a539b2f6c1e')).toBe(`https://convene.example.org/rsvp/${token}`);
    expect(token.length).toBeLessThan(MAX_TOKEN_LENGTH);
  });

  it('looks a well-formed token up by its hash, and a malformed one by a hash no issued token has', () => {
    const token = tokens.tokenFor('5f0e8d1c-2b3a-4a4f-9d36-9a539b2f6c1e');
    expect(tokens.lookupHash(token)).toEqual(tokens.hash(token));
    for (const malformed of ['', 'short', `${token}x`, token.replace(/.$/, '!')]) {
      expect(tokens.isWellFormed(malformed)).toBe(false);
      const lookup = tokens.lookupHash(malformed);
      expect(lookup).toHaveLength(32);
      expect(lookup).not.toEqual(tokens.hash(malformed));
    }
  });
});
