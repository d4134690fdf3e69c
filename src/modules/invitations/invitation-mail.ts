import { Injectable } from '@nestjs/common';
import { MimeSkeleton, compileSkeleton, placeholder } from '../../platform/mail/mime-skeleton';
import { MailTransport } from '../../platform/mail/mail-transport';
import { PER_RECIPIENT, SecretariatContact, recipientValues, renderTemplate, secretariatAddress } from '../../platform/mail/templates';
import { UnLanguage } from '../../platform/http/validators';
import { conferenceCalendar, conferenceInfo } from '../conferences';
import type { ConferenceSummary } from '../conferences';

export interface Invitee {
  invitationId: string;
  email: string;
  fullName: string;
  honorific: string | null;
  gender?: string | null;
  /** The invitee's own IANA zone, if known: their local time is shown beside the conference's. */
  timezone?: string | null;
  rsvpUrl: string;
}

/** Compiled messages kept per process (a few kilobytes each). */
const MAX_SKELETONS = 1000;

/**
 * Invitation messages. The message of a conference in a language (and for readers of one time zone)
 * is rendered and MIME-encoded once, with its calendar file, and then filled per invitee by
 * substitution: encoding every message from scratch was most of a naive wave's CPU time.
 */
@Injectable()
export class InvitationMail {
  private readonly skeletons = new Map<string, MimeSkeleton>();

  constructor(private readonly transport: MailTransport) {}

  build(conference: ConferenceSummary, language: UnLanguage, invitee: Invitee, secretariat: SecretariatContact): Buffer {
    return this.skeleton(conference, language, secretariat, invitee.timezone && invitee.timezone !== conference.timezone ? invitee.timezone : null).fill({
      ...recipientValues(language, { fullName: invitee.fullName, honorific: invitee.honorific, gender: invitee.gender }),
      toName: invitee.fullName,
      toAddress: invitee.email,
      messageId: this.messageId(invitee.invitationId),
      rsvpUrl: invitee.rsvpUrl,
    });
  }

  messageId(invitationId: string): string {
    return this.transport.messageIdFor('invitation', invitationId);
  }

  private skeleton(conference: ConferenceSummary, language: UnLanguage, secretariat: SecretariatContact, readerZone: string | null): MimeSkeleton {
    // A conference or secretariat edited while inviting gets fresh messages: its update time and the contact are part of the key.
    const key = `${conference.id}:${new Date(conference.updatedAt).getTime()}:${language}:${readerZone ?? ''}:${JSON.stringify(secretariat)}`;
    let skeleton = this.skeletons.get(key);
    if (!skeleton) {
      // Readers' time zones multiply the variants of a wave: the oldest one goes, not all of them.
      if (this.skeletons.size >= MAX_SKELETONS) this.skeletons.delete(this.skeletons.keys().next().value!);
      const rendered = renderTemplate('invitation', language, {
        recipient: PER_RECIPIENT,
        conference: conferenceInfo(conference, language, secretariat),
        readerTimeZone: readerZone,
        rsvpUrl: placeholder('rsvpUrl'),
        deadline: conference.rsvpDeadline ?? new Date(0),
      });
      skeleton = compileSkeleton({
        from: this.transport.from,
        to: { name: placeholder('toName'), address: placeholder('toAddress') },
        messageId: placeholder('messageId'),
        replyTo: secretariatAddress(secretariat),
        language,
        ...rendered,
        attachments: [conferenceCalendar(conference, language, this.transport, { secretariat, rsvpUrl: placeholder('rsvpUrl'), withDeadline: true, filename: 'invitation.ics' })],
      });
      this.skeletons.set(key, skeleton);
    }
    return skeleton;
  }
}
