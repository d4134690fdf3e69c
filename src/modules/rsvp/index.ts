/** What other modules may use of the public link: the module itself, and the answer's shape the answer path takes. */
export { RsvpModule } from './rsvp.module';
export type { Capacity, RsvpAnswerDto } from './dto/rsvp.dto';
