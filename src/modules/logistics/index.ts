/** What other modules may use of logistics; everything else in this folder is internal. */
export { LogisticsModule } from './logistics.module';
/** The events the module announces: importing the module's surface makes their payload types known to DomainEvents. */
export type {} from './logistics.events';
