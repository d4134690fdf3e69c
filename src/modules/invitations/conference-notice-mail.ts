import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnLanguage } from '../../platform/http/validators';
import { MailQueue } from '../../platform/mail/mail-queue';
import { MailTransport } from '../../platform/mail/mail-transport';
import { chooseLanguage, renderTemplate, secretariatAddress } from '../../platform/mail/templates';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvent } from '../../platform/messaging/on-domain-event.decorator';
import { conferenceCalendar, conferenceInfo } from '../conferences';
import { ConferencesService } from '../conferences';
import { ContactsService } from '../contacts';
import { SecretariatDirectory } from '../series';

/** What each announced transition sends, and the state the conference must still be in when the message goes out. */
const NOTICES = {
  cancelled: { composer: 'conference.cancellation-notice', kind: 'cancellation_notice', method: 'CANCEL' },
  postponed: { composer: 'conference.postponement-notice', kind: 'postponement_notice', method: 'PUBLISH' },
} as const;
type NoticeState = keyof typeof NOTICES;

/** Messages queued per call: a conference of 50,000 invitations is announced in fifty additions to the queue. */
const CHUNK = 1_000;

type NoticePayload = { invitationId: string; reason: string };

/**
 * The cancellation notice (SPEC §2) and the postponement notice: to every invitee whose invitation
 * went out and who has not declined, in the language of their invitation, with a calendar file under
 * the same UID that cancels the event or marks it tentative. One message per invitation and
 * transition under a stable Message-ID, so a redelivered event sends nothing twice.
 */
@Injectable()
export class ConferenceNoticeMail implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailQueue,
    private readonly transport: MailTransport,
    private readonly conferences: ConferencesService,
    private readonly contacts: ContactsService,
    private readonly secretariats: SecretariatDirectory,
  ) {}

  onModuleInit(): void {
    for (const state of Object.keys(NOTICES) as NoticeState[]) {
      const notice = NOTICES[state];
      this.mail.register<NoticePayload>(notice.composer, async ({ invitationId, reason }) => {
        const [invitation]: Array<{ contact_id: string | null; conference_id: string; language: string | null }> = await this.dataSource.query(
          `SELECT contact_id, conference_id, language FROM invitations WHERE id = $1 AND delivery = 'sent' AND response <> 'declined'`,
          [invitationId],
        );
        if (!invitation?.contact_id) return null;
        const conference = await this.conferences.find(invitation.conference_id);
        if (conference.state !== state) return null;
        const [contact] = await this.contacts.mailingDetails([invitation.contact_id]);
        if (!contact) return null;
        const language: UnLanguage = chooseLanguage(invitation.language ?? contact.language, conference.languages);
        const secretariat = await this.secretariats.forSeries(conference.seriesId);
        const content = renderTemplate(notice.kind, language, {
          recipient: { fullName: contact.fullName, honorific: contact.honorific },
          conference: conferenceInfo(conference, language, secretariat),
          reason,
        });
        return {
          to: { name: contact.fullName, address: contact.email },
          language,
          content,
          replyTo: secretariatAddress(secretariat),
          attachments: [conferenceCalendar(conference, language, this.transport, { secretariat, method: notice.method })],
        };
      });
    }
  }

  @OnDomainEvent('conference.transitioned')
  async transitioned(event: DomainEvent<'conference.transitioned'>): Promise<void> {
    const state = event.data.to;
    if (state !== 'cancelled' && state !== 'postponed') return;
    const notice = NOTICES[state];
    const reason = event.data.reason ?? '';
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: Array<{ id: string }> = await this.dataSource.query(
        `SELECT id FROM invitations WHERE conference_id = $1 AND delivery = 'sent' AND response <> 'declined' AND id > $2 ORDER BY id LIMIT ${CHUNK}`,
        [event.data.conferenceId, after],
      );
      if (rows.length === 0) return;
      await this.mail.enqueueMany(
        rows.map((r) => ({
          composer: notice.composer,
          payload: { invitationId: r.id, reason },
          // A conference may be postponed more than once: each postponement is its own notice.
          messageId: this.transport.messageIdFor(notice.kind, state === 'cancelled' ? r.id : `${r.id}.${event.id}`),
        })),
      );
      after = rows[rows.length - 1].id;
    }
  }
}
