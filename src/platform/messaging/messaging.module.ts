import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig, runsConsumers } from '../config/app-config';
import { DomainEventHandlers } from './domain-event-handlers';
import { DomainEventsProcessor } from './domain-events.processor';
import { JobSchedulers } from './job-schedulers.service';
import { OutboxRelayService } from './outbox-relay.service';
import { OutboxService } from './outbox.service';
import { QueueStatsService } from './queue-stats.service';
import { DEFAULT_JOB_OPTIONS, QUEUES } from './queue-catalog';
import { QueueWiringCheck } from './queue-wiring.check';
import { redisOptions } from './redis-connection';

const queues = BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name })));

@Global()
@Module({})
export class MessagingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MessagingModule,
      imports: [
        DiscoveryModule,
        BullModule.forRoot({ connection: redisOptions(config.redisUrl), prefix: config.queuePrefix, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
        queues,
      ],
      providers: [
        OutboxService,
        DomainEventHandlers,
        QueueStatsService,
        OutboxRelayService,
        JobSchedulers,
        ...(runsConsumers(config.role) ? [DomainEventsProcessor, QueueWiringCheck] : []),
      ],
      exports: [queues, OutboxService, OutboxRelayService, QueueStatsService, JobSchedulers],
    };
  }
}
