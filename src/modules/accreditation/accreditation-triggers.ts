import { Injectable } from '@nestjs/common';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvent } from '../../platform/messaging/on-domain-event.decorator';
import type { BadgeField } from '../participants';
import { BadgesService, JobOutcome } from './badges.service';
import { ParticipantListsService } from './participant-lists.service';
import { VisaLettersService } from './visa-letters.service';

/** The details of its holder a visa letter prints (see renderVisaLetter). */
const LETTER_FIELDS: ReadonlySet<BadgeField> = new Set<BadgeField>(['fullName', 'honorific', 'jobTitle', 'organisation']);

/** The worker side of accreditation: documents follow the roster (badges through their own queue, see BadgesProcessor). */
@Injectable()
export class AccreditationTriggers {
  constructor(
    private readonly badges: BadgesService,
    private readonly visaLetters: VisaLettersService,
    private readonly lists: ParticipantListsService,
  ) {}

  @OnDomainEvent('participant.confirmed')
  async participantConfirmed(event: DomainEvent<'participant.confirmed'>): Promise<{ badge: JobOutcome; visaLetter: JobOutcome }> {
    const { participantId, conferenceId, invitationId, needsVisaLetter } = event.data;
    if (needsVisaLetter) await this.visaLetters.request(participantId, conferenceId);
    const badge = await this.badges.request(participantId, conferenceId, invitationId);
    const visaLetter = needsVisaLetter ? await this.visaLetters.issue(participantId) : 'skipped';
    return { badge, visaLetter };
  }

  /** A letter asked for in a later answer is produced as one asked for on confirmation. */
  @OnDomainEvent('participant.visa_letter_requested')
  async visaLetterRequested(event: DomainEvent<'participant.visa_letter_requested'>): Promise<JobOutcome> {
    const { participantId, conferenceId } = event.data;
    await this.visaLetters.request(participantId, conferenceId);
    return this.visaLetters.issue(participantId);
  }

  @OnDomainEvent('participant.cancelled')
  async participantCancelled(event: DomainEvent<'participant.cancelled'>): Promise<JobOutcome> {
    const { participantId, conferenceId, invitationId, reason } = event.data;
    await this.visaLetters.revoke(participantId);
    return this.badges.revoke(participantId, conferenceId, invitationId, reason);
  }

  /** What the badge shows changed: it is printed again, and the old one stops opening the door. */
  @OnDomainEvent('participant.updated')
  async participantUpdated(event: DomainEvent<'participant.updated'>): Promise<JobOutcome> {
    return this.badges.reprint(event.data.participantId, event.id);
  }

  /** What the letter prints changed: an issued letter is drawn again; a new capacity or delegation shows on the badge only. */
  @OnDomainEvent('participant.updated')
  async participantLetterUpdated(event: DomainEvent<'participant.updated'>): Promise<JobOutcome> {
    if (!event.data.fields.some((field) => LETTER_FIELDS.has(field))) return 'skipped';
    return this.visaLetters.reissue(event.data.participantId, event.id);
  }

  @OnDomainEvent('participant_list.requested')
  async participantListRequested(event: DomainEvent<'participant_list.requested'>): Promise<JobOutcome> {
    return this.lists.generate(event.data.conferenceId, event.data.kind, event.data.requestedAt);
  }

  /** A reissued badge is printed again with its new code. */
  @OnDomainEvent('badge.revoked')
  async badgeRevoked(event: DomainEvent<'badge.revoked'>): Promise<JobOutcome> {
    const { reason, participantId, conferenceId, invitationId } = event.data;
    return reason === 'reissued' ? this.badges.request(participantId, conferenceId, invitationId) : 'skipped';
  }
}
