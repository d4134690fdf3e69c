import { BullBoardModule } from '@bull-board/nestjs';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig, servesHttp } from '../config/app-config';
import { QUEUES } from '../messaging/queue-catalog';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { QUEUE_BOARD_ROUTE, QueueBoardAccessHook } from './queue-board-access.hook';
import { QueueBoardErrorsHook } from './queue-board-errors.hook';

@Module({})
export class ObservabilityModule {
  static forRoot(config: AppConfig): DynamicModule {
    const http = servesHttp(config.role);
    return {
      module: ObservabilityModule,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        ...(http
          ? [
              BullBoardModule.forRoot({ route: QUEUE_BOARD_ROUTE, adapter: FastifyAdapter, boardOptions: { uiConfig: { boardTitle: 'Convene queues' } } }),
              ...Object.values(QUEUES).map((name) => BullBoardModule.forFeature({ name, adapter: BullMQAdapter })),
            ]
          : []),
      ],
      controllers: http ? [HealthController, MetricsController] : [],
      providers: http ? [QueueBoardAccessHook, QueueBoardErrorsHook] : [],
    };
  }
}
