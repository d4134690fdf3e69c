import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { perConfig } from '../../platform/config/per-config';
import { ConferencesModule } from '../conferences';
import { ContactsModule } from '../contacts';
import { InvitationsModule } from '../invitations';
import { ParticipantsModule } from '../participants';
import { PlacesModule } from '../places';
import { AnswerRecorder } from './answer-recorder';
import { AnswersService } from './answers.service';
import { RsvpLinks } from './rsvp-links';
import './answers.events';

/**
 * The answer path: what a personal link opens, and answers planned, batched and recorded. Owns no
 * table: an answer writes through the places and participants modules' exported parts, in one
 * transaction.
 */
@Module({})
export class AnswersModule {
  static forRoot(config: AppConfig): DynamicModule {
    return perConfig(config, AnswersModule, () => ({
      module: AnswersModule,
      imports: [ConferencesModule, ContactsModule, InvitationsModule.forRoot(config), PlacesModule.forRoot(config), ParticipantsModule.forRoot(config)],
      providers: [RsvpLinks, AnswerRecorder, AnswersService],
      exports: [RsvpLinks, AnswersService],
    }));
  }
}
