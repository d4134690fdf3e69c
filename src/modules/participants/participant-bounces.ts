import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rowsOf } from '../../platform/database/rows';
import { bounceReason, failureReason } from '../../platform/mail/mail.events';
import { subjectIdOf } from '../../platform/mail/message-id';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvent } from '../../platform/messaging/on-domain-event.decorator';
import { ContactsService } from '../contacts';
import { InvitationsService } from '../invitations';

/**
 * A permanent bounce of mail to a participant (a delegate's confirmation, a reminder before the
 * conference, the thank-you) or about the invitee's invitation (the invitee's confirmation): the
 * participant shows `deliverable: false` with the reason. Mail addressed to the invitee as a
 * participant flags the invitee's contact too, and mail addressed to a delegate flags the directory
 * contact with the delegate's address when there is one; the invitations module flags the contact
 * for mail about the invitation itself.
 */
@Injectable()
export class ParticipantBounces {
  private readonly logger = new Logger('participant-bounces');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invitations: InvitationsService,
    private readonly contacts: ContactsService,
  ) {}

  @OnDomainEvent('mail.bounced')
  async onBounce(event: DomainEvent<'mail.bounced'>): Promise<void> {
    const { ref, permanent } = event.data;
    const subjectId = subjectIdOf(ref);
    if (!permanent || !subjectId) return;
    const at = new Date(event.occurredAt);
    const reason = bounceReason(event.data);
    // Every participant the bounce is about, marked now or before, so a retried event still flags the directory.
    const bounced = await rowsOf<{ id: string; conference_id: string; invitation_id: string; is_invitee: boolean; email: string | null; addressed: boolean; fresh: boolean }>(
      this.dataSource,
      `WITH marked AS (
         UPDATE participants SET mail_bounced_at = $2, mail_bounce_reason = $3
         WHERE (id = $1 OR (invitation_id = $1 AND is_invitee)) AND erased_at IS NULL AND mail_bounced_at IS NULL
         RETURNING id
       )
       SELECT p.id, p.conference_id, p.invitation_id, p.is_invitee, p.email, p.id = $1 AS addressed, m.id IS NOT NULL AS fresh
       FROM participants p LEFT JOIN marked m ON m.id = p.id
       WHERE (p.id = $1 OR (p.invitation_id = $1 AND p.is_invitee)) AND p.erased_at IS NULL`,
      [subjectId, at.toISOString(), reason],
    );
    for (const participant of bounced) {
      if (participant.fresh) this.logger.log({ participantId: participant.id, conferenceId: participant.conference_id }, 'mail to a participant bounced');
      if (!participant.addressed) continue;
      if (!participant.is_invitee) {
        if (participant.email) await this.contacts.markUndeliverableAddress(participant.email, reason, at);
        continue;
      }
      if (!participant.fresh) continue;
      const contactId = await this.invitations.contactOf(participant.invitation_id);
      if (contactId) await this.contacts.markUndeliverable(contactId, reason, at);
    }
  }

  /**
   * A message to a participant given up after its last attempt: the participant shows it, with the
   * last error, until a later one replaces it. The address is not marked: the server, not the
   * address, may be what failed.
   */
  @OnDomainEvent('mail.failed')
  async onFailure(event: DomainEvent<'mail.failed'>): Promise<void> {
    const subjectId = subjectIdOf(event.data.ref);
    if (!subjectId) return;
    const marked = await rowsOf<{ id: string; conference_id: string }>(
      this.dataSource,
      `WITH marked AS (
         UPDATE participants SET mail_failed_at = $2, mail_failure_reason = $3
         WHERE (id = $1 OR (invitation_id = $1 AND is_invitee)) AND erased_at IS NULL AND (mail_failed_at IS NULL OR mail_failed_at <= $2)
         RETURNING id, conference_id
       ) SELECT * FROM marked`,
      [subjectId, new Date(event.occurredAt).toISOString(), failureReason(event.data)],
    );
    for (const participant of marked) this.logger.log({ participantId: participant.id, conferenceId: participant.conference_id }, 'mail to a participant given up');
  }
}
