import { ValidationOptions, isEmail, isISO31661Alpha2, registerDecorator } from 'class-validator';
import { timeZoneProblem } from '../../platform/http/time-zone';
import { DateTime } from 'luxon';
import { textProblem } from '../../platform/http/validation';
import { UN_LANGUAGES } from '../../platform/http/validators';
import { STAKEHOLDER_TYPES, StakeholderType } from './contact.entity';

export interface ContactFields {
  email: string;
  fullName: string;
  stakeholderType: StakeholderType;
  honorific?: string;
  jobTitle?: string;
  organisation?: string;
  country?: string;
  language?: string;
  timezone?: string;
  gender?: string;
}

export type ContactField = keyof ContactFields;

interface Rule {
  /** Applied to strings before checking: what a person typed and what we store may differ in case and spaces. */
  normalise: (value: string) => string;
  /** The problem with a present value, as a sentence naming the field; null when it is fine. */
  check: (value: unknown, contact: Record<string, unknown>) => string | null;
  /** Whether an absent value is a problem, given the rest of the contact. */
  required: (contact: Record<string, unknown>) => boolean;
}

const trim = (v: string) => v.trim();
const always = () => true;
const never = () => false;

const text = (field: string, max: number) => (value: unknown) => (typeof value === 'string' && value.length >= 1 && value.length <= max ? null : `${field} must be text of 1 to ${max} characters`);


/**
 * What makes a contact valid, written once for both doors in: the POST body (through the DTO's
 * decorators) and each row of an import, which is checked directly because class-transformer and
 * class-validator take seconds per hundred thousand rows.
 */
export const CONTACT_RULES: Record<ContactField, Rule> = {
  email: {
    normalise: trim,
    check: (v) => (typeof v === 'string' && v.length <= 254 && isEmail(v) ? null : 'email must be an e-mail address such as name@example.org'),
    required: always,
  },
  fullName: { normalise: trim, check: text('fullName', 300), required: always },
  stakeholderType: {
    normalise: trim,
    check: (v) => ((STAKEHOLDER_TYPES as readonly unknown[]).includes(v) ? null : `stakeholderType must be one of ${STAKEHOLDER_TYPES.join(', ')}`),
    required: always,
  },
  honorific: { normalise: trim, check: text('honorific', 50), required: never },
  jobTitle: { normalise: trim, check: text('jobTitle', 300), required: never },
  organisation: { normalise: trim, check: text('organisation', 300), required: never },
  country: {
    normalise: (v) => v.trim().toUpperCase(),
    check: (v) => (isISO31661Alpha2(v) ? null : 'country must be an ISO 3166-1 alpha-2 code such as BY or TT'),
    required: (contact) => contact.stakeholderType === 'member_state',
  },
  language: {
    normalise: (v) => v.trim().toLowerCase(),
    check: (v) => ((UN_LANGUAGES as readonly unknown[]).includes(v) ? null : `language must be one of the UN official languages: ${UN_LANGUAGES.join(', ')}`),
    required: never,
  },
  timezone: {
    normalise: trim,
    check: (v) => timeZoneProblem('timezone', v),
    required: never,
  },
  gender: { normalise: trim, check: text('gender', 50), required: never },
};

export const CONTACT_FIELDS = Object.keys(CONTACT_RULES) as ContactField[];

const absent = (value: unknown) => value === undefined || value === null;

/** The value as stored: strings normalised, anything else left for the check to refuse. */
export function normaliseField(field: ContactField, value: unknown): unknown {
  return typeof value === 'string' ? CONTACT_RULES[field].normalise(value) : value;
}

/**
 * Checks one contact from an import. Errors read like the API's validation errors
 * ("field: problem"), every problem of the row at once.
 */
export function checkContact(input: Record<string, unknown>): { contact: ContactFields | null; errors: string[] } {
  const errors: string[] = [];
  const unstorable = new Set<string>();
  for (const key of Object.keys(input)) {
    // Own keys only: "constructor" or "toString" are in every object, not in the rules.
    if (!Object.hasOwn(CONTACT_RULES, key)) errors.push(`${textProblem(key) === null ? key : JSON.stringify(key)}: unknown field; remove it`);
    const value = input[key];
    const problem = typeof value === 'string' ? textProblem(value) : null;
    if (problem && Object.hasOwn(CONTACT_RULES, key)) {
      errors.push(`${key}: ${problem}`);
      unstorable.add(key);
    }
  }
  const contact: Record<string, unknown> = {};
  for (const field of CONTACT_FIELDS) {
    const value = normaliseField(field, input[field]);
    if (!absent(value)) contact[field] = value;
  }
  for (const field of CONTACT_FIELDS) {
    const rule = CONTACT_RULES[field];
    const value = contact[field];
    if (unstorable.has(field)) continue;
    if (absent(value)) {
      if (rule.required(contact)) errors.push(`${field}: is required`);
      continue;
    }
    const problem = rule.check(value, contact);
    if (problem) errors.push(`${field}: ${problem}`);
  }
  return errors.length ? { contact: null, errors } : { contact: contact as unknown as ContactFields, errors };
}

/** The same rule as a class-validator decorator, for the DTO of POST /api/contacts. */
export function IsContactField(field: ContactField, options?: ValidationOptions): PropertyDecorator {
  const rule = CONTACT_RULES[field];
  return (target, propertyName) =>
    registerDecorator({
      name: `contact_${field}`,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: (args) => rule.check(args.value, args.object as Record<string, unknown>) ?? `${field} is not valid`, ...options },
      validator: {
        validate: (value: unknown, args) => {
          const contact = args?.object as Record<string, unknown>;
          return absent(value) ? !rule.required(contact) : rule.check(value, contact) === null;
        },
      },
    });
}
