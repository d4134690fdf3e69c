import type { EntityManager } from 'typeorm';
import { ConferenceTransition, TransitionEffects } from './transition-effects';

const manager = {} as EntityManager;
const move = (to: ConferenceTransition['to'], kind: ConferenceTransition['kind'] = 'regional'): ConferenceTransition => ({
  conferenceId: 'c1',
  seriesId: 's1',
  kind,
  from: 'concluded',
  to,
  actor: 'admin',
  occurredAt: new Date('2026-10-01T12:00:00Z'),
});

describe('TransitionEffects', () => {
  it('runs, in order and with the transition’s manager, only the effects of the state (and kind) reached', async () => {
    const effects = new TransitionEffects();
    const ran: string[] = [];
    effects.register(
      { name: 'first', to: 'reported', apply: async (m, t) => void ran.push(`first:${t.conferenceId}:${m === manager}`) },
      { name: 'summit only', to: 'ready', kind: 'summit', apply: async () => void ran.push('summit') },
      { name: 'second', to: 'reported', apply: async () => void ran.push('second') },
    );
    await effects.apply(manager, move('reported'));
    await effects.apply(manager, move('ready'));
    expect(ran).toEqual(['first:c1:true', 'second']);
    await effects.apply(manager, move('ready', 'summit'));
    expect(ran).toEqual(['first:c1:true', 'second', 'summit']);
  });

  it('lets a failing effect fail the transition', async () => {
    const effects = new TransitionEffects();
    effects.register({ name: 'broken', to: 'reported', apply: async () => Promise.reject(new Error('outbox unavailable')) });
    await expect(effects.apply(manager, move('reported'))).rejects.toThrow('outbox unavailable');
  });

  it('refuses a name registered twice', () => {
    const effects = new TransitionEffects();
    effects.register({ name: 'once', to: 'reported', apply: async () => undefined });
    expect(() => effects.register({ name: 'once', to: 'closed', apply: async () => undefined })).toThrow('registered twice');
  });
});
