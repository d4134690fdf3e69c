import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { rowsOf } from '../../platform/database/rows';
import { subjectIdOf } from '../../platform/mail/message-id';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvent } from '../../platform/messaging/on-domain-event.decorator';
import { OutboxService } from '../../platform/messaging/outbox.service';
import { bounceReason } from '../../platform/mail/mail.events';
import { ContactsService } from '../contacts';
import { InvitationStats } from './invitation-stats';
import './invitations.events';

/** The Message-ID kind of invitations (InvitationMail.messageId). */
const INVITATION_KIND = 'invitation';
/** Reminders to answer carry `reminder-<step>.<invitation id>` (the reminders module's ReminderMail). */
const isReminder = (kind: string) => kind.startsWith('reminder-');

/**
 * A permanent bounce of a message to an invitee. Of the invitation e-mail itself, or of a reminder to
 * answer it: the invitation's delivery becomes `bounced` with the report's status and diagnostic,
 * the wave's and the conference's counters move from sent to bounced, and `invitation.bounced` goes
 * out, all in one transaction (its contact is flagged on that event). Of any other message about the
 * invitation (a confirmation, an offer, a notice): the invitation stays as it is and its contact is
 * flagged undeliverable. A second report changes nothing.
 */
@Injectable()
export class InvitationBounces {
  private readonly logger = new Logger('invitation-bounces');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stats: InvitationStats,
    private readonly outbox: OutboxService,
    private readonly clock: ClockService,
    private readonly contacts: ContactsService,
  ) {}

  @OnDomainEvent('mail.bounced')
  async onBounce(event: DomainEvent<'mail.bounced'>): Promise<void> {
    const { kind, ref, permanent, status, diagnostic } = event.data;
    const invitationId = subjectIdOf(ref);
    if (!permanent || !invitationId) return;
    if (kind === INVITATION_KIND || isReminder(kind)) await this.bounce(invitationId, status, diagnostic, event.data.permanent);
    else await this.flagContact(invitationId, bounceReason(event.data), new Date(event.occurredAt));
  }

  private async bounce(invitationId: string, status: string, diagnostic: string | null, permanent: boolean): Promise<void> {
    const now = await this.clock.now();
    const reason = `bounced: ${status}${diagnostic ? ` ${diagnostic}` : ''}`;
    const bounced = await this.dataSource.transaction(async (manager) => {
      const [row] = await rowsOf<{ id: string; conference_id: string; contact_id: string; wave_id: string }>(
        manager,
        `WITH b AS (
           UPDATE invitations SET delivery = 'bounced', delivery_error = $2, bounced_at = $3
           WHERE id = $1 AND delivery = 'sent' RETURNING id, conference_id, contact_id, wave_id
         ) SELECT * FROM b`,
        [invitationId, reason, now.toISOString()],
      );
      if (!row) return null;
      await manager.query(`UPDATE waves SET sent = sent - 1, bounced = bounced + 1 WHERE id = $1`, [row.wave_id]);
      await this.stats.bump(manager, row.conference_id, { sent: -1, bounced: 1 });
      await this.outbox.record(manager, {
        type: 'invitation.bounced',
        aggregateId: row.id,
        occurredAt: now,
        data: { invitationId: row.id, conferenceId: row.conference_id, contactId: row.contact_id, waveId: row.wave_id, status, diagnostic, permanent },
      });
      return row;
    });
    if (!bounced) return;
    this.outbox.committed();
    this.logger.log({ invitationId: bounced.id, conferenceId: bounced.conference_id, status }, 'invitation bounced');
  }

  private async flagContact(invitationId: string, reason: string, at: Date): Promise<void> {
    const [row] = await rowsOf<{ contact_id: string }>(this.dataSource, `SELECT contact_id FROM invitations WHERE id = $1`, [invitationId]);
    if (!row) return;
    await this.contacts.markUndeliverable(row.contact_id, reason, at);
  }
}
