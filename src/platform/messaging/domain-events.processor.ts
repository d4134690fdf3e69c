import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { DomainEventHandlers } from './domain-event-handlers';
import { DomainEvent } from './domain-events';
import { JobOutcome, ObservedWorkerHost } from './observed-worker-host';
import { QUEUES } from './queue-catalog';

/** Runs one domain event through one handler; the job name is the handler's key. */
@Processor(QUEUES.domainEvents, { concurrency: 8 })
export class DomainEventsProcessor extends ObservedWorkerHost {
  constructor(private readonly handlers: DomainEventHandlers) {
    super();
  }

  protected async handle(job: Job<DomainEvent>): Promise<JobOutcome> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`No handler ${job.name} in this worker; is it running an older build?`);
    await handler.handle(job.data);
    return { outcome: 'done', detail: `${job.data.type} ${job.data.id}` };
  }
}
