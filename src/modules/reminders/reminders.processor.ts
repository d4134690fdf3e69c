import { InjectQueue, Processor } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { JobSchedulers } from '../../platform/messaging/job-schedulers.service';
import { JobOutcome, ObservedWorkerHost } from '../../platform/messaging/observed-worker-host';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { ReminderReconciler } from './reminder-reconciler';
import { ReminderSender } from './reminder-sender';
import { ReminderSteps } from './reminder-steps.service';
import { REMINDER_JOBS, SendReminderBatchJob } from './reminders.jobs';

const RECONCILE_EVERY_MS = 30_000;

/** Reminder work: send a batch of a step, reconcile with the database. */
@Processor(QUEUES.reminders, { concurrency: 4 })
export class RemindersProcessor extends ObservedWorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly sender: ReminderSender,
    private readonly steps: ReminderSteps,
    private readonly reconciler: ReminderReconciler,
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue,
    private readonly schedulers: JobSchedulers,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.schedulers.onLost('reminders', () => this.reconciler.reconcile(0));
    await this.schedulers.keep(this.queue, REMINDER_JOBS.reconcile, RECONCILE_EVERY_MS);
  }

  protected async handle(job: Job): Promise<JobOutcome> {
    switch (job.name) {
      case REMINDER_JOBS.sendBatch: {
        const { stepId, batchNo } = job.data as SendReminderBatchJob;
        if (typeof stepId !== 'string' || !Number.isInteger(batchNo)) throw new Error(`Malformed reminder batch job ${job.id}`);
        const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        const outcome = await this.sender.sendBatch(stepId, batchNo, finalAttempt);
        if (outcome?.deferred) {
          // Sent ones are recorded; the rest waits for BullMQ's next attempt, with backoff.
          throw new Error(`${outcome.deferred} reminder(s) deferred by the mail server: ${outcome.deferredReason ?? 'temporary failure'}`);
        }
        if (!outcome) await this.steps.completeIfDone(stepId);
        return outcome
          ? { outcome: 'done', detail: `sent ${outcome.sent}, skipped ${outcome.skipped}, waiting ${outcome.waiting}, failed ${outcome.failed}` }
          : { outcome: 'skipped', detail: 'nothing left open in this batch' };
      }
      case REMINDER_JOBS.reconcile: {
        const { requeued } = await this.reconciler.reconcile();
        return { outcome: requeued ? 'done' : 'skipped', detail: `${requeued} requeued` };
      }
      default:
        throw new Error(`Unknown reminders job ${job.name}`);
    }
  }
}
