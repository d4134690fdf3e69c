import type { UnLanguage } from '../http/validators';

/** Intl locale per UN language: UN English follows British usage (22 October 2019, 24-hour clock). */
const LOCALES: Record<UnLanguage, string> = { ar: 'ar', zh: 'zh-Hans', en: 'en-GB', fr: 'fr', ru: 'ru', es: 'es' };

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

/** A moment (a deadline, an offer's expiry, a session) in the conference's time zone, with its offset. */
export function formatInstant(language: UnLanguage, value: Date | string, timeZone: string): string {
  return dateTimeFormat(language, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
    timeZone,
  }).format(instant(value));
}

/** "GMT+03:00 (Europe/Minsk)": the zone's offset on the first day of the conference. */
export function formatTimeZone(language: UnLanguage, timeZone: string, on: string): string {
  const offset = dateTimeFormat(language, { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(calendarDate(on))
    .find((part) => part.type === 'timeZoneName')?.value;
  return offset ? `${offset} (${timeZone})` : timeZone;
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
