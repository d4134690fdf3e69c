import { Global, Module } from '@nestjs/common';
import { MailTransport } from './mail-transport.service';

/**
 * The mail platform: MailTransport (SMTP pool or outbox folder). Building messages needs no injection:
 * renderTemplate (templates.ts), buildMime (mime.ts), compileSkeleton (mime-skeleton.ts) and
 * buildConferenceIcs (conference-calendar.ts) are plain functions.
 */
@Global()
@Module({ providers: [MailTransport], exports: [MailTransport] })
export class MailModule {}
