import { WindowRateLimitStorage } from './window-rate-limit';

describe('WindowRateLimitStorage', () => {
  const minute = 60_000;
  let now: number;
  let storage: WindowRateLimitStorage;
  const hit = (key = '203.0.113.7', limit = 3) => storage.increment(key, minute, limit, minute, 'rsvp');

  beforeEach(() => {
    now = Date.UTC(2026, 10, 28, 9, 0, 0);
    storage = new WindowRateLimitStorage(() => now);
  });

  it('lets `limit` requests through in a window and refuses the next, telling when to retry', async () => {
    const results = [await hit(), await hit(), await hit(), await hit()];
    expect(results.map((r) => r.isBlocked)).toEqual([false, false, false, true]);
    expect(results[3].timeToBlockExpire).toBe(60);
    now += 15_000;
    expect((await hit()).timeToBlockExpire).toBe(45);
  });

  it('counts each client on its own', async () => {
    for (let i = 0; i < 3; i++) await hit('203.0.113.7');
    expect((await hit('203.0.113.7')).isBlocked).toBe(true);
    expect((await hit('198.51.100.2')).isBlocked).toBe(false);
  });

  it('slides: the previous window weighs by how much of it still overlaps', async () => {
    for (let i = 0; i < 3; i++) await hit();
    // A quarter into the next window three quarters of the last three hits still count (2.25): one more fits, not two.
    now += minute + minute / 4;
    expect((await hit()).isBlocked).toBe(false);
    expect((await hit()).isBlocked).toBe(true);
    // Two windows later nothing is left of them.
    now += 2 * minute;
    expect((await hit()).isBlocked).toBe(false);
  });

  it('does not count refused requests, and stays constant-time under a flood from one address', async () => {
    const limit = 10_000_000;
    for (let i = 0; i < 200_000; i++) await hit('192.0.2.1', limit);
    const record = await hit('192.0.2.1', limit);
    expect(record.isBlocked).toBe(false);
    expect(record.totalHits).toBe(200_001);
    for (let i = 0; i < 5; i++) await hit('192.0.2.9', 2);
    now += minute / 2;
    expect((await hit('192.0.2.9', 2)).isBlocked).toBe(true);
    // Half into the next window only the two accepted hits count, half-weighted: one request fits again.
    now += minute;
    expect((await hit('192.0.2.9', 2)).isBlocked).toBe(false);
  });

  it('forgets clients idle for two windows', async () => {
    await hit('203.0.113.7');
    await hit('198.51.100.2');
    now += 2 * minute + 1;
    await hit('192.0.2.1');
    expect(storage.size).toBe(1);
  });
});
