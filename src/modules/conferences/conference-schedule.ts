import { Injectable, OnModuleInit } from '@nestjs/common';
import { DueItem, TickService } from '../../platform/clock/tick.service';
import { DomainError } from '../../platform/http/domain-error';
import { ConferencesService } from './conferences.service';

/** The automatic transitions of SPEC §2, contributed to the clock tick: deadline, start, end. */
@Injectable()
export class ConferenceSchedule implements OnModuleInit {
  constructor(
    private readonly tick: TickService,
    private readonly conferences: ConferencesService,
  ) {}

  onModuleInit(): void {
    this.tick.register({ name: 'conference-lifecycle', dueItems: (now) => this.dueItems(now) });
  }

  private async dueItems(now: Date): Promise<DueItem[]> {
    const due = await this.conferences.dueTransitions(now);
    return due.map((d) => ({
      dueAt: d.dueAt,
      label: `conference ${d.id} -> ${d.to}`,
      perform: async () => {
        try {
          await this.conferences.transition(d.id, { to: d.to, actor: 'system', trigger: 'automatic', reason: null });
        } catch (error) {
          // Another process moved it first (postponed, or the same tick elsewhere): nothing left to do.
          if (!(error instanceof DomainError && error.code === 'transition_not_allowed')) throw error;
        }
      },
    }));
  }
}
