import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig, runsConsumers } from '../config/app-config';
import { DomainEventHandlers } from './domain-event-handlers';
import { DomainEventsProcessor } from './domain-events.processor';
import { JobSchedulers } from './job-schedulers';
import { OutboxRelayService } from './outbox-relay.service';
import { OutboxService } from './outbox.service';
import { QueueStatsService } from './queue-stats.service';
import { DEFAULT_JOB_OPTIONS, QUEUES } from './queue-catalog';
import { QueueWiringCheck } from './queue-wiring.check';
import { QueueConnection, queueConnection } from './redis-connection';

const queues = BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name })));

/** The process's BullMQ connection, opened when the queues are built and closed after them. */
class QueueConnectionOwner implements OnApplicationShutdown {
  private opened?: QueueConnection;

  constructor(private readonly config: AppConfig) {}

  get connection(): QueueConnection['connection'] {
    this.opened ??= queueConnection(this.config.redis);
    return this.opened.connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.opened?.close();
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(config: AppConfig): DynamicModule {
    const owner = new QueueConnectionOwner(config);
    return {
      module: MessagingModule,
      imports: [
        DiscoveryModule,
        BullModule.forRootAsync({ useFactory: () => ({ connection: owner.connection, prefix: config.queuePrefix, defaultJobOptions: DEFAULT_JOB_OPTIONS }) }),
        queues,
      ],
      providers: [
        { provide: QueueConnectionOwner, useValue: owner },
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
