import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MailQueue } from '../../platform/mail/mail-queue';
import { MailTransport } from '../../platform/mail/mail-transport';
import { chooseLanguage, renderTemplate, secretariatAddress } from '../../platform/mail/templates';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvent } from '../../platform/messaging/on-domain-event.decorator';
import { conferenceInfo } from '../conferences';
import { ConferencesService } from '../conferences';
import { ContactsService } from '../contacts';
import { InvitationTokens } from '../invitations';
import { Parties } from '../places';
import { SecretariatDirectory } from '../series';
import { CredentialsService } from './credentials.service';

const COMPOSER = 'participants.credentials-rejected';

/**
 * A delegation whose document the secretariat rejected is told why, in its language, with the link
 * to upload another. One mail per rejected document (its Message-ID is the document's id), composed
 * when sent: a document verified in the meantime sends nothing.
 */
@Injectable()
export class CredentialRejectionMail implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly credentials: CredentialsService,
    private readonly parties: Parties,
    private readonly contacts: ContactsService,
    private readonly conferences: ConferencesService,
    private readonly secretariats: SecretariatDirectory,
    private readonly tokens: InvitationTokens,
    private readonly mail: MailQueue,
    private readonly transport: MailTransport,
  ) {}

  onModuleInit(): void {
    this.mail.register<{ credentialId: string; invitationId: string }>(COMPOSER, async ({ credentialId, invitationId }) => {
      const credential = (await this.credentials.forInvitation(invitationId)).find((c) => c.id === credentialId);
      if (credential?.status !== 'rejected') return null;
      const party = await this.parties.read(this.dataSource, invitationId);
      const [contact] = party?.contact_id ? await this.contacts.mailingDetails([party.contact_id]) : [];
      if (!party || !contact) return null;
      const conference = await this.conferences.find(credential.conferenceId);
      // Documents arrive only through answers, which a conference takes once its deadline is set.
      if (!conference.rsvpDeadline) return null;
      const secretariat = await this.secretariats.forSeries(conference.seriesId);
      const language = chooseLanguage(party.language, conference.languages);
      const content = renderTemplate('credentials_rejected', language, {
        recipient: { fullName: contact.fullName, honorific: contact.honorific },
        readerTimeZone: contact.timezone,
        conference: conferenceInfo(conference, language, secretariat),
        reason: credential.reason ?? '',
        rsvpUrl: this.tokens.rsvpUrl(invitationId),
        deadline: conference.rsvpDeadline,
      });
      return { to: { name: contact.fullName, address: contact.email }, language, content, replyTo: secretariatAddress(secretariat) };
    });
  }

  @OnDomainEvent('credential.rejected')
  async rejected(event: DomainEvent<'credential.rejected'>): Promise<void> {
    const { credentialId, invitationId } = event.data;
    await this.mail.enqueue(COMPOSER, { credentialId, invitationId }, this.transport.messageIdFor('credentials_rejected', credentialId));
  }
}
