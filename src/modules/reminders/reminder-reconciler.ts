import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { requeueIfLost } from '../../platform/messaging/requeue';
import { ReminderSteps } from './reminder-steps.service';
import { CLAIM_LEASE_SECONDS, REMINDER_JOBS, reminderBatchJobId } from './reminders.jobs';

/** Batches younger than this may simply not have run yet. */
export const RECONCILE_AFTER_SECONDS = 60;

/**
 * PostgreSQL is the record, Redis the transport: a batch the database still has people to send to,
 * while the queue holds no live job for it (Redis lost its data, a worker died mid-send and its claim
 * lapsed), is queued again under its id. Sending claims each recipient first, so nobody gets a step twice.
 */
@Injectable()
export class ReminderReconciler {
  private readonly logger = new Logger('reminder-reconciler');

  constructor(
    private readonly steps: ReminderSteps,
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue,
  ) {}

  async reconcile(olderThanSeconds = RECONCILE_AFTER_SECONDS, leaseSeconds = CLAIM_LEASE_SECONDS): Promise<{ requeued: number }> {
    let requeued = 0;
    for (const batch of await this.steps.openBatches(olderThanSeconds, leaseSeconds)) {
      if (await requeueIfLost(this.queue, REMINDER_JOBS.sendBatch, batch, reminderBatchJobId(batch.stepId, batch.batchNo, batch.generation))) requeued++;
    }
    if (requeued) this.logger.warn({ requeued }, 'requeued reminder batches the queue had lost');
    return { requeued };
  }
}
