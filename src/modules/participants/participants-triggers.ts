import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvent } from '../../platform/messaging/on-domain-event.decorator';
import { LifecycleGuards } from '../conferences';
import { CONTACT_ERASED } from '../contacts';
import { InvitationsService } from '../invitations';
import { ParticipantsService } from './participants.service';

/** What participants contribute elsewhere: the capacity guard of the lifecycle, and erasure of an erased contact's people. */
@Injectable()
export class ParticipantsTriggers implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly guards: LifecycleGuards,
    private readonly participants: ParticipantsService,
    private readonly invitations: InvitationsService,
    private readonly clock: ClockService,
  ) {}

  onModuleInit(): void {
    this.guards.register({
      name: 'capacity_respected',
      from: 'registration_closed',
      to: 'ready',
      check: async (conference) => {
        if (!conference.capacity) return undefined;
        const confirmed = await this.participants.countConfirmed(conference.id);
        return confirmed <= conference.capacity
          ? undefined
          : `${confirmed} participants are confirmed for ${conference.capacity} places; raise the capacity or ask ${confirmed - conference.capacity} to withdraw.`;
      },
    });
  }

  /** Names, addresses and needs of the contact's parties go, with their documents; the rows (and so the counts) stay. */
  @OnDomainEvent(CONTACT_ERASED)
  async contactErased(event: DomainEvent<typeof CONTACT_ERASED>): Promise<void> {
    const ids = await this.invitations.idsForContact(event.data.contactId);
    if (ids.length === 0) return;
    const now = await this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE participants SET full_name = NULL, email = NULL, job_title = NULL, accessibility_needs = NULL, erased_at = $2
         WHERE invitation_id = ANY($1::uuid[]) AND erased_at IS NULL`,
        [ids, now.toISOString()],
      );
      await manager.query(`UPDATE delegation_credentials SET content = NULL, filename = 'erased.pdf' WHERE invitation_id = ANY($1::uuid[])`, [ids]);
    });
  }
}
