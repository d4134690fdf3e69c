import { Processor } from '@nestjs/bullmq';
import { OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import { JobSchedulers } from '../messaging/job-schedulers';
import { JobOutcome, ObservedWorkerHost } from '../messaging/observed-worker-host';
import { loggableMessage } from '../observability/loggable-error';
import { QUEUES } from '../messaging/queue-catalog';
import { MailDeliveryError } from './mail-errors';
import { MAIL_JOB, MailJob, MailQueue } from './mail-queue';

/**
 * Sends queued messages. A permanent refusal is final (retrying would be refused again); anything
 * else retries, and after the last attempt the message is given up: failed, with the last error.
 */
@Processor(QUEUES.mail, { concurrency: 8 })
export class MailProcessor extends ObservedWorkerHost implements OnModuleInit {
  constructor(
    private readonly mail: MailQueue,
    private readonly schedulers: JobSchedulers,
  ) {
    super();
  }

  onModuleInit(): void {
    this.schedulers.onLost('mail', () => this.mail.requeueUnsettled());
  }

  protected async handle(job: Job<MailJob>): Promise<JobOutcome> {
    if (job.name !== MAIL_JOB) throw new Error(`Unknown mail job ${job.name}`);
    const { composer, messageId } = job.data;
    if (typeof composer !== 'string' || typeof messageId !== 'string' || typeof job.data.payload !== 'object') {
      return { outcome: 'skipped', detail: 'malformed mail job' };
    }
    try {
      const outcome = await this.mail.deliver(job.data);
      return { outcome: outcome === 'sent' ? 'done' : 'skipped', detail: `${composer}: ${outcome}` };
    } catch (error) {
      if (error instanceof MailDeliveryError && error.permanent) {
        this.logger.warn({ queue: job.queueName, jobId: job.id, composer, err: error.message }, 'message refused for good');
        await this.mail.settle(messageId);
        return { outcome: 'skipped', detail: `${composer}: refused (${error.responseCode ?? error.code ?? 'permanent'})` };
      }
      const attempts = job.attemptsMade + 1;
      if (attempts >= (job.opts.attempts ?? 1)) {
        // Recorded before BullMQ marks the job failed: a recovery from PostgreSQL must not send it again.
        await this.mail.fail(job.data, attempts, loggableMessage(error as Error));
      }
      throw error;
    }
  }
}
