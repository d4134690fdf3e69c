import type { Conference } from './conference.entity';
import { LifecycleGuards } from './lifecycle-guards';

const conference = (state: Conference['state']) => ({ id: 'c1', state }) as Conference;

describe('LifecycleGuards', () => {
  it('reports every failing guard of the transition and only those', async () => {
    const guards = new LifecycleGuards();
    guards.register(
      { name: 'dates_set', from: 'planning', to: 'inviting', check: () => 'startsOn is not set' },
      { name: 'capacity_set', from: 'planning', to: 'inviting', check: async () => 'capacity is not set' },
      { name: 'timezone_set', from: 'planning', to: 'inviting', check: () => undefined },
      { name: 'other_transition', from: 'registration_closed', to: 'ready', check: () => 'never asked here' },
    );
    await expect(guards.failures(conference('planning'), 'inviting')).resolves.toEqual([
      { guard: 'dates_set', message: 'startsOn is not set' },
      { guard: 'capacity_set', message: 'capacity is not set' },
    ]);
  });

  it('passes a transition nobody guards', async () => {
    const guards = new LifecycleGuards();
    await expect(guards.failures(conference('reported'), 'closed')).resolves.toEqual([]);
  });

  it('refuses two guards with one name', () => {
    const guards = new LifecycleGuards();
    const guard = { name: 'same', from: 'planning' as const, to: 'inviting' as const, check: () => undefined };
    guards.register(guard);
    expect(() => guards.register(guard)).toThrow(/registered twice/);
  });
});
