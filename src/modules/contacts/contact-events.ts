/**
 * Published when a contact is erased, so every module holding a copy of the person's data
 * (invitations, participants…) scrubs it. Carries the id only: the personal data is gone.
 */
export const CONTACT_ERASED = 'contact.erased';

declare module '../../platform/messaging/domain-events' {
  interface DomainEvents {
    [CONTACT_ERASED]: { contactId: string };
  }
}
