import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig, runsConsumers } from '../../platform/config/app-config';
import { perConfig } from '../../platform/config/per-config';
import { WindowRateLimitStorage } from '../../platform/http/window-rate-limit';
import { ConferencesModule } from '../conferences/conferences.module';
import { SeriesModule } from '../series/series.module';
import { ContactsModule } from '../contacts/contacts.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { AnswerBatcher } from './answer-batcher';
import { ConfirmationMail } from './confirmation-mail';
import { ConfirmationsSchedule } from './confirmations-schedule';
import { ConfirmationsProcessor } from './confirmations.processor';
import { CredentialsService } from './credentials.service';
import { ParticipantsController } from './participants.controller';
import { ParticipantsDirectory } from './participants-directory';
import { ParticipantsService } from './participants.service';
import { PlaceLedger } from './place-ledger';
import { RsvpHttpHooks } from './rsvp-http.hooks';
import { RsvpController } from './rsvp.controller';
import { RsvpService } from './rsvp.service';
import { WaitlistService } from './waitlist.service';
import { WaitlistTriggers } from './waitlist-triggers';
import './confirmations.events';
import './confirmations.jobs';

/**
 * Answers to invitations (the public RSVP page and form), participants, capacity and the waiting
 * list, delegations' documents. Exports ParticipantsDirectory for reminders and logistics.
 */
@Module({})
export class ConfirmationsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return perConfig(config, ConfirmationsModule, () => ({
      module: ConfirmationsModule,
      imports: [
        ConferencesModule,
        SeriesModule,
        ContactsModule,
        InvitationsModule.forRoot(config),
        // Per client address, in this process's memory: each API process counts for itself.
        ThrottlerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => ({
            throttlers: [{ name: 'rsvp', ttl: 60_000, limit: Math.max(1, c.rsvpRateLimit) }],
            skipIf: () => c.rsvpRateLimit === 0,
            // One count per client address for all of /rsvp (the page, the answer, the upload); the
            // storage keys it by throttler too. The default hashes a per-route key on every request.
            generateKey: (_context, tracker) => tracker,
            storage: new WindowRateLimitStorage(),
          }),
        }),
      ],
      controllers: [RsvpController, ParticipantsController],
      providers: [
        PlaceLedger,
        ParticipantsService,
        ParticipantsDirectory,
        CredentialsService,
        WaitlistService,
        RsvpService,
        RsvpHttpHooks,
        AnswerBatcher,
        ConfirmationMail,
        ConfirmationsSchedule,
        WaitlistTriggers,
        ...(runsConsumers(config.role) ? [ConfirmationsProcessor] : []),
      ],
      exports: [ParticipantsDirectory],
    }));
  }
}
