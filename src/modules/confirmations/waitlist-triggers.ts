import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from '../../platform/clock/clock.service';
import { rowsOf } from '../../platform/database/rows';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvent } from '../../platform/messaging/on-domain-event.decorator';
import { CONTACT_ERASED } from '../contacts/contact-events';
import { ConferencesService } from '../conferences/conferences.service';
import { ParticipantsService } from './participants.service';
import { PlaceLedger } from './place-ledger';
import { WaitlistService } from './waitlist.service';

/** Reactions to other events: freed places and a higher capacity start offers; an erased contact's people are scrubbed. */
@Injectable()
export class WaitlistTriggers {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waitlist: WaitlistService,
    private readonly places: PlaceLedger,
    private readonly conferences: ConferencesService,
    private readonly participants: ParticipantsService,
    private readonly clock: ClockService,
  ) {}

  @OnDomainEvent('rsvp.declined', 'participant.cancelled')
  async placesFreed(event: DomainEvent<'rsvp.declined'> | DomainEvent<'participant.cancelled'>): Promise<void> {
    if (event.type === 'rsvp.declined' && (event.data as { placesFreed: number }).placesFreed === 0) return;
    if (event.type === 'participant.cancelled' && (event.data as { reason: string }).reason === 'declined') return;
    await this.waitlist.queueOffers(event.data.conferenceId, `evt${event.id}`);
  }

  @OnDomainEvent('conference.updated')
  async capacityChanged(event: DomainEvent<'conference.updated'>): Promise<void> {
    if (!event.data.changed.includes('capacity') || event.data.capacity === null) return;
    const conference = await this.conferences.find(event.data.conferenceId);
    await this.places.layOut(conference.id, conference.capacity ?? 0, new Date(conference.updatedAt));
    await this.waitlist.queueOffers(conference.id, `evt${event.id}`);
  }

  @OnDomainEvent(CONTACT_ERASED)
  async contactErased(event: DomainEvent<typeof CONTACT_ERASED>): Promise<void> {
    const now = await this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const parties = await rowsOf<{ invitation_id: string }>(
        manager,
        `UPDATE rsvp_parties SET request = '{}', organisation = NULL, timezone = NULL WHERE contact_id = $1 RETURNING invitation_id`,
        [event.data.contactId],
      );
      const ids = parties.map((p) => p.invitation_id);
      if (ids.length === 0) return;
      await this.participants.scrub(manager, ids, now);
      await manager.query(`UPDATE delegation_credentials SET content = NULL, filename = 'erased.pdf' WHERE invitation_id = ANY($1::uuid[])`, [ids]);
    });
  }
}
