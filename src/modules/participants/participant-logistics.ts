import { Injectable } from '@nestjs/common';

/** What the lists show of a participant's badge, visa letter and arrival; accreditation owns these. */
export interface ParticipantLogisticsState {
  badge: 'none' | 'issued' | 'revoked';
  visaLetter: 'none' | 'requested' | 'issued';
  checkedInAt: string | null;
}

export interface ParticipantLogisticsSource {
  /** Only what accreditation knows: a participant it has no record of keeps what the participants module assumes (no badge yet, a letter requested if asked for). */
  statesOf(participantIds: string[]): Promise<Map<string, Partial<ParticipantLogisticsState>>>;
}

/**
 * Where the participant lists read badge, visa-letter and check-in state: the accreditation module
 * registers its reader at start-up, so this module does not depend on it. Without one, the lists
 * show only what this module knows: no badge, a visa letter requested when asked for, no arrival.
 */
@Injectable()
export class ParticipantLogistics {
  private source: ParticipantLogisticsSource | null = null;

  register(source: ParticipantLogisticsSource): void {
    if (this.source) throw new Error('A participant logistics source is registered twice.');
    this.source = source;
  }

  async overlay<T extends { id: string; status: string } & ParticipantLogisticsState>(views: T[]): Promise<T[]> {
    if (!this.source || views.length === 0) return views;
    const states = await this.source.statesOf(views.map((v) => v.id));
    return views.map((v) => {
      const known = states.get(v.id) ?? {};
      const merged = { ...v, ...Object.fromEntries(Object.entries(known).filter(([, value]) => value !== undefined)) } as T;
      // Whoever left the delegation holds a revoked badge, even before the worker has recorded it.
      if (v.status !== 'confirmed' && (merged.badge === 'issued' || v.badge === 'revoked')) merged.badge = 'revoked';
      return merged;
    });
  }
}
