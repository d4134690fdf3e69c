import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { perConfig } from '../../platform/config/per-config';
import { SharedRateLimitStorage } from '../../platform/http/shared-rate-limit';
import { tooManyRequestsMessage } from '../../platform/http/too-many-requests';
import { AnswersModule } from '../answers';
import { ConferencesModule } from '../conferences';
import { ContactsModule } from '../contacts';
import { SeriesModule } from '../series';
import { InvitationsModule } from '../invitations';
import { ParticipantsModule } from '../participants';
import { PlacesModule } from '../places';
import { CredentialUpload } from './credential-upload';
import { RsvpHttpHook } from './rsvp-http.hook';
import { ConfirmationMail } from './rsvp-mail';
import { RsvpViews } from './rsvp-views';
import { RsvpController } from './rsvp.controller';

/**
 * The public personal link: the RSVP page and form, the credential upload and the mails that
 * acknowledge an answer; answers themselves are recorded by the answers module. Owns no table.
 */
@Module({})
export class RsvpModule {
  static forRoot(config: AppConfig): DynamicModule {
    return perConfig(config, RsvpModule, () => ({
      module: RsvpModule,
      imports: [
        ConferencesModule,
        SeriesModule,
        ContactsModule,
        InvitationsModule.forRoot(config),
        PlacesModule.forRoot(config),
        ParticipantsModule.forRoot(config),
        AnswersModule.forRoot(config),
        // Per client address, counted in Redis: every API process shares one limit.
        ThrottlerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => ({
            // The throttler named `default` answers with a plain Retry-After header.
            throttlers: [{ name: 'default', ttl: 60_000, limit: Math.max(1, c.rsvpRateLimit) }],
            skipIf: () => c.rsvpRateLimit === 0,
            // One count per client address for all of /rsvp (the page, the answer, the upload); the
            // storage keys it by throttler too. The default hashes a per-route key on every request.
            generateKey: (_context, tracker) => tracker,
            storage: SharedRateLimitStorage.forConfig(c, 'rsvp'),
            errorMessage: tooManyRequestsMessage,
          }),
        }),
      ],
      controllers: [RsvpController],
      providers: [RsvpViews, CredentialUpload, RsvpHttpHook, ConfirmationMail],
    }));
  }
}
