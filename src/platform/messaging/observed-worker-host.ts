import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnModuleDestroy } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { loggableMessage, scrubbedForJobRecord } from '../observability/loggable-error';
import { jobMetrics } from '../observability/metrics';

/** What a handler reports: it did the work, found it already done, or had nothing to do. */
export type JobOutcome = { outcome: 'done' | 'skipped'; detail?: string; [key: string]: unknown };

/**
 * The one wrapper around every job: structured log line with queue and job ids (never personal
 * data), duration and outcome metrics, and errors re-thrown so BullMQ retries with backoff, scrubbed
 * like a log line first since BullMQ keeps a failed job's reason and stack in Redis.
 */
export abstract class ObservedWorkerHost extends WorkerHost implements OnModuleDestroy {
  protected readonly logger = new Logger(this.constructor.name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase());

  /**
   * Drains the worker before any connection closes: application-shutdown hooks (the database pool
   * among them) run only after every module is destroyed, so a job in flight still records what it
   * sent instead of leaving mail out that the database does not know about.
   */
  async onModuleDestroy(): Promise<void> {
    await this.worker.close();
  }

  protected abstract handle(job: Job): Promise<JobOutcome>;

  /** BullMQ reports here what it could not do with Redis (a lock or job lost in a flush); unheard, it goes to the console. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.logger.warn({ err: error.message }, 'queue worker error');
  }

  async process(job: Job): Promise<JobOutcome> {
    const started = performance.now();
    const labels = { queue: job.queueName, job: job.name };
    try {
      const result = await this.handle(job);
      jobMetrics.completed.inc({ ...labels, outcome: result.outcome });
      jobMetrics.duration.observe(labels, (performance.now() - started) / 1000);
      this.logger.debug({ queue: job.queueName, jobName: job.name, jobId: job.id, outcome: result.outcome, detail: result.detail }, 'job finished');
      return result;
    } catch (error) {
      jobMetrics.completed.inc({ ...labels, outcome: 'failed' });
      this.logger.warn(
        { queue: job.queueName, jobName: job.name, jobId: job.id, attempt: job.attemptsMade + 1, err: loggableMessage(error as Error) },
        error instanceof UnrecoverableError ? 'job failed for good; it is not retried' : 'job failed; it will be retried while attempts remain',
      );
      throw scrubbedForJobRecord(error as Error);
    }
  }
}
