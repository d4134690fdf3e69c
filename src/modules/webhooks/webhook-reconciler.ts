import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { requeueIfLost } from '../../platform/messaging/requeue';
import { WebhookDeliveries } from './webhook-deliveries';
import { WEBHOOK_JOBS, deliverJobId } from './webhooks.jobs';

/** An attempt queued this long ago (real time) and still unrecorded may have been lost with Redis. */
export const LOST_AFTER_SECONDS = 120;

/**
 * PostgreSQL is the record of every delivery, Redis only carries the attempts: this queues again,
 * under the same id, an attempt the database calls queued while the queue holds no live job for it.
 */
@Injectable()
export class WebhookReconciler {
  private readonly logger = new Logger('webhook-reconciler');

  constructor(
    private readonly deliveries: WebhookDeliveries,
    @InjectQueue(QUEUES.webhooks) private readonly queue: Queue,
  ) {}

  async reconcile(olderThanSeconds = LOST_AFTER_SECONDS): Promise<{ requeued: number }> {
    let requeued = 0;
    for (const a of await this.deliveries.queuedBefore(olderThanSeconds)) {
      const data = { deliveryId: a.deliveryId, attempt: a.attempt };
      if (await requeueIfLost(this.queue, WEBHOOK_JOBS.deliver, data, deliverJobId(a.deliveryId, a.attempt), { attempts: 3, removeOnComplete: true })) requeued++;
    }
    if (requeued) this.logger.warn({ requeued }, 'requeued webhook attempts the queue had lost');
    return { requeued };
  }
}
