import { ValidationOptions, registerDecorator } from 'class-validator';
import { DateTime } from 'luxon';

export const UN_LANGUAGES = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const;
export type UnLanguage = (typeof UN_LANGUAGES)[number];

/** Years a date may have: 0000 and earlier, or five digits, are no conference's. */
const inYearRange = (date: DateTime) => date.year >= 1 && date.year <= 9999;

/** A real calendar date written YYYY-MM-DD, in the years 0001 to 9999. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = DateTime.fromISO(value);
  return date.isValid && inYearRange(date);
}

/** The offset of an ISO-8601 time: Z, or hours and minutes that a clock on Earth can show (at most 18:00 either way). */
const OFFSET = /(?:Z|[+-](\d{2}):?(\d{2}))$/;

/** An ISO-8601 date and time with an offset (2019-09-15T17:00:00+03:00), a real instant in the years 0001 to 9999. */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return false;
  const offset = OFFSET.exec(value);
  if (!offset) return false;
  if (offset[1] !== undefined && (Number(offset[2]) >= 60 || Number(offset[1]) * 60 + Number(offset[2]) > 18 * 60)) return false;
  const date = DateTime.fromISO(value, { setZone: true });
  return date.isValid && inYearRange(date) && inYearRange(date.toUTC());
}

/** A time with an offset, as isInstant checks it. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a time with offset (e.g. 2019-09-15T17:00:00+03:00 or 2019-09-15T14:00:00Z)`, ...options },
      validator: { validate: (value: unknown) => isInstant(value) },
    });
}

/** A real calendar date written YYYY-MM-DD (2019-02-30 is refused). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a date written YYYY-MM-DD`, ...options },
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
      },
    });
}

/** A calendar date (YYYY-MM-DD) or an ISO-8601 time with an offset. */
export function IsDateOrInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDateOrInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a date (YYYY-MM-DD) or a time with offset (e.g. 2019-09-15T17:00:00+03:00)`, ...options },
      validator: {
        validate: (value: unknown) => isCalendarDate(value) || isInstant(value),
      },
    });
}

/** An IANA time zone name that this runtime knows, e.g. Europe/Vienna. */
export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be an IANA time zone such as Europe/Vienna or America/Port_of_Spain`, ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.includes('/') && DateTime.now().setZone(value).isValid,
      },
    });
}
