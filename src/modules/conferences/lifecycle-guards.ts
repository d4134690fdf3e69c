import { Injectable } from '@nestjs/common';
import type { ConferenceSummary } from './conference-summary';
import type { ConferenceState } from './conference-lifecycle';

export interface FailedGuard {
  guard: string;
  message: string;
}

/**
 * A condition a transition must meet. Modules contribute their own (logistics: tasks done, badges
 * issued; reports: outcomes recorded) at start-up; a module that is not there contributes nothing.
 */
export interface LifecycleGuard {
  name: string;
  from: ConferenceState;
  to: ConferenceState;
  /** undefined when satisfied, else a sentence saying what is missing. */
  check(conference: ConferenceSummary): Promise<string | undefined> | string | undefined;
}

@Injectable()
export class LifecycleGuards {
  private readonly guards: LifecycleGuard[] = [];

  register(...guards: LifecycleGuard[]): void {
    for (const guard of guards) {
      if (this.guards.some((g) => g.name === guard.name)) throw new Error(`Lifecycle guard ${guard.name} is registered twice.`);
      this.guards.push(guard);
    }
  }

  /** Every failing guard, not just the first, so the secretariat sees the whole list at once. */
  async failures(conference: ConferenceSummary, to: ConferenceState): Promise<FailedGuard[]> {
    const applicable = this.guards.filter((g) => g.from === conference.state && g.to === to);
    const results = await Promise.all(applicable.map(async (g) => ({ guard: g.name, message: await g.check(conference) })));
    return results.filter((r): r is FailedGuard => typeof r.message === 'string');
  }

  describe(from: ConferenceState, to: ConferenceState): string[] {
    return this.guards.filter((g) => g.from === from && g.to === to).map((g) => g.name);
  }
}
