import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { perConfig } from '../../platform/config/per-config';
import { AccreditationModule } from '../accreditation';
import { ConferencesModule } from '../conferences';
import { ParticipantsModule } from '../participants';
import { LogisticsController } from './logistics.controller';
import { LogisticsPipeline } from './logistics-pipeline';
import { LogisticsService } from './logistics.service';
import { LogisticsTriggers } from './logistics-triggers';
import './logistics.events';

/** Venue logistics: venue, rooms and agenda, the checklist, and readiness (badge and visa-letter counts from accreditation). */
@Module({})
export class LogisticsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return perConfig(config, LogisticsModule, () => ({
      module: LogisticsModule,
      imports: [ConferencesModule, ParticipantsModule.forRoot(config), AccreditationModule.forRoot(config)],
      controllers: [LogisticsController],
      providers: [LogisticsService, LogisticsPipeline, LogisticsTriggers],
    }));
  }
}
