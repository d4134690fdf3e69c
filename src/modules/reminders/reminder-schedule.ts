import { Injectable, OnModuleInit } from '@nestjs/common';
import { DueItem, TickService } from '../../platform/clock/tick.service';
import { ReminderSteps } from './reminder-steps';

/**
 * Reminders are driven by the clock tick like waves and lifecycle transitions: a step that comes due
 * is started (its batches queued), and people held by quiet hours are released when those end. No
 * job waits in Redis for weeks; after downtime the tick finds everything due and runs it in order.
 */
@Injectable()
export class ReminderSchedule implements OnModuleInit {
  constructor(
    private readonly tick: TickService,
    private readonly steps: ReminderSteps,
  ) {}

  onModuleInit(): void {
    this.tick.register({ name: 'reminders', dueItems: (now) => this.dueItems(now) });
  }

  private async dueItems(now: Date): Promise<DueItem[]> {
    const { steps, releases } = await this.steps.dueWork(now);
    return [
      ...steps.map((s) => ({ dueAt: s.dueAt, label: `reminder step ${s.key} ${s.id} of conference ${s.conferenceId}`, perform: () => this.steps.start(s.id) })),
      ...releases.map((r) => ({ dueAt: r.dueAt, label: `reminder step ${r.stepId}: quiet hours over`, perform: () => this.steps.release(r.stepId) })),
    ];
  }
}
