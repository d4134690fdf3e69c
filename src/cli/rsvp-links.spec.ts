import { recipientOf, rsvpTokensIn } from './rsvp-links';

const token = 'A'.repeat(20) + '-_' + 'b'.repeat(21);

describe('RSVP links in the outbox', () => {
  it('finds the link of a quoted-printable message once, across soft line breaks and escapes', () => {
    const message = [
      'To: "H.E. Ms. Olga Petrova" <Olga.Petrova@mission-by.example.org>',
      'Subject: Invitation',
      '',
      `Answer here: http://127.0.0.1:3000/rsvp/${token.slice(0, 30)}=`,
      `${token.slice(30)}`,
      `<a href=3D"http://127.0.0.1:3000/rsvp/${token}">Answer</a>`,
    ].join('\r\n');
    expect(rsvpTokensIn(message)).toEqual([token]);
    expect(recipientOf(message)).toBe('olga.petrova@mission-by.example.org');
  });

  it('ignores what is not a whole token and reads a bare To: address', () => {
    expect(rsvpTokensIn(`/rsvp/${token}x and /rsvp/short`)).toEqual([]);
    expect(recipientOf('To: a@b.example.org\r\n\r\nTo: c@d.example.org')).toBe('a@b.example.org');
    expect(recipientOf('Subject: none\r\n\r\nbody')).toBeNull();
  });
});
