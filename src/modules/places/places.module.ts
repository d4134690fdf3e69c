import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, runsConsumers } from '../../platform/config/app-config';
import { perConfig } from '../../platform/config/per-config';
import { ConferencesModule } from '../conferences';
import { InvitationsModule } from '../invitations';
import { OffersProducer } from './offers.jobs';
import { OffersProcessor } from './offers.processor';
import { OffersService } from './offers.service';
import { Parties } from './parties';
import { PlaceLedger } from './place-ledger';
import { PlacesSchedule } from './places-schedule';
import { PlacesTriggers } from './places-triggers';
import { WaitlistController } from './waitlist.controller';
import { WaitlistService } from './waitlist.service';
import './places.events';

/**
 * The parties' standing at a conference: each answer's party row and its history, the places
 * (place ledger), the waiting list and the offers of freed places. Exports what the answer path
 * needs (see index.ts); the rest stays inside.
 */
@Module({})
export class PlacesModule {
  static forRoot(config: AppConfig): DynamicModule {
    return perConfig(config, PlacesModule, () => ({
      module: PlacesModule,
      imports: [ConferencesModule, InvitationsModule.forRoot(config)],
      controllers: [WaitlistController],
      providers: [
        Parties,
        PlaceLedger,
        WaitlistService,
        OffersService,
        OffersProducer,
        PlacesSchedule,
        PlacesTriggers,
        ...(runsConsumers(config.role) ? [OffersProcessor] : []),
      ],
      exports: [Parties, PlaceLedger, WaitlistService, OffersService],
    }));
  }
}
