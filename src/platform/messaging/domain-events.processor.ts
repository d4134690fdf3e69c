import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { DomainEventHandlers } from './domain-event-handlers';
import { DomainEvent } from './domain-events';
import { JobOutcome, ObservedWorkerHost } from './observed-worker-host';
import { QUEUES } from './queue-catalog';

type EventJobData = DomainEvent & { handled?: string[] };

/**
 * Runs one domain event through every handler this worker has for its type. Handlers that
 * succeeded are remembered on the job, so a retry after another handler failed runs only what is
 * left; handlers must still be idempotent, since a crash can come before that note is written.
 */
@Processor(QUEUES.domainEvents, { concurrency: 8 })
export class DomainEventsProcessor extends ObservedWorkerHost {
  constructor(private readonly handlers: DomainEventHandlers) {
    super();
  }

  protected async handle(job: Job<EventJobData>): Promise<JobOutcome> {
    const handled = new Set(job.data.handled ?? []);
    const pending = this.handlers.subscribersOf(job.data.type).filter((h) => !handled.has(h.key));
    if (pending.length === 0) return { outcome: 'skipped', detail: `${job.data.type} ${job.data.id}: no handler left` };
    const { handled: _handled, ...event } = job.data;
    const failures: string[] = [];
    for (const handler of pending) {
      try {
        await handler.handle(event);
        handled.add(handler.key);
      } catch (error) {
        failures.push(`${handler.key}: ${(error as Error).message}`);
      }
    }
    if (failures.length) {
      await job.updateData({ ...job.data, handled: [...handled] });
      throw new Error(`${failures.length} handler(s) failed for ${job.data.type} ${job.data.id}: ${failures.join('; ')}`);
    }
    return { outcome: 'done', detail: `${job.data.type} ${job.data.id} -> ${pending.length} handler(s)` };
  }
}
