import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConferenceEvents } from './conference-events';
import { ConferenceSchedule } from './conference-schedule';
import { Conference } from './conference.entity';
import { ConferencesController } from './conferences.controller';
import { ConferencesService } from './conferences.service';
import { LifecycleGuards } from './lifecycle-guards';
import { TransitionEffects } from './transition-effects';

@Module({
  imports: [TypeOrmModule.forFeature([Conference])],
  controllers: [ConferencesController],
  providers: [ConferencesService, ConferenceEvents, LifecycleGuards, TransitionEffects, ConferenceSchedule],
  exports: [ConferencesService, LifecycleGuards, TransitionEffects],
})
export class ConferencesModule {}
