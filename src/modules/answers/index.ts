/** What other modules may use of the answer path: answering, opening a personal link, and the rules the RSVP page shows. */
export { AnswersModule } from './answers.module';
export { AnswersService } from './answers.service';
export { RsvpLinks } from './rsvp-links';
export type { OpenedInvitation } from './rsvp-links';
export type { AnswerOutcome } from './answer-planner';
export { deadlineOf, requestOf } from './answer-planner';
export { closedReason, offerOpen, unknownLink } from './answer-window';
export { inviteeCapacity } from './rsvp-request';
/** The events the module announces: importing the module's surface makes their payload types known to DomainEvents. */
export type {} from './answers.events';
