/** What other modules may use of logistics; everything else in this folder is internal. */
export { LogisticsModule } from './logistics.module';
export { AttendanceReader } from '../accreditation/attendance-reader';
export { attendedPart } from '../accreditation/attendance-part';
/** A badge as printed, for readers of its check-in code. */
export { renderBadge } from '../accreditation/accreditation-documents';
/** The events the module announces: importing the module's surface makes their payload types known to DomainEvents. */
export type {} from './logistics.events';
