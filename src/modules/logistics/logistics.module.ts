import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, runsConsumers } from '../../platform/config/app-config';
import { perConfig } from '../../platform/config/per-config';
import { ConferencesModule } from '../conferences';
import { ParticipantsModule } from '../participants';
import { SeriesModule } from '../series';
import { AttendanceReader } from '../accreditation/attendance-reader';
import { BadgeCodes } from '../accreditation/badge-codes';
import { BadgesProcessor } from '../accreditation/badges.processor';
import { BadgesService } from '../accreditation/badges.service';
import { CheckInController } from '../accreditation/check-in.controller';
import { CheckInDeskController } from '../accreditation/check-in-desk.controller';
import { CheckInService } from '../accreditation/check-in.service';
import { LogisticsController } from './logistics.controller';
import { LogisticsPipeline } from './logistics-pipeline';
import { LogisticsService } from './logistics.service';
import { LogisticsTriggers } from './logistics-triggers';
import { ParticipantListsService } from '../accreditation/participant-lists.service';
import { VisaLettersService } from '../accreditation/visa-letters.service';
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
