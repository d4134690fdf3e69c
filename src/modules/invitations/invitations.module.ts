import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, runsConsumers } from '../../platform/config/app-config';
import { perConfig } from '../../platform/config/per-config';
import { ContactsModule } from '../contacts';
import { ConferencesModule } from '../conferences';
import { SeriesModule } from '../series';
import { ConferenceNoticeMail } from './conference-notice-mail';
import { InvitationBounces } from './invitation-bounces';
import { InvitationMail } from './invitation-mail';
import { InvitationPipeline } from './invitation-pipeline';
import { InvitationSender } from './invitation-sender';
import { InvitationStats } from './invitation-stats';
import { InvitationTokens } from './invitation-tokens';
import { InvitationsProducer } from './invitations.jobs';
import { InvitationsProcessor } from './invitations.processor';
import { InvitationsService } from './invitations.service';
import { WaveReconciler } from './wave-reconciler';
import { WaveSchedule } from './wave-schedule';
import { Wave } from './wave.entity';
import { WavesController } from './waves.controller';
import { WavesService } from './waves.service';
import './invitations.events';

@Module({})
export class InvitationsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return perConfig(config, InvitationsModule, () => ({
      module: InvitationsModule,
      imports: [TypeOrmModule.forFeature([Wave]), ContactsModule, ConferencesModule, SeriesModule],
      controllers: [WavesController],
      providers: [
        WavesService,
        InvitationsProducer,
        InvitationsService,
        InvitationTokens,
        InvitationStats,
        InvitationMail,
        ConferenceNoticeMail,
        InvitationSender,
        WaveReconciler,
        WaveSchedule,
        InvitationPipeline,
        InvitationBounces,
        ...(runsConsumers(config.role) ? [InvitationsProcessor] : []),
      ],
      exports: [InvitationsService, InvitationTokens, InvitationStats, WavesService],
    }));
  }
}
