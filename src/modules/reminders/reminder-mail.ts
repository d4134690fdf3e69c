import { Injectable } from '@nestjs/common';
import { MimeSkeleton, compileSkeleton, placeholder } from '../../platform/mail/mime-skeleton';
import { MailTransport } from '../../platform/mail/mail-transport';
import { MailVars, PER_RECIPIENT, SecretariatContact, recipientValues, renderTemplate, secretariatAddress } from '../../platform/mail/templates';
import { UnLanguage } from '../../platform/http/validators';
import { conferenceInfo } from '../conferences';
import type { ConferenceSummary } from '../conferences';

export interface ReminderRecipient {
  recipientId: string;
  email: string;
  fullName: string;
  honorific?: string | null;
  /** Their own IANA zone, if known: their local time is shown beside the conference's. */
  timezone?: string | null;
  messageId: string;
}

/** What a participant is told about their own arrangements; the practical details come from logistics. */
export interface ParticipantStatus {
  visaLetter: 'requested' | 'issued' | null;
  badge: 'pending' | 'issued' | null;
}

/** Compiled messages kept per process (a few kilobytes each). */
const MAX_SKELETONS = 1000;

/**
 * Reminder messages, compiled once per conference, language and variant and filled per recipient, as
 * wave invitations are: a step to 100,000 people costs substitutions, not 100,000 MIME encodings.
 */
@Injectable()
export class ReminderMail {
  private readonly skeletons = new Map<string, MimeSkeleton>();

  constructor(private readonly transport: MailTransport) {}

  /** Stable per step and recipient: a retried send is the same message. */
  messageId(stepKey: string, recipientId: string): string {
    return this.transport.messageIdFor(`reminder-${stepKey}`, recipientId);
  }

  nonResponder(conference: ConferenceSummary, language: UnLanguage, recipient: ReminderRecipient, rsvpUrl: string, date: Date, secretariat: SecretariatContact): Buffer {
    const zone = recipient.timezone ?? null;
    const skeleton = this.skeleton(conference, language, `non_responders:${zone ?? ''}`, secretariat, () =>
      renderTemplate('reminder_non_responder', language, {
        recipient: PER_RECIPIENT,
        conference: conferenceInfo(conference, language, secretariat),
        readerTimeZone: zone,
        rsvpUrl: placeholder('rsvpUrl'),
        deadline: conference.rsvpDeadline ?? new Date(0),
      }),
    );
    return skeleton.fill({ ...this.values(language, recipient), rsvpUrl }, { date });
  }

  participant(conference: ConferenceSummary, language: UnLanguage, status: ParticipantStatus, recipient: ReminderRecipient, date: Date, secretariat: SecretariatContact): Buffer {
    const vars: MailVars['reminder_participant'] = {
      recipient: PER_RECIPIENT,
      conference: conferenceInfo(conference, language, secretariat),
      // Venue, rooms and the first session belong to logistics; until it tells us, the message says so.
      venue: null,
      rooms: null,
      firstSession: null,
      visaLetter: status.visaLetter,
      badge: status.badge,
    };
    const skeleton = this.skeleton(conference, language, `participants:${status.visaLetter}:${status.badge}`, secretariat, () => renderTemplate('reminder_participant', language, vars));
    return skeleton.fill(this.values(language, recipient), { date });
  }

  private values(language: UnLanguage, recipient: ReminderRecipient): Record<string, string> {
    return {
      ...recipientValues(language, { fullName: recipient.fullName, honorific: recipient.honorific }),
      toName: recipient.fullName,
      toAddress: recipient.email,
      messageId: recipient.messageId,
    };
  }

  private skeleton(conference: ConferenceSummary, language: UnLanguage, variant: string, secretariat: SecretariatContact, render: () => ReturnType<typeof renderTemplate>): MimeSkeleton {
    // A conference or secretariat edited since gets fresh messages: its update time and the contact are part of the key.
    const key = `${conference.id}:${new Date(conference.updatedAt).getTime()}:${language}:${variant}:${JSON.stringify(secretariat)}`;
    let skeleton = this.skeletons.get(key);
    if (!skeleton) {
      // Readers' time zones multiply the variants of a wave: the oldest one goes, not all of them.
      if (this.skeletons.size >= MAX_SKELETONS) this.skeletons.delete(this.skeletons.keys().next().value!);
      skeleton = compileSkeleton({
        from: this.transport.from,
        to: { name: placeholder('toName'), address: placeholder('toAddress') },
        messageId: placeholder('messageId'),
        replyTo: secretariatAddress(secretariat),
        language,
        ...render(),
      });
      this.skeletons.set(key, skeleton);
    }
    return skeleton;
  }
}
