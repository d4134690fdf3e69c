import { RETRY_WINDOW_MS, nextAttemptAt } from './webhook-retry';

describe('nextAttemptAt', () => {
  const now = new Date('2027-01-01T00:00:00Z');
  const far = new Date(now.getTime() + RETRY_WINDOW_MS);
  const delay = (attempts: number, random: number) => nextAttemptAt(now, attempts, far, () => random).getTime() - now.getTime();

  it('doubles from 30 s with jitter between half and all of the step, up to 2 hours', () => {
    expect([delay(1, 0), delay(1, 1)]).toEqual([15_000, 30_000]);
    expect([delay(2, 0), delay(2, 1)]).toEqual([30_000, 60_000]);
    expect(delay(5, 1)).toBe(480_000);
    expect(delay(30, 1)).toBe(2 * 3600_000);
    expect(delay(30, 0)).toBe(3600_000);
  });

  it('never schedules past the moment the delivery gives up', () => {
    const soon = new Date(now.getTime() + 10_000);
    expect(nextAttemptAt(now, 3, soon, () => 1)).toEqual(soon);
  });
});
