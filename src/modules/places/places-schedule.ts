import { Injectable, OnModuleInit } from '@nestjs/common';
import { TickService } from '../../platform/clock/tick.service';
import { OffersService } from './offers.service';

/** What places contribute to the clock: offers that lapse. */
@Injectable()
export class PlacesSchedule implements OnModuleInit {
  constructor(
    private readonly tick: TickService,
    private readonly offers: OffersService,
  ) {}

  onModuleInit(): void {
    this.tick.register({
      name: 'waitlist-offers',
      dueItems: async (now) =>
        (await this.offers.dueLapses(now)).map((offer) => ({
          dueAt: offer.dueAt,
          label: `waitlist offer of invitation ${offer.invitationId} lapses`,
          perform: () => this.offers.lapse(offer.invitationId),
        })),
    });
  }
}
