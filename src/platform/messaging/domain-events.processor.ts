import { Processor } from '@nestjs/bullmq';
import { OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import { loggableMessage } from '../observability/loggable-error';
import { DomainEventHandler, DomainEventHandlers } from './domain-event-handlers';
import { DomainEvent } from './domain-events';
import { JobSchedulers } from './job-schedulers';
import { JobOutcome, ObservedWorkerHost } from './observed-worker-host';
import { EventJobData, eventsOf } from './outbox-relay';
import { OutboxRelayService } from './outbox-relay.service';
import { QUEUES } from './queue-catalog';

/** What ran already: `<event id>:<handler>`; a lone event's job may also name just the handler. */
type HandledJobData = EventJobData & { handled?: string[] };

/**
 * Runs each event of a job (one event, or the events one transaction committed together) through
 * every handler this worker has for its type. Handlers that succeeded are remembered on the job, so
 * a retry after another handler failed runs only what is left; handlers must still be idempotent,
 * since a crash can come before that note is written. Events are marked handled in the outbox once
 * every handler ran, so that a Redis which lost the job before then is given it again.
 */
@Processor(QUEUES.domainEvents, { concurrency: 8 })
export class DomainEventsProcessor extends ObservedWorkerHost implements OnModuleInit {
  constructor(
    private readonly handlers: DomainEventHandlers,
    private readonly relay: OutboxRelayService,
    private readonly schedulers: JobSchedulers,
  ) {
    super();
  }

  onModuleInit(): void {
    this.schedulers.onLost('domain-events', () => this.relay.republishUnhandled());
  }

  protected async handle(job: Job<HandledJobData>): Promise<JobOutcome> {
    const { handled: previously, ...data } = job.data;
    const handled = new Set(previously ?? []);
    const events = eventsOf(data as EventJobData);
    const lone = events.length === 1;
    const failures: string[] = [];
    const done = (event: DomainEvent, handler: DomainEventHandler) => handled.has(`${event.id}:${handler.key}`) || (lone && handled.has(handler.key));
    let ran = 0;
    // A batch handler takes, in one call, every event of the job it has not handled yet.
    const batches = new Map<DomainEventHandler, DomainEvent[]>();
    for (const event of events) {
      for (const handler of this.handlers.subscribersOf(event.type)) {
        if (handler.handleMany && !done(event, handler)) batches.set(handler, [...(batches.get(handler) ?? []), event]);
      }
    }
    for (const [handler, pending] of batches) {
      ran++;
      try {
        await handler.handleMany!(pending);
        for (const event of pending) handled.add(`${event.id}:${handler.key}`);
      } catch (error) {
        failures.push(`${handler.key} on ${pending.length} event(s) from ${pending[0].id}: ${(error as Error).message}`);
      }
    }
    for (const event of events) {
      for (const handler of this.handlers.subscribersOf(event.type)) {
        if (handler.handleMany || done(event, handler)) continue;
        ran++;
        try {
          await handler.handle(event);
          handled.add(`${event.id}:${handler.key}`);
        } catch (error) {
          failures.push(`${handler.key} on ${event.type} ${event.id}: ${loggableMessage(error as Error)}`);
        }
      }
    }
    const what = lone ? `${events[0].type} ${events[0].id}` : `${events.length} events ${events[0].id}–${events[events.length - 1].id}`;
    if (failures.length) {
      await job.updateData({ ...job.data, handled: [...handled] });
      throw new Error(`${failures.length} handler(s) failed for ${what}: ${failures.join('; ')}`);
    }
    await this.relay.markHandled(events.map((e) => e.id));
    if (ran === 0) return { outcome: 'skipped', detail: `${what}: no handler left` };
    return { outcome: 'done', detail: `${what} -> ${ran} handler run(s)` };
  }
}
