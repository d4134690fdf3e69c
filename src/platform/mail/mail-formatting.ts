import type { UnLanguage } from '../http/validators';

/** Intl locale per UN language: UN English follows British usage (22 October 2019, 24-hour clock). */
const LOCALES: Record<UnLanguage, string> = { ar: 'ar', zh: 'zh-Hans', en: 'en-GB', fr: 'fr', ru: 'ru', es: 'es' };
/** The CLDR locale each language is written in. */
export const localeOf = (language: UnLanguage) => LOCALES[language];

const cache = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(language: UnLanguage, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) cache.set(key, (format = new Intl.DateTimeFormat(LOCALES[language], options)));
  return format;
}

/** A calendar date (YYYY-MM-DD) as noon UTC, formatted in UTC: the day never shifts, whatever the zone. */
function calendarDate(value: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`Expected a date written YYYY-MM-DD, got "${value}"`);
  return new Date(`${value}T12:00:00Z`);
}

function instant(value: Date | string): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`Expected a time, got "${String(value)}"`);
  return date;
}

const LONG_DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' };

/** "22 October 2019" in the language. */
export function formatDate(language: UnLanguage, date: string): string {
  return dateTimeFormat(language, LONG_DATE).format(calendarDate(date));
}

/** "22–23 October 2019"; Chinese gets two full dates joined by 至, as ICU's range is numeric there. */
export function formatDateRange(language: UnLanguage, startsOn: string, endsOn: string): string {
  if (startsOn === endsOn) return formatDate(language, startsOn);
  if (language === 'zh') return `${formatDate(language, startsOn)}至${formatDate(language, endsOn)}`;
  return dateTimeFormat(language, LONG_DATE).formatRange(calendarDate(startsOn), calendarDate(endsOn));
}

/** The zone's name in the language at a moment ("Gulf Standard Time", "heure du Golfe"), and its offset ("GMT+04:00"). */
function zoneNames(language: UnLanguage, timeZone: string, at: Date): { long: string; offset: string } {
  const part = (timeZoneName: 'long' | 'longOffset') =>
    dateTimeFormat(language, { timeZone, timeZoneName })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  return { long: part('long'), offset: part('longOffset') };
}

/** Whether two zones show the same wall-clock time at a moment. */
const sameOffset = (a: string, b: string, at: Date) => zoneNames('en', a, at).offset === zoneNames('en', b, at).offset;

/**
 * A moment (an offer's expiry, a session, a deadline with a time) in the conference's time zone, named
 * in the language; when the reader lives in a zone showing another time, their own time follows in brackets.
 */
export function formatInstant(language: UnLanguage, value: Date | string, timeZone: string, readerZone?: string | null): string {
  const at = instant(value);
  const written = (zone: string) =>
    dateTimeFormat(language, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'long', timeZone: zone }).format(at);
  const main = written(timeZone);
  return readerZone && readerZone !== timeZone && !sameOffset(timeZone, readerZone, at) ? `${main} (${written(readerZone)})` : main;
}

/**
 * The RSVP deadline as people read it: a deadline given as a date is that date ("20 February 2027"), as
 * answers are taken until the end of it; one given with a time is that moment (see formatInstant).
 */
export function formatDeadline(language: UnLanguage, deadline: Date | string, timeZone: string, deadlineDate?: string | null, readerZone?: string | null): string {
  return deadlineDate ? formatDate(language, deadlineDate) : formatInstant(language, deadline, timeZone, readerZone);
}

/** "Gulf Standard Time (Abu Dhabi, GMT+04:00)": the zone on the first day of the conference, named in the language, with the city. */
export function formatTimeZone(language: UnLanguage, timeZone: string, on: string, city?: string | null): string {
  const { long, offset } = zoneNames(language, timeZone, calendarDate(on));
  const [open, comma, close] = BRACKETS[language];
  const within = [city ? isolate(city, language === 'ar') : '', long && long !== offset ? offset : ''].filter(Boolean).join(comma);
  const name = long || offset;
  return within ? `${name} ${open}${within}${close}`.replace(/ （/, '（') : name;
}

/** Brackets and the comma between items inside them, as each script writes them. */
const BRACKETS: Record<UnLanguage, [string, string, string]> = { ar: ['(', '، ', ')'], zh: ['（', '，', '）'], en: ['(', ', ', ')'], fr: ['(', ', ', ')'], ru: ['(', ', ', ')'], es: ['(', ', ', ')'] };

/** The reader's own zone, named in the language with its offset, when it shows another time than the conference's; else null. */
export function formatReaderTimeZone(language: UnLanguage, readerZone: string | null | undefined, conferenceZone: string, on: string): string | null {
  if (!readerZone || readerZone === conferenceZone) return null;
  const at = calendarDate(on);
  if (sameOffset(readerZone, conferenceZone, at)) return null;
  const { long, offset } = zoneNames(language, readerZone, at);
  return long && long !== offset ? `${long} (${offset})` : offset;
}

const RTL_CHARACTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
export const FSI = '\u2068';
export const PDI = '\u2069';

/**
 * A name, title or place embedded in plain text (a body, a header): between the Unicode isolates FSI and
 * PDI in right-to-left text, or when it holds right-to-left letters, so mixed scripts keep their order.
 */
export function isolate(value: string, rtl: boolean): string {
  return value && (rtl || RTL_CHARACTER.test(value)) ? `${FSI}${value}${PDI}` : value;
}

const regionNames = new Map<UnLanguage, Intl.DisplayNames>();

/** The country's name in the language, from its ISO 3166-1 alpha-2 code (UN style "and" in English). */
export function countryName(language: UnLanguage, code: string): string {
  let names = regionNames.get(language);
  if (!names) regionNames.set(language, (names = new Intl.DisplayNames([LOCALES[language]], { type: 'region', fallback: 'code' })));
  const name = names.of(code.toUpperCase()) ?? code;
  return language === 'en' ? name.replace(/ & /g, ' and ') : name;
}

export function formatNumber(language: UnLanguage, value: number): string {
  return new Intl.NumberFormat(LOCALES[language]).format(value);
}

/** "CARICOM and Trinidad and Tobago". */
export function formatList(language: UnLanguage, items: string[]): string {
  return new Intl.ListFormat(LOCALES[language], { type: 'conjunction' }).format(items);
}
