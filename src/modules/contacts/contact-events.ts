/**
 * Published when a contact is erased, so every module holding a copy of the person's data
 * (invitations, participants…) scrubs it. Carries the id only: the personal data is gone.
 */
export const CONTACT_ERASED = 'contact.erased';

/**
 * Published when an import changes what badges and letters print of a contact (the fields named),
 * so the participants made from it follow. Carries the id only: readers ask for the current details.
 */
export const CONTACT_UPDATED = 'contact.updated';

/** The contact fields a badge or a visa letter prints. */
export const PRINTED_CONTACT_FIELDS = ['fullName', 'honorific', 'jobTitle', 'organisation', 'country', 'stakeholderType'] as const;
export type PrintedContactField = (typeof PRINTED_CONTACT_FIELDS)[number];

declare module '../../platform/messaging/domain-events' {
  interface DomainEvents {
    [CONTACT_ERASED]: { contactId: string };
    [CONTACT_UPDATED]: { contactId: string; fields: PrintedContactField[] };
  }
}
