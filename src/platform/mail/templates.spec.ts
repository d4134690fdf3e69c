import { UN_LANGUAGES, UnLanguage } from '../http/validators';
import { localeOf } from './mail-formatting';
import { CATALOGUES, MAIL_KINDS, MailKind, MailVars, PER_RECIPIENT, chooseLanguage, greetingForm, recipientValues, renderTemplate } from './templates';

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
  postponement_notice: { recipient, conference, reason: 'The host city’s venue is under repair.' },
  cancellation_notice: { recipient, conference, reason: 'Force majeure: a hurricane warning for the host city.' },
  credentials_rejected: { recipient, conference, reason: 'The note verbale is not signed.', rsvpUrl, deadline: '2019-09-16T03:59:00Z' },
  thank_you: { recipient, conference, feedbackUrl: rsvpUrl },
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
    if (kind !== 'cancellation_notice' && kind !== 'postponement_notice') expect(mail.text).toContain(rsvpUrl);
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
    expect(fr.text).toContain('15 septembre 2019 à 23:59 heure normale de l’Atlantique');
    expect(fr.text).toMatch(/Heure locale\s:\sheure normale de l’Atlantique \(Port of Spain, UTC−04:00\)/);
    expect(fr.text).not.toContain('America/Port_of_Spain');
    const zh = renderTemplate('invitation', 'zh', fullVars.invitation);
    expect(zh.text).toContain('2019年10月22日至2019年10月23日');
    expect(zh.text).toContain('特立尼达和多巴哥');
    const en = renderTemplate('invitation', 'en', fullVars.invitation);
    expect(en.text).toContain('15 September 2019 at 23:59 Atlantic Standard Time');
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
    expect(full.text).toContain('First session: Opening plenary, 22 October 2019 at 09:00 Atlantic Standard Time, Ballroom A');
    expect(full.text).toContain('Letter in support of a visa application: issued');
    expect(full.text).toContain('Conference badge: in preparation');
  });

  it('lists the delegates in a confirmation, and only when there are some', () => {
    const withDelegates = renderTemplate('rsvp_confirmation', 'es', fullVars.rsvp_confirmation);
    expect(withDelegates.text).toContain('- Marcus Lee, Delegado/a');
    expect(withDelegates.html).toContain('<li><bdi>Ana Ruiz, Asesor/a</bdi></li>');
    const alone = renderTemplate('rsvp_confirmation', 'es', { ...fullVars.rsvp_confirmation, delegates: [] });
    expect(alone.text).not.toContain('Miembros de su delegación');
  });

  it('tells a waitlisted party its position and an offered party its deadline', () => {
    expect(renderTemplate('waitlisted', 'ru', fullVars.waitlisted).text).toContain('под номером 3');
    expect(renderTemplate('waitlist_offer', 'en', fullVars.waitlist_offer).text).toContain('by 20 September 2019 at 12:00 Atlantic Standard Time');
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
    expect(greet('ar', { fullName: 'Ahmed Saleh', honorific: 'H.E. Mr.' })).toBe('صاحب السعادة \u2068Ahmed Saleh\u2069 المحترم،');
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

describe('every mail kind in the six languages, as an invitee reads it', () => {
  const TITLES: Record<UnLanguage, { title: string; city: string; venue: string }> = {
    en: { title: 'Regional Conference on Countering Terrorism with New Technologies — Abu Dhabi', city: 'Abu Dhabi', venue: 'Abu Dhabi National Exhibition Centre' },
    fr: { title: 'Conférence régionale sur la lutte contre le terrorisme au moyen des nouvelles technologies — Abou Dhabi', city: 'Abou Dhabi', venue: 'Centre national des expositions d’Abou Dhabi' },
    es: { title: 'Conferencia regional sobre la lucha contra el terrorismo mediante las nuevas tecnologías — Abu Dabi', city: 'Abu Dabi', venue: 'Centro Nacional de Exposiciones de Abu Dabi' },
    ru: { title: 'Региональная конференция по противодействию терроризму с использованием новых технологий — Абу-Даби', city: 'Абу-Даби', venue: 'Национальный выставочный центр Абу-Даби' },
    zh: { title: '利用新技术打击恐怖主义区域会议——阿布扎比', city: '阿布扎比', venue: '阿布扎比国家展览中心' },
    ar: { title: 'المؤتمر الإقليمي لمكافحة الإرهاب باستخدام التكنولوجيات الجديدة — أبوظبي', city: 'أبوظبي', venue: 'مركز أبوظبي الوطني للمعارض' },
  };
  const secretariat = { name: 'UNOCT Conference Secretariat', email: 'ct-conferences@example.org', phone: '+1 212 963 1234' };
  const varsIn = (language: UnLanguage, kind: MailKind) => {
    const texts = TITLES[language];
    const conference = {
      title: texts.title,
      city: texts.city,
      venueName: texts.venue,
      country: 'AE',
      startsOn: '2027-03-17',
      endsOn: '2027-03-18',
      timezone: 'Asia/Dubai',
      partners: ['United Arab Emirates'],
      deadlineDate: '2027-02-20',
      secretariat,
    };
    const deadline = '2027-02-20T19:59:59.999Z';
    return { ...fullVars[kind], conference, ...('deadline' in fullVars[kind] ? { deadline } : {}), recipient: { fullName: 'Hamdan Al Mazrouei', honorific: 'H.E. Mr.' } } as never;
  };
  /** The fixed words of an English sentence (between its slots), long enough to be a sentence's own. */
  const englishFragments = (kind: MailKind): string[] => {
    const t = CATALOGUES.en.kinds[kind] as Record<string, string | string[]>;
    return Object.values(t)
      .flat()
      .flatMap((sentence) => sentence.split(/\{[A-Za-z]+\}/))
      .map((piece) => piece.trim())
      .filter((piece) => piece.length >= 14);
  };
  const longDate = (language: UnLanguage) => new Intl.DateTimeFormat(localeOf(language), { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date('2027-02-20T12:00:00Z'));
  const SHOWS_DEADLINE: MailKind[] = ['invitation', 'reminder_non_responder', 'rsvp_confirmation', 'decline_acknowledgement'];

  it.each(cases)('%s in %s: its language, direction, own title, date style, no zone id, no English left, the secretariat', (kind, language) => {
    const mail = renderTemplate(kind, language, varsIn(language, kind));
    const rtl = language === 'ar';
    expect(mail.html).toContain(`<html lang="${language}" dir="${rtl ? 'rtl' : 'ltr'}">`);
    const title = TITLES[language].title;
    expect(mail.subject).toContain(rtl ? `\u2068${title}\u2069` : title);
    expect(mail.text).toContain(title);
    expect(mail.html).toContain(`<bdi>${title.replace(/’/g, '’')}</bdi>`);
    for (const part of [mail.subject, mail.text, mail.html]) {
      expect(part).not.toMatch(/\{[A-Za-z]+\}/);
      expect(part).not.toContain('Asia/Dubai');
      expect(part).not.toMatch(/undefined|null|NaN|\[object/);
    }
    if (language !== 'en') {
      expect(mail.text).not.toContain(TITLES.en.title);
      for (const fragment of englishFragments(kind)) expect(mail.text).not.toContain(fragment);
    }
    if (SHOWS_DEADLINE.includes(kind)) {
      expect(mail.text).toContain(longDate(language));
      // A date-only deadline is that day, never the next midnight.
      expect(mail.text).not.toMatch(/21 February|21 février|21 de febrero|21 февраля|2月21日|00:00/);
    }
    expect(mail.text).toContain(secretariat.email);
    expect(mail.text).toContain(secretariat.phone);
  });

  it('names the conference zone in the reader’s language with its city, and the reader’s own zone beside it', () => {
    const vars = { ...(varsIn('fr', 'invitation') as object), readerTimeZone: 'Europe/Paris' } as never;
    const fr = renderTemplate('invitation', 'fr', vars);
    expect(fr.text).toMatch(/Heure locale\s:\s\u2068?heure (normale )?du Golfe\u2069? \(Abou Dhabi, UTC\+04:00\)/);
    expect(fr.text).toMatch(/Votre fuseau horaire\s:\sheure normale d’Europe centrale \(UTC\+01:00\)/);
    const offer = renderTemplate('waitlist_offer', 'en', { ...(varsIn('en', 'waitlist_offer') as object), offerExpiresAt: '2027-02-22T12:00:00Z', readerTimeZone: 'America/New_York' } as never);
    expect(offer.text).toContain('22 February 2027 at 16:00 Gulf Standard Time (22 February 2027 at 07:00 Eastern Standard Time)');
    const sameTime = renderTemplate('invitation', 'en', { ...(varsIn('en', 'invitation') as object), readerTimeZone: 'Asia/Muscat' } as never);
    expect(sameTime.text).not.toContain('Your time zone');
  });

  it('isolates an Arabic name in a French mail and a Latin title in an Arabic one, in plain text', () => {
    const french = renderTemplate('rsvp_confirmation', 'fr', { ...(varsIn('fr', 'rsvp_confirmation') as object), delegates: [{ fullName: 'فاطمة الكعبي', capacity: 'delegate' }] } as never);
    expect(french.text).toContain('- \u2068فاطمة الكعبي, Délégué(e)\u2069'.replace(', Délégué(e)', `${CATALOGUES.fr.listSeparator}${CATALOGUES.fr.capacities.delegate}`));
    expect(french.html).toContain('<li><bdi>فاطمة الكعبي');
    const arabic = renderTemplate('invitation', 'ar', { ...(varsIn('ar', 'invitation') as object), conference: { ...fullVars.invitation.conference, timezone: 'Asia/Dubai', secretariat } } as never);
    expect(arabic.subject).toContain(`\u2068${fullVars.invitation.conference.title}\u2069`);
    expect(arabic.text).toContain(`\u2068${fullVars.invitation.conference.title}\u2069`);
    expect(recipientValues('fr', { fullName: 'فاطمة الكعبي', gender: 'female' }).greeting).toBe('Madame,');
    expect(recipientValues('en', { fullName: 'فاطمة الكعبي', honorific: 'Ms.' }).greeting).toBe('Dear Ms. \u2068فاطمة الكعبي\u2069,');
  });
});

describe('mail catalogues', () => {
  const leaves = (value: unknown, path = ''): Array<[string, string]> =>
    typeof value === 'string'
      ? [[path, value]]
      : typeof value === 'object' && value !== null
        ? Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k))
        : [];
  const slots = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const english = new Map(leaves(CATALOGUES.en.kinds));

  it.each(['ar', 'zh', 'fr', 'ru', 'es'] as const)('%s writes every sentence of every kind, with the same {slots} as English', (language) => {
    const sentences = new Map(leaves(CATALOGUES[language].kinds));
    expect([...sentences.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [path, text] of sentences) {
      expect([path, slots(text)]).toEqual([path, slots(english.get(path)!)]);
      expect([path, text]).not.toEqual([path, english.get(path)]);
    }
    for (const label of ['timeZone', 'yourTimeZone', 'secretariat', 'replyBy'] as const) expect(CATALOGUES[language].labels[label]).not.toBe(CATALOGUES.en.labels[label]);
  });
});
