import { Injectable } from '@nestjs/common';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvent, OnDomainEvents } from '../../platform/messaging/on-domain-event.decorator';
import type {} from '../accreditation';
import { LogisticsService } from './logistics.service';

/** The worker side of logistics: the checklist follows a new conference, readiness follows what may clear its blockers. */
@Injectable()
export class LogisticsTriggers {
  constructor(private readonly logistics: LogisticsService) {}

  @OnDomainEvent('conference.created')
  async conferenceCreated(event: DomainEvent<'conference.created'>): Promise<void> {
    await this.logistics.seedChecklist(event.data.conferenceId);
  }

  /** Registration closing can leave nothing to wait for. */
  @OnDomainEvent('conference.transitioned')
  async conferenceTransitioned(event: DomainEvent<'conference.transitioned'>): Promise<void> {
    if (event.data.to === 'registration_closed') await this.logistics.announceIfReady(event.data.conferenceId);
  }

  /** A badge printed or a visa letter issued may clear the last blocker; a print job's badges come in one call, so each conference is looked at once. */
  @OnDomainEvents('badge.issued', 'visa_letter.issued')
  async documentsIssued(events: Array<DomainEvent<'badge.issued' | 'visa_letter.issued'>>): Promise<void> {
    for (const conferenceId of new Set(events.map((e) => e.data.conferenceId))) await this.logistics.announceIfReady(conferenceId);
  }
}
