import { Injectable } from '@nestjs/common';
import { FeedbackRepository } from './feedback.repository';

/** What the follow-up report reads of the answers: the counts per rating, never the rows. */
@Injectable()
export class FeedbackRatings {
  constructor(private readonly repository: FeedbackRepository) {}

  /** Each rating given for a conference with how many gave it, lowest first; unanswered links are left out. */
  ratingsOf(conferenceId: string): Promise<Array<{ rating: number; count: number }>> {
    return this.repository.ratings(conferenceId);
  }
}
