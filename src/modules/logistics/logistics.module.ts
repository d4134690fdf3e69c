import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { perConfig } from '../../platform/config/per-config';
import { ConferencesModule } from '../conferences/conferences.module';
import { ParticipantsModule } from '../participants';
import { AttendanceReader } from './attendance-reader';
import { CheckInController } from './check-in.controller';
import { CheckInService } from './check-in.service';
import { LogisticsPipeline } from './logistics-pipeline';
import './logistics.events';

/** Venue logistics: the door (check-in) and what it tells the pipeline and reports. */
@Module({})
export class LogisticsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return perConfig(config, LogisticsModule, () => ({
      module: LogisticsModule,
      imports: [ConferencesModule, ParticipantsModule.forRoot(config)],
      controllers: [CheckInController],
      providers: [AttendanceReader, CheckInService, LogisticsPipeline],
      exports: [AttendanceReader],
    }));
  }
}
