import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { DomainEventHandler, DomainEventHandlers } from './domain-event-handlers';
import { DomainEvent } from './domain-events';
import { DomainEventsProcessor } from './domain-events.processor';
import { JobSchedulers } from './job-schedulers';
import { OutboxRelayService } from './outbox-relay.service';

const event = (id: string): DomainEvent => ({ id, type: 'conference.created', aggregateId: 'c', occurredAt: '2027-01-01T00:00:00.000Z', data: { conferenceId: 'c', seriesId: 's', kind: 'regional' } });

function jobOf(events: DomainEvent[]) {
  const job = { data: { events } as Record<string, unknown>, queueName: 'domain-events', name: 'conference.created', id: 'j', attemptsMade: 0, updateData: jest.fn(async (data: Record<string, unknown>) => void (job.data = data)) };
  return job;
}

describe('DomainEventsProcessor', () => {
  beforeAll(() => {
    for (const level of ['debug', 'warn'] as const) jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined);
  });
  afterAll(() => jest.restoreAllMocks());

  it("hands a batch handler every event of a job in one call, and after a failure only those it has not handled", async () => {
    const batches: string[][] = [];
    let failOnce = true;
    const batch: DomainEventHandler = {
      key: 'Fanout.publish',
      types: ['conference.created'],
      handle: async () => undefined,
      handleMany: async (events) => {
        batches.push(events.map((e) => e.id));
      },
    };
    const single: DomainEventHandler = {
      key: 'Other.on',
      types: ['conference.created'],
      handle: async (e) => {
        if (e.id === '2' && failOnce) {
          failOnce = false;
          throw new Error('busy');
        }
      },
    };
    const handled: string[] = [];
    const relay = { markHandled: async (ids: string[]) => void handled.push(...ids) } as unknown as OutboxRelayService;
    const processor = new DomainEventsProcessor({ subscribersOf: () => [batch, single] } as unknown as DomainEventHandlers, relay, {} as JobSchedulers);
    const job = jobOf([event('1'), event('2'), event('3')]);

    await expect(processor.process(job as unknown as Job)).rejects.toThrow('1 handler(s) failed');
    expect(batches).toEqual([['1', '2', '3']]);
    await expect(processor.process(job as unknown as Job)).resolves.toMatchObject({ outcome: 'done', detail: expect.stringContaining('1 handler run(s)') });
    expect(batches).toEqual([['1', '2', '3']]);
    expect(handled).toEqual(['1', '2', '3']);
  });
});
