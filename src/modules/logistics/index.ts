/** What other modules may use of logistics; everything else in this folder is internal. */
export { LogisticsModule } from './logistics.module';
export { AttendanceReader } from './attendance-reader';
export { attendedPart } from './attendance-part';
