/** What other modules may use of the public link: the module itself; its answer path is internal. */
export { RsvpModule } from './rsvp.module';
/** The events the module announces: importing the module's surface makes their payload types known to DomainEvents. */
export type {} from './rsvp.events';
