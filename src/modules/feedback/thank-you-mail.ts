import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ClockService } from '../../platform/clock/clock.service';
import { MailQueue } from '../../platform/mail/mail-queue';
import { MailTransport } from '../../platform/mail/mail-transport';
import { chooseLanguage, renderTemplate, secretariatAddress } from '../../platform/mail/templates';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvent } from '../../platform/messaging/on-domain-event.decorator';
import { conferenceInfo } from '../conferences';
import { ConferencesService } from '../conferences';
import { AttendanceReader } from '../accreditation';
import { ParticipantsDirectory, ParticipantsService } from '../participants';
import { SecretariatDirectory } from '../series';
import { FeedbackTokens } from './feedback-tokens';
import { FeedbackRepository } from './feedback.repository';

/** Mails already queued carry this name, so it keeps the name of the module the mail began in. */
const COMPOSER = 'reports.thank-you';
const PAGE = 2000;

/**
 * When a conference concludes, each participant who attended gets one thank-you in their language
 * with a personal feedback link. The feedback rows are written first (once per participant), then
 * the mails are queued under a Message-ID per participant, so a redelivered event sends nothing twice.
 */
@Injectable()
export class ThankYouMail implements OnModuleInit {
  private readonly logger = new Logger('feedback');

  constructor(
    private readonly repository: FeedbackRepository,
    private readonly tokens: FeedbackTokens,
    private readonly attendance: AttendanceReader,
    private readonly directory: ParticipantsDirectory,
    private readonly participants: ParticipantsService,
    private readonly conferences: ConferencesService,
    private readonly secretariats: SecretariatDirectory,
    private readonly mail: MailQueue,
    private readonly transport: MailTransport,
    private readonly clock: ClockService,
  ) {}

  onModuleInit(): void {
    this.mail.register<{ participantId: string }>(COMPOSER, async ({ participantId }) => {
      const [member, feedback] = await Promise.all([this.participants.member(participantId), this.repository.feedbackOf(participantId)]);
      if (!member?.email || !feedback) return null;
      const conference = await this.conferences.find(feedback.conferenceId);
      const secretariat = await this.secretariats.forSeries(conference.seriesId);
      const language = chooseLanguage(feedback.language, conference.languages);
      const content = renderTemplate('thank_you', language, {
        recipient: { fullName: member.fullName ?? '' },
        conference: conferenceInfo(conference, language, secretariat),
        feedbackUrl: this.tokens.feedbackUrl(participantId),
      });
      return { to: { name: member.fullName ?? '', address: member.email }, language, content, replyTo: secretariatAddress(secretariat) };
    });
  }

  @OnDomainEvent('conference.transitioned')
  async concluded(event: DomainEvent<'conference.transitioned'>): Promise<void> {
    if (event.data.to !== 'concluded') return;
    const { conferenceId } = event.data;
    const conference = await this.conferences.find(conferenceId);
    const attended = new Set(await this.attendance.attendedParticipantIds(conferenceId));
    if (attended.size === 0) return;
    const now = await this.clock.now();
    let after: string | null = null;
    let queued = 0;
    for (;;) {
      const page = await this.directory.forReminders(conferenceId, after, PAGE);
      if (page.length === 0) break;
      after = page[page.length - 1].participantId;
      const people = page.filter((p) => attended.has(p.participantId));
      await this.repository.inviteFeedback(
        people.map((p) => ({ participantId: p.participantId, conferenceId, tokenHash: this.tokens.hashFor(p.participantId), language: chooseLanguage(p.language, conference.languages) })),
        now,
      );
      await this.mail.enqueueMany(
        people.map((p) => ({ composer: COMPOSER, payload: { participantId: p.participantId }, messageId: this.transport.messageIdFor('thank_you', p.participantId) })),
      );
      queued += people.length;
      if (page.length < PAGE) break;
    }
    this.logger.log({ conferenceId, queued }, 'thank-you mails queued');
  }
}
