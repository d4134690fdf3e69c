import { Injectable, OnModuleInit } from '@nestjs/common';
import { TickService } from '../../platform/clock/tick.service';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhooksService } from './webhooks.service';

/** Retries go out from the clock tick, so the manual clock drives them like every other time-based step. */
@Injectable()
export class WebhookSchedule implements OnModuleInit {
  constructor(
    private readonly tick: TickService,
    private readonly deliveries: WebhookDeliveries,
    private readonly webhooks: WebhooksService,
  ) {}

  onModuleInit(): void {
    this.tick.register({
      name: 'webhook-retries',
      dueItems: async (now) => {
        const due = await this.deliveries.earliestDue(now);
        return due ? [{ dueAt: due, label: 'webhook retries', perform: (at) => this.queueDue(at) }] : [];
      },
    });
  }

  private async queueDue(now: Date): Promise<void> {
    for (;;) {
      const attempts = await this.deliveries.claimDue(now);
      await this.webhooks.enqueue(attempts);
      if (attempts.length < 1000) return;
    }
  }
}
