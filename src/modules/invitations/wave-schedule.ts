import { Injectable, OnModuleInit } from '@nestjs/common';
import { TickService } from '../../platform/clock/tick.service';
import { WavesService } from './waves.service';

/** Scheduled waves go out from the clock tick, like every other time-driven step. */
@Injectable()
export class WaveSchedule implements OnModuleInit {
  constructor(
    private readonly tick: TickService,
    private readonly waves: WavesService,
  ) {}

  onModuleInit(): void {
    this.tick.register({
      name: 'scheduled-waves',
      dueItems: async (now) =>
        (await this.waves.dueScheduled(now)).map((wave) => ({
          dueAt: wave.sendAt,
          label: `wave ${wave.id} dispatch`,
          perform: () => this.waves.dispatchScheduled(wave.id),
        })),
    });
  }
}
