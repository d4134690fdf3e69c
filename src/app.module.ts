import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { AuthModule } from './platform/auth/auth.module';
import { ClockModule } from './platform/clock/clock.module';
import { AppConfig } from './platform/config/app-config';
import { ConfigModule } from './platform/config/config.module';
import { DatabaseModule } from './platform/database/database.module';
import { ErrorFilter } from './platform/http/error.filter';
import { MailModule } from './platform/mail/mail.module';
import { MessagingModule } from './platform/messaging/messaging.module';
import { LoggingModule } from './platform/observability/logging';
import { ObservabilityModule } from './platform/observability/observability.module';
import { AccreditationModule } from './modules/accreditation';
import { BouncesModule } from './modules/bounces';
import { ConferencesModule } from './modules/conferences';
import { ContactsModule } from './modules/contacts';
import { FeedbackModule } from './modules/feedback';
import { InvitationsModule } from './modules/invitations';
import { LogisticsModule } from './modules/logistics';
import { ParticipantsModule } from './modules/participants';
import { PipelineModule } from './modules/pipeline';
import { PlacesModule } from './modules/places';
import { ReportsModule } from './modules/reports';
import { RemindersModule } from './modules/reminders';
import { AnswersModule } from './modules/answers';
import { RsvpModule } from './modules/rsvp';
import { SeriesModule } from './modules/series';
import { WebhooksModule } from './modules/webhooks';

/** The root: the platform every feature stands on, then the business capabilities. */
@Module({})
export class AppModule {
  /** `logDestination` replaces standard output for the log lines (a test reads them from it). */
  static forRoot(config: AppConfig, logDestination?: DestinationStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, logDestination),
        DatabaseModule,
        MessagingModule.forRoot(config),
        ClockModule.forRoot(config),
        AuthModule,
        MailModule.forRoot(config),
        ObservabilityModule.forRoot(config),
        ConferencesModule,
        SeriesModule,
        PipelineModule,
        ContactsModule,
        InvitationsModule.forRoot(config),
        PlacesModule.forRoot(config),
        ParticipantsModule.forRoot(config),
        AnswersModule.forRoot(config),
        RsvpModule.forRoot(config),
        RemindersModule.forRoot(config),
        WebhooksModule.forRoot(config),
        BouncesModule,
        AccreditationModule.forRoot(config),
        LogisticsModule.forRoot(config),
        FeedbackModule.forRoot(config),
        ReportsModule.forRoot(config),
      ],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
