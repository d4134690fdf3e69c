import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ical from 'node-ical';
import { Client } from 'pg';
import { BrowserContext, Page, chromium } from 'playwright-core';
import { InvitationTokens } from '../src/modules/invitations/invitation-tokens';
import { MailSink, SinkMessage, startMailSink } from './support/mail-sink';
import { ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

const PUBLIC_BASE_URL = 'https://convene.test';
/** Debian's Chromium: Playwright's own browser download is not available where the tests run. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTEFACTS = join(__dirname, '..', 'test-artifacts');

type Language = 'ar' | 'zh' | 'en' | 'fr' | 'ru' | 'es';
const LANGUAGES: Language[] = ['ar', 'zh', 'en', 'fr', 'ru', 'es'];
const LOCALES: Record<Language, string> = { ar: 'ar', zh: 'zh-Hans', en: 'en-GB', fr: 'fr', ru: 'ru', es: 'es' };

const ENGLISH = { title: 'Regional Conference on Countering Terrorism with New Technologies — Abu Dhabi', city: 'Abu Dhabi', venue: 'Abu Dhabi National Exhibition Centre' };
const TRANSLATIONS = {
  en: { venue: ENGLISH.venue },
  fr: { title: 'Conférence régionale sur la lutte contre le terrorisme au moyen des nouvelles technologies — Abou Dhabi', city: 'Abou Dhabi', venue: 'Centre national des expositions d’Abou Dhabi' },
  es: { title: 'Conferencia regional sobre la lucha contra el terrorismo mediante las nuevas tecnologías — Abu Dabi', city: 'Abu Dabi', venue: 'Centro Nacional de Exposiciones de Abu Dabi' },
  ru: { title: 'Региональная конференция по противодействию терроризму с использованием новых технологий — Абу-Даби', city: 'Абу-Даби', venue: 'Национальный выставочный центр Абу-Даби' },
  zh: { title: '利用新技术打击恐怖主义区域会议——阿布扎比', city: '阿布扎比', venue: '阿布扎比国家展览中心' },
  ar: { title: 'المؤتمر الإقليمي لمكافحة الإرهاب باستخدام التكنولوجيات الجديدة — أبوظبي', city: 'أبوظبي', venue: 'مركز أبوظبي الوطني للمعارض' },
};
const titleIn = (language: Language) => (language === 'en' ? ENGLISH.title : TRANSLATIONS[language].title);
const SECRETARIAT = { name: 'UNOCT Conference Secretariat', email: 'ct-conferences@example.org', phone: '+1 212 963 1234' };

const INVITEES: Array<Record<string, string>> = [
  { email: 'mission.uae@example.org', fullName: 'Hamdan Al Mazrouei', honorific: 'H.E. Mr.', stakeholderType: 'member_state', country: 'AE', language: 'ar', timezone: 'Asia/Dubai' },
  { email: 'mission.china@example.org', fullName: 'Wang Wei', honorific: 'H.E.', stakeholderType: 'member_state', country: 'CN', language: 'zh', timezone: 'Asia/Shanghai' },
  { email: 'osce@example.org', fullName: 'Jane Smith', honorific: 'Ms.', stakeholderType: 'regional_org', country: 'AT', language: 'en', organisation: 'OSCE', timezone: 'Europe/Vienna' },
  // A French-speaking mission led by a diplomat with an Arabic name.
  { email: 'mission.france@example.org', fullName: 'فاطمة الكعبي', honorific: 'Mme', stakeholderType: 'member_state', country: 'FR', language: 'fr', organisation: 'Mission permanente de la France', timezone: 'Europe/Paris' },
  { email: 'mission.russia@example.org', fullName: 'Иван Петров', honorific: 'г-н', stakeholderType: 'member_state', country: 'RU', language: 'ru', timezone: 'Europe/Moscow' },
  { email: 'mission.spain@example.org', fullName: 'Ana Ruiz', honorific: 'Sra.', stakeholderType: 'member_state', country: 'ES', language: 'es', timezone: 'Europe/Madrid' },
];
const inviteeIn = (language: Language) => INVITEES.find((i) => i.language === language)!;

const kindOf = (m: SinkMessage) => /^<([a-z_]+)\./.exec(m.messageId ?? '')?.[1];
const calendarOf = (m: SinkMessage) => {
  const attachment = m.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!attachment) throw new Error(`no calendar file in ${m.messageId}`);
  const parsed = ical.sync.parseICS(attachment.content.toString('utf8'));
  const event = Object.values(parsed).find((c) => c?.type === 'VEVENT') as ical.VEvent;
  return { event, method: (parsed.vcalendar as unknown as Record<string, string>).method, raw: attachment.content.toString('utf8') };
};
const longDate = (language: Language, date: string) => new Intl.DateTimeFormat(LOCALES[language], { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));

describe('what invitees read, in the six languages', () => {
  let env: TestEnvironment;
  let sink: MailSink;
  let api: ApiClient;
  let publicApi: ApiClient;
  let db: Client;
  let tokens: InvitationTokens;
  let abuDhabi: any;
  let vienna: any;
  const invitationOf = new Map<string, string>();
  const key = (conferenceId: string, email: string) => `${conferenceId}:${email}`;
  const tokenOf = (conferenceId: string, email: string) => tokens.tokenFor(invitationOf.get(key(conferenceId, email))!);
  const rsvpUrlOf = (conferenceId: string, email: string) => `${PUBLIC_BASE_URL}/rsvp/${tokenOf(conferenceId, email)}`;
  const mailTo = (kind: string, email: string, conferenceId: string) =>
    sink.messages.find((m) => kindOf(m) === kind && m.envelope.to.includes(email) && (kind !== 'invitation' || m.messageId?.includes(invitationOf.get(key(conferenceId, email))!)));

  async function invite(conferenceId: string, emails: string[]) {
    const { rows } = await db.query(`SELECT id FROM contacts WHERE email = ANY($1::text[])`, [emails]);
    const wave = await api.post(`/api/conferences/${conferenceId}/waves`, { name: 'Wave', audience: { contactIds: rows.map((r: { id: string }) => r.id) } });
    expect(wave.status).toBe(201);
    await api.post(`/api/waves/${wave.body.id}/dispatch`);
    await waitFor(async () => ['completed', 'completed_with_failures'].includes((await api.get(`/api/waves/${wave.body.id}`)).body.state), 'the wave to complete', 60000);
    const invited = await db.query(`SELECT i.id, c.email FROM invitations i JOIN contacts c ON c.id = i.contact_id WHERE i.wave_id = $1`, [wave.body.id]);
    for (const row of invited.rows) invitationOf.set(key(conferenceId, row.email), row.id);
    await sink.waitForCount(sink.messages.length >= invitationOf.size ? 0 : invitationOf.size);
  }

  beforeAll(async () => {
    sink = await startMailSink();
    env = await createTestEnvironment({ SMTP_URL: sink.url, PUBLIC_BASE_URL, RSVP_RATE_LIMIT: '0' });
    ({ api } = await env.startHttp());
    publicApi = api.as(null);
    tokens = new InvitationTokens(env.config());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    await api.post('/api/admin/clock', { to: '2027-01-10T08:00:00Z' });
  });

  afterAll(async () => {
    await db?.end();
    await env?.teardown();
    await sink?.close();
  });

  describe('time zones', () => {
    it('takes every tz database name and link (UTC, Etc/UTC, Asia/Calcutta) and refuses abbreviations with an example', async () => {
      const summit = { title: 'Second Counter-Terrorism Week', city: 'New York', country: 'US', startsOn: '2027-06-28', endsOn: '2027-07-02', capacity: 1500 };
      const est = await api.post('/api/series', { name: 'Series', summit: { ...summit, timezone: 'EST' } });
      expect(est.status).toBe(400);
      expect(est.body.message).toBe('summit.timezone: timezone must be a time zone name of the tz database, not an abbreviation: "EST" is ambiguous; write for example America/New_York (or UTC)');

      const summitFr = { title: 'Deuxième Semaine de la lutte contre le terrorisme', city: 'New York' };
      const refused = await api.post('/api/series', { name: 'Series', summit: { ...summit, timezone: 'UTC', translations: { fr: summitFr } } });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toMatch(/^translations\.fr is not a working language of this conference \(languages: en\)/);
      const series = await api.post('/api/series', {
        name: 'Countering terrorism with new technologies',
        secretariat: SECRETARIAT,
        summit: { ...summit, timezone: 'UTC', languages: ['en', 'fr'], translations: { fr: summitFr } },
      });
      expect(series.status).toBe(201);
      expect(series.body.summit.timezone).toBe('UTC');
      expect(series.body.summit.translations).toEqual({ fr: summitFr });
      expect(series.body.secretariat).toEqual(SECRETARIAT);
      for (const timezone of ['Etc/UTC', 'Asia/Calcutta']) {
        const changed = await api.patch(`/api/conferences/${series.body.summit.id}`, { timezone });
        expect(changed.status).toBe(200);
        expect(changed.body.timezone).toBe(timezone);
      }
      // A deadline date stays the end of its day when the conference's zone changes.
      expect((await api.patch(`/api/conferences/${series.body.summit.id}`, { rsvpDeadline: '2027-06-01' })).body.rsvpDeadline).toBe('2027-06-01T23:59:59+05:30');
      expect((await api.patch(`/api/conferences/${series.body.summit.id}`, { timezone: 'America/New_York' })).body.rsvpDeadline).toBe('2027-06-01T23:59:59-04:00');
      const contact = await api.post('/api/contacts', { email: 'est@example.org', fullName: 'E. S. T.', stakeholderType: 'academia', timezone: 'GST' });
      expect(contact.status).toBe(400);
      expect(JSON.stringify(contact.body.message)).toContain('Asia/Dubai');

      const created = await api.post(`/api/series/${series.body.id}/conferences`, {
        ...ENGLISH,
        venue: undefined,
        country: 'AE',
        partners: ['United Arab Emirates'],
        startsOn: '2027-03-17',
        endsOn: '2027-03-18',
        timezone: 'Asia/Dubai',
        capacity: 400,
        languages: LANGUAGES,
        rsvpDeadline: '2027-02-20',
        delegationQuota: 2,
        translations: TRANSLATIONS,
      });
      expect(created.status).toBe(201);
      abuDhabi = created.body;
      const viennaCreated = await api.post(`/api/series/${series.body.id}/conferences`, {
        title: 'Regional Conference on Countering Terrorism with New Technologies — Vienna',
        city: 'Vienna',
        country: 'AT',
        startsOn: '2027-04-05',
        endsOn: '2027-04-06',
        timezone: 'Europe/Vienna',
        capacity: 300,
        languages: ['en', 'ar', 'fr'],
        rsvpDeadline: '2027-03-15T17:00:00+01:00',
      });
      expect(viennaCreated.status).toBe(201);
      vienna = viennaCreated.body;
    });
  });

  describe('conference texts and deadlines', () => {
    it('keeps a date-only deadline as the end of that day in the conference zone', () => {
      expect(abuDhabi.rsvpDeadlineDate).toBe('2027-02-20');
      expect(abuDhabi.rsvpDeadline).toBe('2027-02-20T23:59:59+04:00');
      expect(abuDhabi.translations.fr).toEqual(TRANSLATIONS.fr);
      expect(vienna.rsvpDeadlineDate).toBeNull();
    });

    it('refuses a translation in a language the conference does not work in', async () => {
      const refused = await api.patch(`/api/conferences/${vienna.id}`, { translations: { ru: { title: 'Венская конференция' } } });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toBe('translations.ru is not a working language of this conference (languages: en, ar, fr); add it to languages or remove the translation.');
      const unknown = await api.patch(`/api/conferences/${vienna.id}`, { translations: { de: { title: 'Wiener Konferenz' } } });
      expect(unknown.status).toBe(400);
    });

    it('sends each invitee the invitation in their language, with the conference’s own words, Reply-To and a calendar file worth keeping', async () => {
      const imported = await api.post('/api/contacts/import', INVITEES);
      expect(imported.status).toBe(200);
      expect(imported.body.rejected).toEqual([]);
      await invite(abuDhabi.id, INVITEES.map((i) => i.email));
      await invite(vienna.id, [inviteeIn('ar').email, inviteeIn('fr').email]);
      await waitFor(() => sink.messages.filter((m) => kindOf(m) === 'invitation').length === 8, 'eight invitations');

      const uids = new Set<string>();
      for (const language of LANGUAGES) {
        const invitee = inviteeIn(language);
        const mail = mailTo('invitation', invitee.email, abuDhabi.id)!;
        const title = titleIn(language);
        const rtl = language === 'ar';
        expect(mail.headers.get('content-language')).toBe(language);
        expect(mail.subject).toContain(rtl ? `\u2068${title}\u2069` : title);
        expect(mail.replyTo?.value).toEqual([{ name: SECRETARIAT.name, address: SECRETARIAT.email }]);
        expect(mail.html).toContain(`<html lang="${language}" dir="${rtl ? 'rtl' : 'ltr'}">`);
        expect(mail.html).toContain(`<bdi>${title.replace(/’/g, '’')}</bdi>`);
        const text = mail.text ?? '';
        expect(text).toContain(longDate(language, '2027-02-20'));
        expect(text).not.toMatch(/00:00|23:59/);
        for (const part of [mail.subject ?? '', text, mail.html || '']) expect(part).not.toContain('Asia/Dubai');
        if (language !== 'en') expect(text).not.toContain('The Secretariat has the honour');
        expect(text).toContain(SECRETARIAT.email);
        expect(text).toContain(SECRETARIAT.phone);

        const { event, method } = calendarOf(mail);
        expect(method).toBe('PUBLISH');
        expect(event.summary).toBe(title);
        expect(event.location).toContain(language === 'en' ? ENGLISH.venue : TRANSLATIONS[language].venue);
        expect(event.description).toContain(rsvpUrlOf(abuDhabi.id, invitee.email));
        expect(String(event.url)).toBe(rsvpUrlOf(abuDhabi.id, invitee.email));
        expect(event.organizer).toMatchObject({ val: `MAILTO:${SECRETARIAT.email}` });
        expect(event.datetype).toBe('date');
        expect(event.description).not.toContain('Asia/Dubai');
        uids.add(event.uid);
      }
      expect(uids.size).toBe(1);
      const gulf = mailTo('invitation', inviteeIn('fr').email, abuDhabi.id)!;
      expect(gulf.text).toMatch(/Heure locale\s:\sheure (normale )?du Golfe \(Abou Dhabi, UTC\+04:00\)/);
      expect(gulf.text).toMatch(/Votre fuseau horaire\s:\sheure normale d’Europe centrale \(UTC\+01:00\)/);
    });

    it.each(LANGUAGES)('shows the RSVP page in %s: direction, own title, the date in its style, zone names, the secretariat', async (language) => {
      const invitee = inviteeIn(language);
      const page = await publicApi.get(`/rsvp/${tokenOf(abuDhabi.id, invitee.email)}`, { accept: 'text/html' });
      expect(page.status).toBe(200);
      const html = page.text;
      expect(html).toContain(`<html lang="${language}" dir="${language === 'ar' ? 'rtl' : 'ltr'}">`);
      expect(html).toContain(`<h1 dir="auto">${titleIn(language).replace(/’/g, '’')}</h1>`);
      expect(html).toContain(`<bdi>${longDate(language, '2027-02-20')}</bdi>`);
      expect(html).not.toContain('Asia/Dubai');
      expect(html).toContain(`mailto:${SECRETARIAT.email}`);
      expect(html).toContain(SECRETARIAT.phone);
      if (language !== 'en') for (const english of ['Reply to the invitation', 'Your reply', 'Send my reply', 'You may change your reply', 'Local time']) expect(html).not.toContain(english);
      const json = await publicApi.get(`/rsvp/${tokenOf(abuDhabi.id, invitee.email)}`, { accept: 'application/json' });
      expect(json.body).toMatchObject({ language, deadlineDate: '2027-02-20', secretariat: SECRETARIAT, conference: { title: titleIn(language), timezone: 'Asia/Dubai' } });
      expect(json.body.conference.timeZoneText).not.toContain('Asia/Dubai');
    });
  });

  describe('in a real browser', () => {
    let profile: string;
    let browser: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`The browser tests need Debian's Chromium at ${CHROMIUM} (apt-get install chromium).`);
      profile = mkdtempSync(join(tmpdir(), 'convene-chromium-'));
      browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1000, height: 900 } });
      page = browser.pages()[0] ?? (await browser.newPage());
      page.setDefaultTimeout(10000);
      mkdirSync(ARTEFACTS, { recursive: true });
    });

    afterAll(async () => {
      await browser?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    /** Left edges of two words of one isolated text, as laid out: in reading order within their own direction. */
    const wordLefts = (selector: string, first: string, second: string): Promise<{ first: { left: number; top: number }; second: { left: number; top: number }; direction: string }> =>
      page.evaluate(`(() => {
        const element = document.querySelector(${JSON.stringify(selector)});
        const node = element.firstChild;
        const box = (word) => {
          const range = document.createRange();
          const at = node.data.indexOf(word);
          range.setStart(node, at);
          range.setEnd(node, at + word.length);
          const rect = range.getBoundingClientRect();
          return { left: rect.left, top: rect.top };
        };
        return { first: box(${JSON.stringify(first)}), second: box(${JSON.stringify(second)}), direction: getComputedStyle(element.parentElement).direction };
      })()`);

    it('keeps a Latin title in order on an Arabic page', async () => {
      await page.goto(`${api.baseUrl}/rsvp/${tokenOf(vienna.id, inviteeIn('ar').email)}`);
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      const intro = page.locator('main > p').filter({ hasText: 'Vienna' }).first();
      expect(await intro.locator('bdi').first().textContent()).toBe(vienna.title);
      await page.screenshot({ path: join(ARTEFACTS, 'rsvp-ar-latin-title.png'), fullPage: true });
      const title = await wordLefts('main > p:not(.addressee) bdi', 'Regional', 'Conference');
      expect(title.direction).toBe('rtl');
      expect(title.first.top).toBe(title.second.top);
      // Left to right inside the isolate, although the paragraph runs right to left.
      expect(title.first.left).toBeLessThan(title.second.left);
      expect(await page.locator('#secretariat a[href^="mailto:"]').textContent()).toBe(SECRETARIAT.email);
    });

    it('keeps an Arabic name in order on a French page', async () => {
      await page.goto(`${api.baseUrl}/rsvp/${tokenOf(abuDhabi.id, inviteeIn('fr').email)}`);
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      expect(await page.getAttribute('html', 'dir')).toBe('ltr');
      const name = page.locator('#addressee bdi').first();
      expect(await name.textContent()).toBe('فاطمة الكعبي');
      await page.screenshot({ path: join(ARTEFACTS, 'rsvp-fr-arabic-name.png'), fullPage: true });
      const words = await wordLefts('#addressee bdi', 'فاطمة', 'الكعبي');
      expect(words.direction).toBe('ltr');
      // Right to left inside the isolate: the first name is to the right of the family name.
      expect(words.first.left).toBeGreaterThan(words.second.left);
      expect(await page.locator('h1').textContent()).toBe(TRANSLATIONS.fr.title);
    });
  });

  describe('changes reach the calendars', () => {
    it('marks the event tentative under the same UID when the conference is postponed', async () => {
      const invitation = calendarOf(mailTo('invitation', inviteeIn('ar').email, vienna.id)!).event;
      const postponed = await api.post(`/api/conferences/${vienna.id}/transitions`, { to: 'postponed', reason: 'Venue under repair' });
      expect(postponed.status).toBe(200);
      const notices = await waitFor(() => {
        const found = sink.messages.filter((m) => kindOf(m) === 'postponement_notice');
        return found.length === 2 ? found : null;
      }, 'two postponement notices', 30000);
      const arabic = notices.find((m) => m.envelope.to.includes(inviteeIn('ar').email))!;
      expect(arabic.html).toContain('<html lang="ar" dir="rtl">');
      expect(arabic.subject).toBe(`تأجيل: \u2068${vienna.title}\u2069`);
      const { event, method } = calendarOf(arabic);
      expect(method).toBe('PUBLISH');
      expect(event.uid).toBe(invitation.uid);
      expect(event.status).toBe('TENTATIVE');
      expect(Number(event.sequence)).toBeGreaterThan(Number(invitation.sequence));
      const french = notices.find((m) => m.envelope.to.includes(inviteeIn('fr').email))!;
      expect(french.subject).toMatch(/^Report\s:/);
      expect(french.text).toContain('Venue under repair');
    });

    it('cancels the event under the same UID, in each invitee’s language', async () => {
      const invitationUid = calendarOf(mailTo('invitation', inviteeIn('ar').email, vienna.id)!).event.uid;
      const postponedSequence = Number(calendarOf(sink.messages.find((m) => kindOf(m) === 'postponement_notice')!).event.sequence);
      const cancelled = await api.post(`/api/conferences/${vienna.id}/transitions`, { to: 'cancelled', reason: 'Venue unavailable' });
      expect(cancelled.status).toBe(200);
      const notices = await waitFor(() => {
        const found = sink.messages.filter((m) => kindOf(m) === 'cancellation_notice');
        return found.length === 2 ? found : null;
      }, 'two cancellation notices', 30000);
      const arabic = notices.find((m) => m.envelope.to.includes(inviteeIn('ar').email))!;
      expect(arabic.html).toContain('<html lang="ar" dir="rtl">');
      expect(arabic.subject).toContain(`\u2068${vienna.title}\u2069`);
      expect(arabic.replyTo?.value[0].address).toBe(SECRETARIAT.email);
      const { event, method } = calendarOf(arabic);
      expect(method).toBe('CANCEL');
      expect(event.uid).toBe(invitationUid);
      expect(event.status).toBe('CANCELLED');
      expect(Number(event.sequence)).toBeGreaterThan(postponedSequence);
      const contentType = arabic.attachments.find((a) => a.contentType.startsWith('text/calendar'))!.headers.get('content-type') as { params: Record<string, string> };
      expect(contentType.params.method).toBe('CANCEL');
      const french = notices.find((m) => m.envelope.to.includes(inviteeIn('fr').email))!;
      expect(french.headers.get('content-language')).toBe('fr');
      expect(french.text).toContain('Venue unavailable');
    });
  });

  describe('the deadline as invitees read it', () => {
    it('takes an answer at 23:59 in Abu Dhabi on 20 February 2027 and refuses one at 00:00 the next day (410)', async () => {
      const email = inviteeIn('en').email;
      await api.post('/api/admin/clock', { to: '2027-02-20T23:59:00+04:00' });
      const inTime = await publicApi.post(`/rsvp/${tokenOf(abuDhabi.id, email)}`, { response: 'accept' });
      expect(inTime.status).toBe(200);
      expect(inTime.body.response).toBe('accepted');
      await api.post('/api/admin/clock', { to: '2027-02-21T00:00:00+04:00' });
      const late = await publicApi.post(`/rsvp/${tokenOf(abuDhabi.id, email)}`, { response: 'decline' });
      expect(late.status).toBe(410);
      expect(late.body.message).toBe('Replies closed on 20 February 2027; contact the secretariat for any change.');

      const confirmation = await waitFor(() => mailTo('rsvp_confirmation', email, abuDhabi.id), 'the confirmation', 30000);
      expect(confirmation.replyTo?.value[0].address).toBe(SECRETARIAT.email);
      const { event } = calendarOf(confirmation);
      expect(event.uid).toBe(calendarOf(mailTo('invitation', email, abuDhabi.id)!).event.uid);
      expect(event.description).toContain(rsvpUrlOf(abuDhabi.id, email));
    });
  });
});
