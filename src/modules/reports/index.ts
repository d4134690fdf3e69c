/** What other modules may use of reports; everything else in this folder is internal. */
export { ReportsModule } from './reports.module';
/** The events the module announces: importing the module's surface makes their payload types known to DomainEvents. */
export type {} from './reports.events';
