import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { perConfig } from '../../platform/config/per-config';
import { ConferencesModule } from '../conferences';
import { InvitationsModule } from '../invitations';
import { AccreditationModule } from '../accreditation';
import { ParticipantsModule } from '../participants';
import { SeriesModule } from '../series';
import { FeedbackController } from './feedback.controller';
import { FeedbackRatings } from './feedback-ratings';
import { FeedbackRepository } from './feedback.repository';
import { FeedbackService } from './feedback.service';
import { FeedbackTokens } from './feedback-tokens';
import { ThankYouMail } from './thank-you-mail';
import './feedback.events';

/**
 * Participants' feedback: the thank-you mail after a conference with its personal link, the public
 * feedback page and its answers, open until the conference's report is submitted. Owns its table;
 * the follow-up report reads the ratings through FeedbackRatings.
 */
@Module({})
export class FeedbackModule {
  static forRoot(config: AppConfig): DynamicModule {
    return perConfig(config, FeedbackModule, () => ({
      module: FeedbackModule,
      imports: [ConferencesModule, SeriesModule, InvitationsModule.forRoot(config), ParticipantsModule.forRoot(config), AccreditationModule.forRoot(config)],
      controllers: [FeedbackController],
      providers: [FeedbackRepository, FeedbackTokens, FeedbackService, FeedbackRatings, ThankYouMail],
      exports: [FeedbackRatings],
    }));
  }
}
