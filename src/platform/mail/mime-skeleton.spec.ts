import { ParsedMail, simpleParser } from 'mailparser';
import { UN_LANGUAGES, UnLanguage } from '../http/validators';
import { buildConferenceIcs } from './conference-calendar';
import { countryName } from './mail-formatting';
import { OutgoingMail, buildMime } from './mime';
import { compileSkeleton, placeholder } from './mime-skeleton';
import { ConferenceInfo, PER_RECIPIENT, Recipient, recipientValues, renderTemplate } from './templates';

const conference: ConferenceInfo = {
  title: 'Regional Conference on Countering Terrorism with New Technologies',
  city: 'Abu Dhabi',
  country: 'AE',
  startsOn: '2020-02-04',
  endsOn: '2020-02-05',
  timezone: 'Asia/Dubai',
  partners: ['United Arab Emirates'],
};
const deadline = '2020-01-15T20:00:00Z';
const from = 'Conference Secretariat <secretariat@convene.example>';

function calendar(language: UnLanguage) {
  const ics = buildConferenceIcs({ uid: 'conference.abu-dhabi@convene.example', ...conference, countryName: countryName(language, conference.country), stamp: new Date('2019-12-01T09:00:00Z') });
  return [{ filename: 'conference.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }];
}

/** What the invitations module does: one skeleton per (conference, language, template). */
function invitationSkeleton(language: UnLanguage) {
  const rendered = renderTemplate('invitation', language, { recipient: PER_RECIPIENT, conference, rsvpUrl: placeholder('rsvpUrl'), deadline });
  return compileSkeleton({
    from,
    to: { name: placeholder('toName'), address: placeholder('toAddress') },
    messageId: placeholder('messageId'),
    language,
    ...rendered,
    attachments: calendar(language),
  });
}

interface Invitee {
  recipient: Recipient;
  address: string;
  token: string;
}

function direct(language: UnLanguage, invitee: Invitee): OutgoingMail {
  const rsvpUrl = `https://convene.example/rsvp/${invitee.token}`;
  return {
    from,
    to: { name: invitee.recipient.fullName, address: invitee.address },
    messageId: `<invitation.${invitee.token}@convene.example>`,
    language,
    ...renderTemplate('invitation', language, { recipient: invitee.recipient, conference, rsvpUrl, deadline }),
    attachments: calendar(language),
  };
}

function values(language: UnLanguage, invitee: Invitee): Record<string, string> {
  return {
    toName: invitee.recipient.fullName,
    toAddress: invitee.address,
    messageId: `<invitation.${invitee.token}@convene.example>`,
    rsvpUrl: `https://convene.example/rsvp/${invitee.token}`,
    ...recipientValues(language, invitee.recipient),
  };
}

function comparable(mail: ParsedMail) {
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  return {
    subject: mail.subject,
    from: mail.from?.value,
    to: to?.value,
    messageId: mail.messageId,
    text: mail.text,
    html: mail.html,
    language: mail.headers.get('content-language'),
    autoSubmitted: mail.headers.get('auto-submitted'),
    attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content.toString('utf8') })),
  };
}

const invitees: Invitee[] = [
  { recipient: { fullName: 'Aisha Al-Mansouri', honorific: 'H.E. Ms.' }, address: 'a.almansouri@mofa.example', token: 'tok1' },
  { recipient: { fullName: 'José Núñez & "Partners" <script>', honorific: 'Mr.' }, address: 'jose@example.org', token: 'tok2' },
  { recipient: { fullName: '王小明', gender: 'male' }, address: 'wang@example.cn', token: 'tok3' },
];

describe('MimeSkeleton', () => {
  it.each(UN_LANGUAGES)('fills to the same message buildMime makes (%s)', async (language) => {
    const skeleton = invitationSkeleton(language);
    for (const invitee of invitees) {
      const filled = await simpleParser(skeleton.fill(values(language, invitee)));
      const reference = await simpleParser(buildMime(direct(language, invitee)));
      expect(comparable(filled)).toEqual(comparable(reference));
      expect(filled.html).toContain(`https://convene.example/rsvp/${invitee.token}`);
    }
  });

  it('writes an internationalised address the way buildMime does', async () => {
    const invitee = { recipient: { fullName: 'Νίκος Παπαδόπουλος' }, address: 'νίκος@υπεξ.example', token: 'tok4' };
    const filled = await simpleParser(invitationSkeleton('en').fill(values('en', invitee)));
    const reference = await simpleParser(buildMime(direct('en', invitee)));
    expect(comparable(filled)).toEqual(comparable(reference));
    expect(comparable(filled).to).toEqual([{ name: 'Νίκος Παπαδόπουλος', address: invitee.address }]);
  });

  it('lists the placeholders it expects', () => {
    expect([...invitationSkeleton('en').placeholders].sort()).toEqual(['greeting', 'messageId', 'rsvpUrl', 'toAddress', 'toName']);
  });

  it('encodes a non-ASCII display name as RFC 2047 and keeps the whole message 7-bit', () => {
    const raw = invitationSkeleton('ar').fill(values('ar', { recipient: { fullName: 'عائشة المنصوري' }, address: 'aisha@mofa.example', token: 't' })).toString('latin1');
    expect(raw).toMatch(/^To: =\?UTF-8\?[BQ]\?/m);
    expect(raw).not.toMatch(/[^\x00-\x7f]/);
  });

  it('escapes values for HTML and leaves them as typed in the text part', async () => {
    const invitee = invitees[1];
    const raw = invitationSkeleton('en').fill(values('en', invitee));
    const parsed = await simpleParser(raw);
    expect(parsed.html).toContain('José Núñez &amp; &quot;Partners&quot; &lt;script&gt;');
    expect(parsed.html).not.toContain('<script>');
    expect(parsed.text).toContain('Dear Mr. José Núñez & "Partners" <script>,');
  });

  it('strips line breaks from values, so no header can be injected', async () => {
    const raw = invitationSkeleton('en').fill({
      ...values('en', invitees[0]),
      toName: 'Evil\r\nBcc: victim@example.org',
      messageId: '<x@convene.example>\r\nX-Injected: yes',
    });
    const parsed = await simpleParser(raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.headers.has('x-injected')).toBe(false);
    expect(raw.toString('latin1')).not.toMatch(/^(Bcc|X-Injected):/im);
  });

  it('keeps every line within 76 octets whatever the length of a value', () => {
    const long = 'Ambassador Extraordinary and Plenipotentiary '.repeat(30);
    const raw = invitationSkeleton('zh').fill({ ...values('zh', invitees[2]), greeting: long, rsvpUrl: `https://convene.example/rsvp/${'x'.repeat(500)}` });
    const longest = Math.max(...raw.toString('latin1').split('\r\n').map((line) => line.length));
    expect(longest).toBeLessThanOrEqual(78);
  });

  it('puts per-recipient placeholders in the subject and extra headers when asked', async () => {
    const skeleton = compileSkeleton({
      from,
      to: { address: placeholder('to') },
      subject: `Note for ${placeholder('who')}`,
      text: `Hello ${placeholder('who')}`,
      html: `<p>Hello ${placeholder('who')}</p>`,
      messageId: '<fixed@convene.example>',
      language: 'en',
      headers: { 'X-Recipient-Ref': placeholder('ref'), 'X-Conference': 'minsk' },
    });
    const parsed = await simpleParser(skeleton.fill({ to: 'a@example.org', who: 'Zoë', ref: 'r-1' }, { date: new Date('2019-08-01T10:00:00Z') }));
    expect(parsed.subject).toBe('Note for Zoë');
    expect(parsed.text).toBe('Hello Zoë');
    expect(parsed.headers.get('x-recipient-ref')).toBe('r-1');
    expect(parsed.headers.get('x-conference')).toBe('minsk');
    expect(parsed.date?.toISOString()).toBe('2019-08-01T10:00:00.000Z');
  });

  it('refuses a fill with a missing value, and a value that forges a MIME boundary', () => {
    const skeleton = invitationSkeleton('en');
    const { rsvpUrl: _omitted, ...missing } = values('en', invitees[0]);
    expect(() => skeleton.fill(missing)).toThrow(/rsvpUrl/);
    const boundary = /boundary="([^"]+)"/.exec(skeleton.fill(values('en', invitees[0])).toString('latin1'))![1];
    expect(() => skeleton.fill({ ...values('en', invitees[0]), greeting: `--${boundary}` })).toThrow(/boundary/);
  });

  it('refuses placeholders where every recipient gets the same bytes', () => {
    expect(() => compileSkeleton({ ...direct('en', invitees[0]), from: placeholder('from') })).toThrow(/From and attachments/);
  });
});
