import { Processor } from '@nestjs/bullmq';
import { OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobOf, checkedPayload } from '../../platform/messaging/job-contract';
import { JobSchedulers } from '../../platform/messaging/job-schedulers';
import { RECONCILE_EVERY_MS, reconciled } from '../../platform/messaging/lost-jobs';
import { JobOutcome, ObservedWorkerHost } from '../../platform/messaging/observed-worker-host';
import { QUEUES } from '../../platform/messaging/queue-catalog';
import { ReminderReconciler } from './reminder-reconciler';
import { ReminderSender } from './reminder-sender';
import { ReminderSteps } from './reminder-steps';
import { REMINDER_JOBS, RemindersProducer, SEND_REMINDER_BATCH_SHAPE } from './reminders.jobs';

/** Reminder work: send a batch of a step, reconcile with the database. */
@Processor(QUEUES.reminders, { concurrency: 4 })
export class RemindersProcessor extends ObservedWorkerHost implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly sender: ReminderSender,
    private readonly steps: ReminderSteps,
    private readonly reconciler: ReminderReconciler,
    private readonly producer: RemindersProducer,
    private readonly schedulers: JobSchedulers,
  ) {
    super();
  }

  onModuleInit(): void {
    this.schedulers.onLost('reminders', () => this.reconciler.reconcile(0));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.keepRepeating(this.schedulers, REMINDER_JOBS.reconcile, RECONCILE_EVERY_MS);
  }

  protected async handle(job: JobOf<typeof QUEUES.reminders>): Promise<JobOutcome> {
    switch (job.name) {
      case REMINDER_JOBS.sendBatch: {
        const { stepId, batchNo } = checkedPayload(job, SEND_REMINDER_BATCH_SHAPE);
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
      case REMINDER_JOBS.reconcile:
        return reconciled(await this.reconciler.reconcile());
      default:
        throw new UnrecoverableError(`Unknown reminders job ${(job as { name: string }).name}`);
    }
  }
}
