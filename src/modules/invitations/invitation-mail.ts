import { Injectable } from '@nestjs/common';
import { MimeSkeleton, compileSkeleton, placeholder } from '../../platform/mail/mime-skeleton';
import { MailTransport } from '../../platform/mail/mail-transport.service';
import { PER_RECIPIENT, recipientValues, renderTemplate } from '../../platform/mail/templates';
import { UnLanguage } from '../../platform/http/validators';
import { conferenceCalendar, conferenceInfo } from '../conferences/conference-mail';
import type { ConferenceSummary } from '../conferences/conference-summary';

export interface Invitee {
  invitationId: string;
  email: string;
  fullName: string;
  honorific: string | null;
  gender?: string | null;
  rsvpUrl: string;
}

/**
 * Invitation messages. The message of a conference in a language is rendered and MIME-encoded once
 * (with its calendar file) and then filled per invitee by substitution: encoding every message from
 * scratch was most of a naive wave's CPU time.
 */
@Injectable()
export class InvitationMail {
  private readonly skeletons = new Map<string, MimeSkeleton>();

  constructor(private readonly transport: MailTransport) {}

  build(conference: ConferenceSummary, language: UnLanguage, invitee: Invitee): Buffer {
    return this.skeleton(conference, language).fill({
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

  private skeleton(conference: ConferenceSummary, language: UnLanguage): MimeSkeleton {
    // A conference edited while inviting gets fresh messages: its update time is part of the key.
    const key = `${conference.id}:${new Date(conference.updatedAt).getTime()}:${language}`;
    let skeleton = this.skeletons.get(key);
    if (!skeleton) {
      if (this.skeletons.size > 200) this.skeletons.clear();
      const rendered = renderTemplate('invitation', language, {
        recipient: PER_RECIPIENT,
        conference: conferenceInfo(conference),
        rsvpUrl: placeholder('rsvpUrl'),
        deadline: conference.rsvpDeadline ?? new Date(0),
      });
      skeleton = compileSkeleton({
        from: this.transport.from,
        to: { name: placeholder('toName'), address: placeholder('toAddress') },
        messageId: placeholder('messageId'),
        language,
        ...rendered,
        attachments: [conferenceCalendar(conference, language, this.transport, 'invitation.ics')],
      });
      this.skeletons.set(key, skeleton);
    }
    return skeleton;
  }
}
