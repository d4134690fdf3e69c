import { HttpStatus, Injectable } from '@nestjs/common';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainError } from '../../platform/http/domain-error';
import { UnLanguage } from '../../platform/http/validators';
import { OutboxService } from '../../platform/messaging/outbox.service';
import { ConferencesService, REPORT_SUBMITTED, conferenceTexts } from '../conferences';
import { FeedbackDto } from './dto/feedback.dto';
import { FeedbackTokens } from './feedback-tokens';
import { FeedbackRepository } from './feedback.repository';

export interface FeedbackView {
  language: UnLanguage;
  conference: { title: string; city: string | null; startsOn: string | null; endsOn: string | null };
  rating: number | null;
  comment: string | null;
  answeredAt: string | null;
  /** Answers may change until the conference's report is submitted. */
  open: boolean;
}

const UNKNOWN = () =>
  new DomainError(HttpStatus.NOT_FOUND, 'feedback_link_unknown', 'This feedback link is not valid. Check that the whole address was copied from the e-mail, or contact the secretariat.');

/** The participant's side of the feedback link: read it, answer it, change the answer until the report is submitted. */
@Injectable()
export class FeedbackService {
  constructor(
    private readonly repository: FeedbackRepository,
    private readonly tokens: FeedbackTokens,
    private readonly conferences: ConferencesService,
    private readonly clock: ClockService,
    private readonly outbox: OutboxService,
  ) {}

  async view(token: string): Promise<FeedbackView> {
    const row = await this.repository.feedbackByToken(this.repository.dataSource, this.tokens.lookupHash(token));
    if (!row) throw UNKNOWN();
    const conference = await this.conferences.find(row.conferenceId);
    const language = row.language as UnLanguage;
    const texts = conferenceTexts(conference, language);
    return {
      language,
      conference: { title: texts.title, city: texts.city || conference.city, startsOn: conference.startsOn, endsOn: conference.endsOn },
      rating: row.rating,
      comment: row.comment,
      answeredAt: row.answeredAt ? new Date(row.answeredAt).toISOString() : null,
      open: !REPORT_SUBMITTED.includes(conference.state),
    };
  }

  async answer(token: string, dto: FeedbackDto): Promise<FeedbackView> {
    const now = await this.clock.now();
    await this.repository.dataSource.transaction(async (manager) => {
      const row = await this.repository.feedbackByToken(manager, this.tokens.lookupHash(token), true);
      if (!row) throw UNKNOWN();
      const conference = await this.conferences.find(row.conferenceId);
      if (REPORT_SUBMITTED.includes(conference.state)) {
        throw DomainError.conflict('feedback_closed', 'The report of this conference has been submitted; feedback can no longer be given or changed.');
      }
      const comment = dto.comment?.trim() || null;
      await this.repository.answerFeedback(manager, row.participantId, dto.rating, comment, now);
      await this.outbox.record(manager, {
        type: 'feedback.received',
        aggregateId: row.conferenceId,
        occurredAt: now,
        data: { conferenceId: row.conferenceId, participantId: row.participantId, rating: dto.rating, changed: row.rating !== null },
      });
    });
    this.outbox.committed();
    return this.view(token);
  }
}
