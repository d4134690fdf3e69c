import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConferenceKind } from './conference.entity';
import type { ConferenceState } from './conference-lifecycle';

/** A move through the lifecycle, as the effects that accompany it see it. */
export interface ConferenceTransition {
  conferenceId: string;
  seriesId: string;
  kind: ConferenceKind;
  from: ConferenceState;
  to: ConferenceState;
  actor: string;
  occurredAt: Date;
}

/**
 * What another module writes with a transition (reports: the `report.submitted` event of the move
 * to reported). It runs in the transition's transaction, so it commits or rolls back with the move;
 * it writes the module's own tables and events through the manager it is given, never conferences'.
 */
export interface TransitionEffect {
  name: string;
  to: ConferenceState;
  kind?: ConferenceKind;
  apply(manager: EntityManager, transition: ConferenceTransition): Promise<void>;
}

@Injectable()
export class TransitionEffects {
  private readonly effects: TransitionEffect[] = [];

  register(...effects: TransitionEffect[]): void {
    for (const effect of effects) {
      if (this.effects.some((e) => e.name === effect.name)) throw new Error(`Transition effect ${effect.name} is registered twice.`);
      this.effects.push(effect);
    }
  }

  /** In registration order, one after the other: they share the transaction's connection. */
  async apply(manager: EntityManager, transition: ConferenceTransition): Promise<void> {
    for (const effect of this.effects) {
      if (effect.to === transition.to && (!effect.kind || effect.kind === transition.kind)) await effect.apply(manager, transition);
    }
  }
}
