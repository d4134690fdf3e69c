/** What other modules may use of contacts; everything else in this folder is internal. */
export type { AudienceCriteria } from './audience';
export { CONTACT_ERASED, CONTACT_UPDATED } from './contact-events';
export type { PrintedContactField } from './contact-events';
export { STAKEHOLDER_TYPES } from './contact.entity';
export { ContactsModule } from './contacts.module';
export { ContactsService } from './contacts.service';
export type { MailingDetails } from './contacts.service';
export { RegionsCatalog } from './regions-catalog';
export type { Area, CountryRegion } from './regions-catalog';
export { REGIONAL_GROUPS, REGIONAL_GROUP_MEMBERS } from './un-regional-groups';
