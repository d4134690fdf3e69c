import { Doc } from '../http/api-docs';
import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
import { QueueStatsService } from '../messaging/queue-stats.service';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly queueStats: QueueStatsService,
  ) {}

  private running: Promise<HealthCheckResult> | null = null;

  /** 200 when PostgreSQL and Redis both answer, 503 naming the one that does not. */
  @Get()
  @HealthCheck()
  @Doc({summary:  "Health", description:  "Whether the service reaches PostgreSQL and Redis; 503 names what is down.", public:  true})
  check(): Promise<HealthCheckResult> {
    // Probes arriving while a check is under way take its result: each would otherwise cost a PostgreSQL and a Redis round trip of its own.
    return (this.running ??= this.checkNow().finally(() => (this.running = null)));
  }

  private checkNow(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.postgres.pingCheck('postgres', { timeout: 1500 }),
      async () => {
        const redis = this.indicators.check('redis');
        try {
          await this.queueStats.ping();
          return redis.up();
        } catch (error) {
          return redis.down({ message: (error as Error).message });
        }
      },
    ]);
  }
}
