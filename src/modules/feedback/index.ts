/** What other modules may use of feedback; everything else in this folder is internal. */
export { FeedbackModule } from './feedback.module';
export { FeedbackRatings } from './feedback-ratings';
/** The events the module announces: importing the module's surface makes their payload types known to DomainEvents. */
export type {} from './feedback.events';
