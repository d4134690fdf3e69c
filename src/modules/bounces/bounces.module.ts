import { Module } from '@nestjs/common';
import { BouncesController } from './bounces.controller';
import { BouncesService } from './bounces.service';

/** Delivery status notifications fed back in: recorded, then announced to the module that sent the message. */
@Module({ controllers: [BouncesController], providers: [BouncesService] })
export class BouncesModule {}
