import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { TickService } from '../../platform/clock/tick.service';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { WebhookDeliveries } from './webhook-deliveries';

/** Rows deleted per statement, so pruning a long backlog never holds many locks or one long transaction. */
export const PRUNE_BATCH = 1000;

/**
 * Deletes delivered deliveries once they are older than WEBHOOK_RETENTION_DAYS, driven by the clock
 * tick so the manual clock moves it like every other time-based step. Pending and dead deliveries
 * are kept (a dead one can still be replayed) until their subscription is deleted.
 */
@Injectable()
export class WebhookRetention implements OnModuleInit {
  private readonly logger = new Logger('webhook-retention');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tick: TickService,
    private readonly deliveries: WebhookDeliveries,
  ) {}

  onModuleInit(): void {
    this.tick.register({
      name: 'webhook-retention',
      dueItems: async (now) => {
        const oldest = await this.deliveries.oldestDeliveredBefore(this.cutoff(now));
        return oldest ? [{ dueAt: new Date(oldest.getTime() + this.config.webhookRetentionMs), label: 'webhook delivery retention', perform: async (at) => void (await this.prune(at)) }] : [];
      },
    });
  }

  async prune(now: Date): Promise<number> {
    const before = this.cutoff(now);
    let total = 0;
    for (;;) {
      const pruned = await this.deliveries.pruneDelivered(before, PRUNE_BATCH);
      total += pruned;
      if (pruned < PRUNE_BATCH) break;
    }
    if (total) this.logger.log({ pruned: total, deliveredBefore: before.toISOString() }, 'delivered webhook deliveries pruned');
    return total;
  }

  private cutoff(now: Date): Date {
    return new Date(now.getTime() - this.config.webhookRetentionMs);
  }
}
