import { SetMetadata } from '@nestjs/common';
import { DomainEventType } from './domain-events';

export const DOMAIN_EVENT_HANDLER = 'convene:domain-event-handler';

/**
 * Marks a provider method as a consumer of a domain event. Each (event, handler) pair becomes its
 * own job with a deterministic id, so one slow or failing handler never holds back the others,
 * and a handler must be safe to run twice.
 */
export const OnDomainEvent = (...types: DomainEventType[]) => SetMetadata(DOMAIN_EVENT_HANDLER, types);
