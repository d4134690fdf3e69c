import { Injectable, Logger } from '@nestjs/common';
import { OpenJob, RECONCILE_AFTER_SECONDS, requeueLost } from '../../platform/messaging/lost-jobs';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { ReminderSteps } from './reminder-steps';
import { CLAIM_LEASE_SECONDS, REMINDER_JOBS, RemindersProducer, reminderBatchJobId } from './reminders.jobs';

/**
 * Reminder batches the database still has people to send to (Redis lost the job, or a worker died
 * mid-send and its claim lapsed), queued again. Sending claims each recipient first, so nobody gets
 * a step twice.
 */
@Injectable()
export class ReminderReconciler {
  private readonly logger = new Logger('reminder-reconciler');

  constructor(
    private readonly steps: ReminderSteps,
    private readonly producer: RemindersProducer,
  ) {}

  async reconcile(olderThanSeconds = RECONCILE_AFTER_SECONDS, leaseSeconds = CLAIM_LEASE_SECONDS): Promise<{ requeued: number }> {
    const batches = await this.steps.openBatches(olderThanSeconds, leaseSeconds);
    const open: Array<OpenJob<typeof QUEUES.reminders>> = batches.map((batch) => ({ name: REMINDER_JOBS.sendBatch, data: batch, jobId: reminderBatchJobId(batch.stepId, batch.batchNo, batch.generation) }));
    return requeueLost(this.producer, open, this.logger, 'reminder batches');
  }
}
