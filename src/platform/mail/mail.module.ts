import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, runsConsumers } from '../config/app-config';
import { MailQueue } from './mail-queue';
import { MailTransport } from './mail-transport';
import { MailProcessor } from './mail.processor';

/**
 * The mail platform: MailTransport (SMTP pool or outbox folder) and MailQueue (one-off messages sent
 * by the `mail` queue's worker, once per Message-ID). Building messages needs no injection:
 * renderTemplate (templates.ts), buildMime (mime.ts), compileSkeleton (mime-skeleton.ts) and
 * buildConferenceIcs (conference-calendar.ts) are plain functions.
 */
@Global()
@Module({ providers: [MailTransport], exports: [MailTransport] })
export class MailModule {
  /** With the queue: what the application uses (the transport alone is enough for a test of sending). */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MailModule,
      providers: [MailQueue, ...(runsConsumers(config.role) ? [MailProcessor] : [])],
      exports: [MailTransport, MailQueue],
    };
  }
}
