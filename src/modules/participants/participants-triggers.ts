import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvent } from '../../platform/messaging/on-domain-event.decorator';
import { LifecycleGuards } from '../conferences';
import { CONTACT_ERASED, CONTACT_UPDATED, ContactsService } from '../contacts';
import { InvitationsService } from '../invitations';
import { OutboxService, PendingEvent } from '../../platform/messaging/outbox.service';
import { ParticipantsService } from './participants.service';
import { BadgeField } from './roster';

/** What participants contribute elsewhere: the capacity guard of the lifecycle, and the erasure and updates of a contact's people. */
@Injectable()
export class ParticipantsTriggers implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly guards: LifecycleGuards,
    private readonly participants: ParticipantsService,
    private readonly invitations: InvitationsService,
    private readonly contacts: ContactsService,
    private readonly outbox: OutboxService,
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

  /**
   * A contact's printed details changed (an import): the confirmed participants made from it take
   * them (the name, honorific and job title are the invitee's, the delegation everyone's), and each
   * whose badge or letter now reads differently is announced as updated, so accreditation prints it
   * again. A redelivered event finds its participants marked with it and announces nothing.
   */
  @OnDomainEvent(CONTACT_UPDATED)
  async contactUpdated(event: DomainEvent<typeof CONTACT_UPDATED>): Promise<number> {
    const ids = await this.invitations.idsForContact(event.data.contactId);
    if (ids.length === 0) return 0;
    const [details] = await this.contacts.mailingDetails([event.data.contactId]);
    if (!details) return 0;
    const now = await this.clock.now();
    const announced = await this.dataSource.transaction(async (manager) => {
      const rows: Array<{ id: string; conference_id: string; invitation_id: string; fields: BadgeField[] }> = await manager.query(
        `WITH found AS (
           SELECT id, conference_id, invitation_id, array_remove(ARRAY[
               CASE WHEN is_invitee AND full_name IS DISTINCT FROM $2 THEN 'fullName' END,
               CASE WHEN is_invitee AND $7 THEN 'honorific' END,
               CASE WHEN is_invitee AND job_title IS DISTINCT FROM $8 THEN 'jobTitle' END,
               CASE WHEN organisation IS DISTINCT FROM $3 THEN 'organisation' END,
               CASE WHEN country IS DISTINCT FROM $4 THEN 'country' END,
               CASE WHEN stakeholder_type IS DISTINCT FROM $5 THEN 'stakeholderType' END
             ]::text[], NULL) AS fields
           FROM participants
           WHERE invitation_id = ANY($1::uuid[]) AND status = 'confirmed' AND erased_at IS NULL AND contact_updated_for IS DISTINCT FROM $6
           FOR UPDATE
         ),
         updated AS (
           UPDATE participants p SET full_name = CASE WHEN p.is_invitee THEN $2 ELSE p.full_name END,
             job_title = CASE WHEN p.is_invitee THEN $8 ELSE p.job_title END, organisation = $3, country = $4, stakeholder_type = $5,
             contact_updated_for = $6
           FROM found f WHERE p.id = f.id RETURNING p.id
         )
         SELECT f.id, f.conference_id, f.invitation_id, f.fields FROM found f JOIN updated u ON u.id = f.id WHERE cardinality(f.fields) > 0 ORDER BY f.id`,
        [ids, details.fullName, details.organisation, details.country, details.stakeholderType, event.id, event.data.fields.includes('honorific'), details.jobTitle],
      );
      await this.outbox.record(
        manager,
        ...rows.map(
          (r): PendingEvent => ({
            type: 'participant.updated',
            aggregateId: r.id,
            occurredAt: now,
            data: { conferenceId: r.conference_id, invitationId: r.invitation_id, participantId: r.id, fields: r.fields },
          }),
        ),
      );
      return rows.length;
    });
    if (announced > 0) this.outbox.committed();
    return announced;
  }
}
