/** How long a delivery keeps being retried, and how long a subscription may fail everything before it is disabled. */
export const RETRY_WINDOW_MS = 24 * 3600_000;
const FIRST_DELAY_MS = 30_000;
const LONGEST_DELAY_MS = 2 * 3600_000;

/**
 * When to try again after `attempts` failed attempts: exponential (30 s, 1 min, 2 min, … up to 2 h)
 * with jitter between half and all of that, so receivers coming back after an outage are not hit
 * by every delivery at once; never later than the delivery gives up.
 */
export function nextAttemptAt(now: Date, attempts: number, givesUpAt: Date, random: () => number = Math.random): Date {
  const ceiling = Math.min(LONGEST_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  const delay = ceiling / 2 + random() * (ceiling / 2);
  return new Date(Math.min(now.getTime() + delay, givesUpAt.getTime()));
}
