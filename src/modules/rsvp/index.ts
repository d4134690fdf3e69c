/** What other modules may use of the public link: the module itself; its answer path is internal. */
export { RsvpModule } from './rsvp.module';
