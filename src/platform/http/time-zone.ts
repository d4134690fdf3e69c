import { ValidationOptions, registerDecorator } from 'class-validator';

/** Abbreviations people write for a zone, with a tz database name to suggest instead. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  EST: 'America/New_York',
  EDT: 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  HST: 'Pacific/Honolulu',
  AST: 'America/Port_of_Spain',
  BST: 'Europe/London',
  WET: 'Europe/Lisbon',
  CET: 'Europe/Vienna',
  CEST: 'Europe/Vienna',
  MET: 'Europe/Vienna',
  EET: 'Europe/Bucharest',
  EEST: 'Europe/Bucharest',
  MSK: 'Europe/Moscow',
  GST: 'Asia/Dubai',
  IST: 'Asia/Kolkata',
  PKT: 'Asia/Karachi',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  AEST: 'Australia/Sydney',
  SAST: 'Africa/Johannesburg',
  WAT: 'Africa/Lagos',
  EAT: 'Africa/Nairobi',
};

/** The tz database's legacy zones named like abbreviations or POSIX rules (EST, CET, EST5EDT…): ambiguous to people, refused. */
const ABBREVIATION_LIKE = /^[A-Z]{3,5}(\d{1,2}([A-Z]{3,4})?)?$/;
/** Names of the tz database that look like abbreviations but name one zone each. */
const UNAMBIGUOUS = /^(UTC|UCT|GMT|GMT[+-]?0|PRC|ROC|ROK)$/;

const answers = new Map<string, string | null>();

/**
 * Why a value is not a time zone name people can rely on, or null when it is one: every name and link
 * of the tz database (UTC, Etc/UTC, Asia/Calcutta, Japan…) is taken; abbreviations (EST, GST, CET)
 * are refused, as one abbreviation names several zones and none says when summer time applies.
 */
export function timeZoneProblem(field: string, value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) {
    return `${field} must be a time zone name of the tz database, such as Asia/Dubai, Europe/Vienna or UTC`;
  }
  let answer = answers.get(value);
  if (answer !== undefined) return answer === null ? null : answer.replace('\u0000', field);
  const upper = value.toUpperCase();
  if (ABBREVIATIONS[upper] || (ABBREVIATION_LIKE.test(value) && !UNAMBIGUOUS.test(value))) {
    const example = ABBREVIATIONS[upper] ?? 'America/New_York';
    answer = `\u0000 must be a time zone name of the tz database, not an abbreviation: "${value}" is ambiguous; write for example ${example} (or UTC)`;
  } else {
    answer = knownToRuntime(value) ? null : `\u0000 must be a time zone name of the tz database, such as Asia/Dubai, Europe/Vienna or UTC; "${value}" is not one`;
  }
  if (answers.size < 1000) answers.set(value, answer);
  return answer === null ? null : answer.replace('\u0000', field);
}

function knownToRuntime(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A tz database time zone name or link (Europe/Vienna, UTC, Asia/Calcutta); abbreviations refused with a suggestion. */
export function IsTimeZoneName(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimeZoneName',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: (args) => timeZoneProblem(args.property, args.value) ?? `${args.property} must be a time zone name`, ...options },
      validator: { validate: (value: unknown, args) => timeZoneProblem(args?.property ?? 'timezone', value) === null },
    });
}
