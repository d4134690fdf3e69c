import { Injectable, Logger } from '@nestjs/common';
import { ClockService } from '../../platform/clock/clock.service';
import { DomainEvent } from '../../platform/messaging/domain-events';
import { OnDomainEvents } from '../../platform/messaging/on-domain-event.decorator';
import { Batcher } from '../../platform/database/call-batcher';
import { CATALOGUED_DOMAIN_EVENTS, publicEvent } from './webhook-catalogue';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhooksService } from './webhooks.service';

/**
 * Turns committed domain events into deliveries: the domain-events consumer hands this handler the
 * events of each job together, and it writes one delivery row per event and interested
 * subscription and queues their first attempts in bulk. Running it twice for an event writes
 * nothing new (one row per event and subscription).
 */
@Injectable()
export class WebhookFanout {
  private readonly logger = new Logger('webhook-fanout');

  /**
   * Events handled at the same moment (concurrent jobs') are written and queued together. The
   * handler returns once the rows are written: queuing their first attempts does not hold the next
   * event back, and an attempt Redis does not take is queued again by the reconciler.
   */
  private readonly batcher = new Batcher<{ id: string; type: string; body: string }, void>(async (events) => {
    const attempts = await this.deliveries.fanOut(events, await this.clock.now());
    this.webhooks.enqueue(attempts.flat()).catch((error: Error) => this.logger.warn({ err: error.message }, 'first attempts not queued; the reconciler will queue them'));
    return events.map(() => undefined);
  }, 500, 1);

  constructor(
    private readonly deliveries: WebhookDeliveries,
    private readonly webhooks: WebhooksService,
    private readonly clock: ClockService,
  ) {}

  @OnDomainEvents(...CATALOGUED_DOMAIN_EVENTS)
  async publish(events: DomainEvent[]): Promise<void> {
    await Promise.all(
      events.map((event) => {
        const published = publicEvent(event);
        if (!published) return;
        const id = `evt_${event.id}`;
        const body = JSON.stringify({ id, type: published.type, occurredAt: event.occurredAt, data: published.data });
        return this.batcher.add({ id, type: published.type, body });
      }),
    );
  }
}
