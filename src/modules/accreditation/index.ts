/** What other modules may use of accreditation; everything else in this folder is internal. */
export { AccreditationModule } from './accreditation.module';
export { AccreditationCounts } from './accreditation-counts';
export type { DocumentCounts } from './accreditation-counts';
export { AttendanceReader } from './attendance-reader';
export { attendedPart } from './attendance-part';
/** A badge as printed, for readers of its check-in code. */
export { renderBadge } from './accreditation-documents';
/** The events the module announces: importing the module's surface makes their payload types known to DomainEvents. */
export type {} from './accreditation.events';
