import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Gauge } from 'prom-client';
import { Public } from '../auth/public.decorator';
import { QueueStatsService } from '../messaging/queue-stats.service';
import { metricsRegistry } from './metrics';

const queueDepth = new Gauge({
  name: 'convene_queue_jobs',
  help: 'Jobs in each queue by state, read at scrape time',
  labelNames: ['queue', 'state'],
  registers: [metricsRegistry],
});

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly queueStats: QueueStatsService) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    for (const depth of await this.queueStats.depths()) {
      for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) {
        queueDepth.set({ queue: depth.queue, state }, depth[state]);
      }
    }
    return metricsRegistry.metrics();
  }
}
