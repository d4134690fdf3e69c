import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, runsConsumers } from '../../platform/config/app-config';
import { perConfig } from '../../platform/config/per-config';
import { ConferencesModule } from '../conferences';
import { ParticipantsModule } from '../participants';
import { SeriesModule } from '../series';
import { AccreditationController } from './accreditation.controller';
import { AccreditationCounts } from './accreditation-counts';
import { AccreditationPipeline } from './accreditation-pipeline';
import { AccreditationTriggers } from './accreditation-triggers';
import { AttendanceReader } from './attendance-reader';
import { BadgeCodes } from './badge-codes';
import { BadgesProcessor } from './badges.processor';
import { BadgesService } from './badges.service';
import { CheckInController } from './check-in.controller';
import { CheckInDeskController } from './check-in-desk.controller';
import { CheckInService } from './check-in.service';
import { ParticipantListsService } from './participant-lists.service';
import { VisaLettersService } from './visa-letters.service';
import './accreditation.events';

/**
 * Accreditation, the people side of a conference: badges and their codes, visa letters, the lists
 * of participants, and the door (check-in, the desk page, attendance). Owns its tables; logistics
 * reads the badge and visa-letter counts its readiness needs through AccreditationCounts.
 */
@Module({})
export class AccreditationModule {
  static forRoot(config: AppConfig): DynamicModule {
    return perConfig(config, AccreditationModule, () => ({
      module: AccreditationModule,
      imports: [ConferencesModule, SeriesModule, ParticipantsModule.forRoot(config)],
      controllers: [AccreditationController, CheckInController, CheckInDeskController],
      providers: [AccreditationCounts, AccreditationPipeline, AccreditationTriggers, AttendanceReader, BadgeCodes, BadgesService, CheckInService, ParticipantListsService, VisaLettersService, ...(runsConsumers(config.role) ? [BadgesProcessor] : [])],
      exports: [AccreditationCounts, AttendanceReader],
    }));
  }
}
