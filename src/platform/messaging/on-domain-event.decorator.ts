import { SetMetadata } from '@nestjs/common';
import { DomainEventType } from './domain-events';

export const DOMAIN_EVENT_HANDLER = 'convene:domain-event-handler';
export const DOMAIN_EVENT_BATCH_HANDLER = 'convene:domain-event-batch-handler';

/**
 * Marks a provider method as a consumer of a domain event. Each (event, handler) pair becomes its
 * own job with a deterministic id, so one slow or failing handler never holds back the others,
 * and a handler must be safe to run twice.
 */
export const OnDomainEvent = (...types: DomainEventType[]) => SetMetadata(DOMAIN_EVENT_HANDLER, types);

/**
 * Like OnDomainEvent, for a method that takes every event of one job (the events a transaction
 * committed together) in one call, in the order they were written: a handler whose work is one
 * statement for many events makes one round trip per job instead of one per event.
 */
export const OnDomainEvents = (...types: DomainEventType[]) => SetMetadata(DOMAIN_EVENT_BATCH_HANDLER, types);
