import { Injectable, OnModuleInit } from '@nestjs/common';
import { TickService } from '../../platform/clock/tick.service';
import { LifecycleGuards } from '../conferences/lifecycle-guards';
import { ParticipantsService } from './participants.service';
import { WaitlistService } from './waitlist.service';

/** What confirmations contribute to the clock and the lifecycle: offers that lapse, and the capacity guard. */
@Injectable()
export class ConfirmationsSchedule implements OnModuleInit {
  constructor(
    private readonly tick: TickService,
    private readonly guards: LifecycleGuards,
    private readonly waitlist: WaitlistService,
    private readonly participants: ParticipantsService,
  ) {}

  onModuleInit(): void {
    this.tick.register({
      name: 'waitlist-offers',
      dueItems: async (now) =>
        (await this.waitlist.dueLapses(now)).map((offer) => ({
          dueAt: offer.dueAt,
          label: `waitlist offer of invitation ${offer.invitationId} lapses`,
          perform: () => this.waitlist.lapse(offer.invitationId),
        })),
    });
    this.guards.register({
      name: 'capacity_respected',
      from: 'registration_closed',
      to: 'ready',
      check: async (conference) => {
        if (!conference.capacity) return undefined;
        const confirmed = await this.participants.countConfirmed(conference.id);
        return confirmed <= conference.capacity
          ? undefined
          : `${confirmed} participants are confirmed for ${conference.capacity} places; raise the capacity or ask ${confirmed - conference.capacity} to withdraw.`;
      },
    });
  }
}
