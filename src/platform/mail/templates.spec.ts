import { UN_LANGUAGES, UnLanguage } from '../http/validators';
import { MAIL_KINDS, MailKind, MailVars, PER_RECIPIENT, chooseLanguage, greetingForm, recipientValues, renderTemplate } from './templates';

const conference = {
  title: 'Regional Conference on Countering Terrorism with New Technologies',
  city: 'Port of Spain',
  country: 'TT',
  startsOn: '2019-10-22',
  endsOn: '2019-10-23',
  timezone: 'America/Port_of_Spain',
  venueName: 'Hyatt Regency',
  partners: ['CARICOM', 'Trinidad and Tobago'],
};
const recipient = { fullName: 'Keisha Baptiste', honorific: 'Ms.' };
const rsvpUrl = 'https://convene.example/rsvp/3f9a';

const fullVars: { [K in MailKind]: MailVars[K] } = {
  invitation: { recipient, conference, rsvpUrl, deadline: '2019-09-16T03:59:00Z' },
  rsvp_confirmation: {
    recipient,
    conference,
    rsvpUrl,
    deadline: '2019-09-16T03:59:00Z',
    delegates: [
      { fullName: 'Marcus Lee', capacity: 'delegate' },
      { fullName: 'Ana Ruiz', capacity: 'adviser' },
    ],
  },
  waitlisted: { recipient, conference, rsvpUrl, position: 3 },
  waitlist_offer: { recipient, conference, rsvpUrl, offerExpiresAt: '2019-09-20T16:00:00Z' },
  decline_acknowledgement: { recipient, conference, rsvpUrl, deadline: '2019-09-16T03:59:00Z' },
  reminder_non_responder: { recipient, conference, rsvpUrl, deadline: '2019-09-16T03:59:00Z' },
  reminder_participant: {
    recipient,
    conference,
    rsvpUrl,
    venue: { name: 'Hyatt Regency Trinidad', address: '1 Wrightson Road, Port of Spain' },
    rooms: ['Ballroom A', 'Salon 3'],
    firstSession: { title: 'Opening plenary', startsAt: '2019-10-22T13:00:00Z', room: 'Ballroom A' },
    visaLetter: 'issued',
    badge: 'pending',
  },
  cancellation_notice: { recipient, conference, reason: 'Force majeure: a hurricane warning for the host city.' },
};

const cases = MAIL_KINDS.flatMap((kind) => UN_LANGUAGES.map((language) => [kind, language] as const));

describe('renderTemplate', () => {
  it.each(cases)('%s renders completely in %s', (kind, language) => {
    const mail = renderTemplate(kind, language, fullVars[kind] as never);
    for (const part of [mail.subject, mail.text, mail.html]) {
      expect(part).not.toMatch(/\{[A-Za-z]+\}/);
      expect(part).not.toMatch(/undefined|null|NaN|\[object/);
    }
    expect(mail.subject).toContain(conference.title);
    expect(mail.text).toContain(conference.title);
    expect(mail.html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${language}" dir="(ltr|rtl)">`));
    expect(mail.html).toMatch(/<\/html>\n$/);
    if (kind !== 'cancellation_notice') expect(mail.text).toContain(rsvpUrl);
  });

  it.each(UN_LANGUAGES)('translates every sentence into %s (no English left behind)', (language) => {
    if (language === 'en') return;
    const english = renderTemplate('invitation', 'en', fullVars.invitation);
    const translated = renderTemplate('invitation', language, fullVars.invitation);
    expect(translated.text).not.toContain('The Secretariat has the honour');
    expect(translated.subject).not.toBe(english.subject);
  });

  it('writes Arabic right to left, aligned right, with values isolated', () => {
    const { html, text } = renderTemplate('invitation', 'ar', fullVars.invitation);
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('text-align:right');
    expect(html).not.toContain('text-align:left');
    expect(html).toContain('<bdi>Port of Spain</bdi>');
    expect(text).toContain('ترينيداد وتوباغو');
  });

  it('formats dates in the language and the conference time zone, and names the country in the language', () => {
    const fr = renderTemplate('invitation', 'fr', fullVars.invitation);
    expect(fr.text).toContain('du 22 octobre 2019 au 23 octobre 2019');
    expect(fr.text).toContain('Trinité-et-Tobago');
    // 03:59 UTC is 23:59 the evening before in Port of Spain (UTC-4).
    expect(fr.text).toContain('15 septembre 2019 à 23:59 UTC−4');
    const zh = renderTemplate('invitation', 'zh', fullVars.invitation);
    expect(zh.text).toContain('2019年10月22日至2019年10月23日');
    expect(zh.text).toContain('特立尼达和多巴哥');
    const en = renderTemplate('invitation', 'en', fullVars.invitation);
    expect(en.text).toContain('15 September 2019 at 23:59 GMT-4');
    expect(en.text).toContain('Trinidad and Tobago');
  });

  it('escapes every value in the HTML part and none in the text part', () => {
    const hostile = { ...conference, title: 'Tom & Jerry <img src=x onerror=alert(1)> "summit"', venueName: '<b>Hall</b>' };
    const mail = renderTemplate('invitation', 'en', {
      recipient: { fullName: '<script>alert(1)</script>', honorific: 'Dr.' },
      conference: hostile,
      rsvpUrl: 'https://convene.example/rsvp/a?x=1&y="2"',
      deadline: '2019-09-16T03:59:00Z',
    });
    expect(mail.html).not.toMatch(/<script>|<img|<b>Hall/);
    expect(mail.html).toContain('Tom &amp; Jerry &lt;img src=x onerror=alert(1)&gt; &quot;summit&quot;');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('href="https://convene.example/rsvp/a?x=1&amp;y=&quot;2&quot;"');
    expect(mail.text).toContain('Dear Dr. <script>alert(1)</script>,');
    expect(mail.subject).toBe(`Invitation: ${hostile.title}`);
  });

  it('shows only the practical information that is known', () => {
    const bare = renderTemplate('reminder_participant', 'en', { recipient, conference });
    expect(bare.text).toContain('The Secretariat will send you practical information shortly.');
    expect(bare.text).not.toMatch(/Visa|Badge|First session/);
    const full = renderTemplate('reminder_participant', 'en', fullVars.reminder_participant);
    expect(full.text).toContain('First session: Opening plenary, 22 October 2019 at 09:00 GMT-4, Ballroom A');
    expect(full.text).toContain('Letter in support of a visa application: issued');
    expect(full.text).toContain('Conference badge: in preparation');
  });

  it('lists the delegates in a confirmation, and only when there are some', () => {
    const withDelegates = renderTemplate('rsvp_confirmation', 'es', fullVars.rsvp_confirmation);
    expect(withDelegates.text).toContain('- Marcus Lee, Delegado/a');
    expect(withDelegates.html).toContain('<li>Ana Ruiz, Asesor/a</li>');
    const alone = renderTemplate('rsvp_confirmation', 'es', { ...fullVars.rsvp_confirmation, delegates: [] });
    expect(alone.text).not.toContain('Miembros de su delegación');
  });

  it('tells a waitlisted party its position and an offered party its deadline', () => {
    expect(renderTemplate('waitlisted', 'ru', fullVars.waitlisted).text).toContain('под номером 3');
    expect(renderTemplate('waitlist_offer', 'en', fullVars.waitlist_offer).text).toContain('by 20 September 2019 at 12:00 GMT-4');
  });

  it('leaves the salutation as a placeholder for skeletons and fills it per recipient', () => {
    const skeleton = renderTemplate('invitation', 'zh', { ...fullVars.invitation, recipient: PER_RECIPIENT });
    expect(skeleton.text).toContain('\uE000greeting\uE001');
    expect(recipientValues('zh', { fullName: '李华', gender: 'female' })).toEqual({ greeting: '尊敬的李华女士：' });
  });
});

describe('salutations', () => {
  const greet = (language: UnLanguage, r: { fullName: string; honorific?: string; gender?: string }) => recipientValues(language, r).greeting;

  it('reads an excellency and a gender from the honorific', () => {
    expect(greetingForm({ fullName: 'A', honorific: 'H.E. Ms.' })).toMatchObject({ excellency: true, gender: 'female' });
    expect(greetingForm({ fullName: 'A', honorific: 'Mr' })).toMatchObject({ excellency: false, gender: 'male' });
    expect(greetingForm({ fullName: 'A', honorific: 'Dr.' })).toMatchObject({ excellency: false, gender: undefined });
    expect(greetingForm({ fullName: 'A', honorific: 'Dr.', gender: 'female' })).toMatchObject({ gender: 'female' });
  });

  it('follows each language’s letter conventions', () => {
    expect(greet('en', { fullName: 'Jane Doe', honorific: 'H.E. Ms.' })).toBe('Dear H.E. Ms. Jane Doe,');
    expect(greet('en', { fullName: 'Jane Doe' })).toBe('Dear Jane Doe,');
    expect(greet('fr', { fullName: 'Jeanne Dupont', honorific: 'Mme' })).toBe('Madame,');
    expect(greet('fr', { fullName: 'Jean Dupont', honorific: 'S.E. M.' })).toBe('Excellence,');
    expect(greet('fr', { fullName: 'Camille Dupont' })).toBe('Madame, Monsieur,');
    expect(greet('es', { fullName: 'Ana Ruiz', honorific: 'Sra.' })).toBe('Estimada señora Ana Ruiz:');
    expect(greet('ru', { fullName: 'Иван Петров', honorific: 'Mr.' })).toBe('Уважаемый господин Иван Петров!');
    expect(greet('ar', { fullName: 'Ahmed Saleh', honorific: 'H.E. Mr.' })).toBe('صاحب السعادة Ahmed Saleh المحترم،');
    expect(greet('zh', { fullName: 'Wang Wei', honorific: 'H.E.' })).toBe('尊敬的Wang Wei阁下：');
  });
});

describe('chooseLanguage', () => {
  it('uses the contact’s language when the conference works in it, else English', () => {
    expect(chooseLanguage('fr', ['en', 'fr'])).toBe('fr');
    expect(chooseLanguage('ar', ['en', 'ru'])).toBe('en');
    expect(chooseLanguage('RU', ['en', 'ru'])).toBe('ru');
    expect(chooseLanguage(null, ['fr'])).toBe('en');
    expect(chooseLanguage('de', ['de', 'en'])).toBe('en');
  });
});
