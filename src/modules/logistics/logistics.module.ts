import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, runsConsumers } from '../../platform/config/app-config';
import { perConfig } from '../../platform/config/per-config';
import { ConferencesModule } from '../conferences';
import { ParticipantsModule } from '../participants';
import { SeriesModule } from '../series';
import { AttendanceReader } from './attendance-reader';
import { BadgeCodes } from './badge-codes';
import { BadgesProcessor } from './badges.processor';
import { BadgesService } from './badges.service';
import { CheckInController } from './check-in.controller';
import { CheckInDeskController } from './check-in-desk.controller';
import { CheckInService } from './check-in.service';
import { LogisticsController } from './logistics.controller';
import { LogisticsPipeline } from './logistics-pipeline';
import { LogisticsService } from './logistics.service';
import { LogisticsTriggers } from './logistics-triggers';
import { ParticipantListsService } from './participant-lists.service';
import { VisaLettersService } from './visa-letters.service';
import './logistics.events';

/** Venue logistics: venue, agenda and checklist, badges and visa letters, readiness, and the door (check-in). */
@Module({})
export class LogisticsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return perConfig(config, LogisticsModule, () => ({
      module: LogisticsModule,
      imports: [ConferencesModule, SeriesModule, ParticipantsModule.forRoot(config)],
      controllers: [CheckInController, CheckInDeskController, LogisticsController],
      providers: [AttendanceReader, BadgeCodes, BadgesService, CheckInService, LogisticsService, LogisticsPipeline, LogisticsTriggers, ParticipantListsService, VisaLettersService, ...(runsConsumers(config.role) ? [BadgesProcessor] : [])],
      exports: [AttendanceReader],
    }));
  }
}
