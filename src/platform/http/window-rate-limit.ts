import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  /** Start of the current window, ms. */
  startedAt: number;
  current: number;
  previous: number;
}

/**
 * Rate-limit counters for @nestjs/throttler: a sliding window estimated from two fixed windows
 * (the previous window's count weighted by how much of it still overlaps), O(1) per request and per
 * client whatever the limit. The package's default storage keeps one timestamp per hit and scans
 * them on every request, which grows with the limit and with the traffic of one address.
 * In this process's memory, like the default: each API process counts for itself.
 */
export class WindowRateLimitStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    this.sweep(now, ttl);
    const id = `${throttlerName}:${key}`;
    const window = this.windows.get(id) ?? { startedAt: now, current: 0, previous: 0 };
    const elapsedWindows = Math.floor((now - window.startedAt) / ttl);
    if (elapsedWindows > 0) {
      window.previous = elapsedWindows === 1 ? window.current : 0;
      window.current = 0;
      window.startedAt += elapsedWindows * ttl;
    }
    this.windows.set(id, window);
    const overlap = 1 - (now - window.startedAt) / ttl;
    const estimate = window.previous * overlap + window.current;
    const windowEnd = window.startedAt + ttl;
    const isBlocked = estimate >= limit;
    // A refused request does not count: a client that waits is served again as the window slides.
    if (!isBlocked) window.current++;
    const secondsLeft = Math.max(1, Math.ceil((windowEnd - now) / 1000));
    return Promise.resolve({ totalHits: Math.ceil(estimate) + 1, timeToExpire: secondsLeft, isBlocked, timeToBlockExpire: isBlocked ? secondsLeft : 0 });
  }

  /** Forgets clients not seen for two windows, at most once a window. */
  private sweep(now: number, ttl: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + ttl;
    for (const [id, window] of this.windows) if (now - window.startedAt >= 2 * ttl) this.windows.delete(id);
  }

  get size(): number {
    return this.windows.size;
  }
}
