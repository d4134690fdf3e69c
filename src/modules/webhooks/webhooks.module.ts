import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, runsConsumers } from '../../platform/config/app-config';
import { perConfig } from '../../platform/config/per-config';
import { WebhookDeliverer } from './webhook-deliverer';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookFanout } from './webhook-fanout';
import { WebhookReconciler } from './webhook-reconciler';
import { WebhookRetention } from './webhook-retention';
import { WebhookSchedule } from './webhook-schedule';
import { WebhooksController } from './webhooks.controller';
import { WebhooksProcessor } from './webhooks.processor';
import { WebhooksService } from './webhooks.service';
import { WebhooksProducer } from './webhooks.jobs';

/** Signed outbound webhooks: subscriptions, the public event catalogue, deliveries and their retries. */
@Module({})
export class WebhooksModule {
  static forRoot(config: AppConfig): DynamicModule {
    return perConfig(config, WebhooksModule, () => ({
      module: WebhooksModule,
      controllers: [WebhooksController],
      providers: [WebhooksProducer, WebhooksService, WebhookDeliveries, WebhookFanout, WebhookSchedule, WebhookRetention, ...(runsConsumers(config.role) ? [WebhookDeliverer, WebhookReconciler, WebhooksProcessor] : [])],
      exports: [WebhooksService],
    }));
  }
}
