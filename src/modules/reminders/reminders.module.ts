import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, runsConsumers } from '../../platform/config/app-config';
import { perConfig } from '../../platform/config/per-config';
import { ConferencesModule } from '../conferences';
import { SeriesModule } from '../series';
import { ContactsModule } from '../contacts';
import { InvitationsModule } from '../invitations';
import { ParticipantsDirectory, ParticipantsModule } from '../participants';
import { PARTICIPANTS_SOURCE } from './participants-source';
import { ReminderDigest } from './reminder-digest';
import { ReminderMail } from './reminder-mail';
import { ReminderPipeline } from './reminder-pipeline';
import { ReminderPlanner } from './reminder-planner';
import { ReminderPolicies } from './reminder-policies';
import { ReminderPolicyRecord } from './reminder-policy.entity';
import { ReminderReconciler } from './reminder-reconciler';
import { ReminderSchedule } from './reminder-schedule';
import { ReminderSender } from './reminder-sender';
import { ReminderSteps } from './reminder-steps';
import { RemindersController } from './reminders.controller';
import { RemindersProducer } from './reminders.jobs';
import { RemindersProcessor } from './reminders.processor';

/** Reminder policies, the steps they plan, and the tick-driven, batched sending of those steps. */
@Module({})
export class RemindersModule {
  static forRoot(config: AppConfig): DynamicModule {
    return perConfig(config, RemindersModule, () => ({
      module: RemindersModule,
      imports: [TypeOrmModule.forFeature([ReminderPolicyRecord]), ConferencesModule, SeriesModule, ContactsModule, InvitationsModule.forRoot(config), ParticipantsModule.forRoot(config)],
      controllers: [RemindersController],
      providers: [
        ReminderPolicies,
        RemindersProducer,
        ReminderPlanner,
        ReminderSteps,
        ReminderSchedule,
        ReminderMail,
        ReminderSender,
        ReminderDigest,
        ReminderReconciler,
        ReminderPipeline,
        { provide: PARTICIPANTS_SOURCE, useExisting: ParticipantsDirectory },
        ...(runsConsumers(config.role) ? [RemindersProcessor] : []),
      ],
    }));
  }
}
