import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, runsConsumers } from '../config/app-config';
import { ClockController } from './clock.controller';
import { ClockService } from './clock.service';
import { TickProcessor } from './tick.processor';
import { TickService } from './tick.service';

@Global()
@Module({})
export class ClockModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ClockModule,
      controllers: [ClockController],
      providers: [ClockService, TickService, ...(runsConsumers(config.role) ? [TickProcessor] : [])],
      exports: [ClockService, TickService],
    };
  }
}
