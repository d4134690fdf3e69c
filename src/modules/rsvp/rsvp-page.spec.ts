import { csvCell, safeFilename } from '../participants';
import { RsvpView, renderRsvpPage, renderUnknownLinkPage } from './rsvp-page';
import { RSVP_PAGE_TEXT } from './rsvp-page-text';

const view = (over: Partial<RsvpView> = {}): RsvpView => ({
  language: 'en',
  direction: 'ltr',
  invitee: { fullName: 'Jane <Smith>', organisation: null },
  conference: { id: 'c', title: 'Conference & "Summit"', city: 'Vienna', venue: null, country: 'AT', countryName: 'Austria', startsOn: '2020-03-05', endsOn: '2020-03-06', timezone: 'Europe/Vienna', timeZoneText: 'Central European Standard Time (Vienna, GMT+01:00)', readerTimeZoneText: null, partners: [], dates: '5–6 March 2020', place: 'Vienna, Austria' },
  secretariat: { name: 'Conference Secretariat', email: 'secretariat@example.org', phone: '+43 1 260 60' },
  deadline: '2020-02-14T22:59:59.999Z',
  deadlineDate: '2020-02-14',
  deadlineText: '14 February 2020',
  open: true,
  response: 'none',
  waitlistPosition: null,
  offerExpiresAt: null,
  offerExpiresText: null,
  delegationQuota: 2,
  answer: { capacity: 'head', needsVisaLetter: false, accessibilityNeeds: null, arrivalOn: null, departureOn: null, delegates: [] },
  credentials: { kind: 'note_verbale', documents: [] },
  ...over,
});

describe('RSVP page', () => {
  it('is a form that works without script, one row per delegate place, everything escaped', () => {
    const html = renderRsvpPage(view(), 'tok');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en" dir="ltr">/);
    expect(html).not.toMatch(/<script/);
    expect(html).toContain('Conference &amp; &quot;Summit&quot;');
    expect(html.match(/name="delegates\[\d\]\[fullName\]"/g)).toHaveLength(2);
    expect(html).toContain('action="tok/credentials"');
  });

  it('is right-to-left in Arabic and shows the waiting-list position', () => {
    const html = renderRsvpPage(view({ language: 'ar', direction: 'rtl', response: 'waitlisted', waitlistPosition: 3 }), 'tok');
    expect(html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(html).toContain('في المرتبة <bdi>3</bdi>');
  });

  it('shows no form once answers are closed', () => {
    expect(renderRsvpPage(view({ open: false }), 'tok')).not.toMatch(/<form/);
    expect(renderUnknownLinkPage()).toContain('lang="ar" dir="rtl"');
  });
});

describe('helpers', () => {
  it('neutralises spreadsheet formulas and quotes CSV cells', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('Plain')).toBe('Plain');
    expect(csvCell(null)).toBe('');
  });

  it('keeps only a harmless file name', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd.pdf');
    expect(safeFilename('C:\\letters\\note "verbale".PDF')).toBe('note verbale.PDF');
    expect(safeFilename(undefined)).toBe('document.pdf');
  });
});

describe('RSVP page texts in the six languages', () => {
  const leaves = (value: unknown, path = ''): Array<[string, string]> =>
    typeof value === 'string' ? [[path, value]] : Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  const slots = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const english = new Map(leaves(RSVP_PAGE_TEXT.en));
  /** Words the languages share with English (a date heading, the name of a diplomatic document, a file format). */
  const SHARED = new Set(['dates', 'credentials.note_verbale', 'credentials.file']);

  it.each(['ar', 'zh', 'fr', 'ru', 'es'] as const)('%s has every text, with the same {slots} as English and none left in English', (language) => {
    const texts = new Map(leaves(RSVP_PAGE_TEXT[language]));
    expect([...texts.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [path, text] of texts) {
      expect([path, slots(text)]).toEqual([path, slots(english.get(path)!)]);
      expect(text.trim().length).toBeGreaterThan(0);
      if (!SHARED.has(path)) expect([path, text]).not.toEqual([path, english.get(path)]);
    }
  });

  it.each(['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const)('renders in %s with no slot left unfilled', (language) => {
    const html = renderRsvpPage(view({ language, direction: language === 'ar' ? 'rtl' : 'ltr', response: 'offered', offerExpiresText: '22 February 2027' }), 'tok');
    expect(html).not.toMatch(/\{\w+\}/);
    expect(html).toContain(`<html lang="${language}" dir="${language === 'ar' ? 'rtl' : 'ltr'}">`);
    expect(html).toContain('mailto:secretariat@example.org');
  });
});
