import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvent } from '../../platform/messaging/on-domain-event.decorator';
import { CONTACT_ERASED } from '../contacts';
import { ConferencesService } from '../conferences';
import { OffersProducer } from './offers.jobs';
import { Parties } from './parties';
import { PlaceLedger } from './place-ledger';

/** Reactions to other events: freed places and a higher capacity start offers; an erased contact's answers are scrubbed. */
@Injectable()
export class PlacesTriggers {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly offers: OffersProducer,
    private readonly places: PlaceLedger,
    private readonly parties: Parties,
    private readonly conferences: ConferencesService,
  ) {}

  @OnDomainEvent('rsvp.declined', 'participant.cancelled')
  async placesFreed(event: DomainEvent<'rsvp.declined'> | DomainEvent<'participant.cancelled'>): Promise<void> {
    if (event.type === 'rsvp.declined' && (event.data as { placesFreed: number }).placesFreed === 0) return;
    if (event.type === 'participant.cancelled' && (event.data as { reason: string }).reason === 'declined') return;
    await this.offers.offerPlaces(event.data.conferenceId, `evt${event.id}`);
  }

  @OnDomainEvent('conference.updated')
  async capacityChanged(event: DomainEvent<'conference.updated'>): Promise<void> {
    if (!event.data.changed.includes('capacity') || event.data.capacity === null) return;
    const conference = await this.conferences.find(event.data.conferenceId);
    await this.places.layOut(conference.id, conference.capacity ?? 0, new Date(conference.updatedAt));
    await this.offers.offerPlaces(conference.id, `evt${event.id}`);
  }

  @OnDomainEvent(CONTACT_ERASED)
  async contactErased(event: DomainEvent<typeof CONTACT_ERASED>): Promise<void> {
    await this.dataSource.transaction((manager) => this.parties.scrub(manager, event.data.contactId));
  }
}
