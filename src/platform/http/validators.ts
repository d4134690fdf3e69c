import { ValidationOptions, registerDecorator } from 'class-validator';
import { DateTime } from 'luxon';

export const UN_LANGUAGES = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const;
export type UnLanguage = (typeof UN_LANGUAGES)[number];

/** A real calendar date written YYYY-MM-DD (2019-02-30 is refused). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a date written YYYY-MM-DD`, ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid,
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
        validate: (value: unknown) =>
          typeof value === 'string' &&
          (/^\d{4}-\d{2}-\d{2}$/.test(value) || /(Z|[+-]\d{2}:?\d{2})$/.test(value)) &&
          DateTime.fromISO(value, { setZone: true }).isValid,
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
