import { Logger } from '@nestjs/common';
import { SharedRateLimitStorage } from './shared-rate-limit';

describe('SharedRateLimitStorage', () => {
  const record = { totalHits: 4, timeToExpire: 42, isBlocked: true, timeToBlockExpire: 42 };

  it('answers with what Redis counted', async () => {
    const increment = jest.fn().mockResolvedValue(record);
    const storage = new SharedRateLimitStorage({ increment });
    await expect(storage.increment('203.0.113.9', 60_000, 3, 60_000, 'default')).resolves.toEqual(record);
    expect(increment).toHaveBeenCalledWith('203.0.113.9', 60_000, 3, 60_000, 'default');
  });

  it('lets a request through uncounted when Redis holds its count past a second', async () => {
    jest.useFakeTimers();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const storage = new SharedRateLimitStorage({ increment: () => new Promise(() => undefined) });
      const answer = storage.increment('203.0.113.9', 60_000, 3, 60_000, 'default');
      await jest.advanceTimersByTimeAsync(1_000);
      await expect(answer).resolves.toEqual({ totalHits: 0, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
      expect(warn.mock.calls[0]).toEqual([{ err: { message: 'Redis did not answer within 1000 ms' } }, 'rate limit not counted: Redis did not answer']);
    } finally {
      warn.mockRestore();
      jest.useRealTimers();
    }
  });

  it('lets requests through uncounted when Redis cannot answer, and says so at most once a minute', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const storage = new SharedRateLimitStorage({ increment: jest.fn().mockRejectedValue(new Error('Command timed out')) });
      for (let i = 0; i < 3; i++) {
        await expect(storage.increment('203.0.113.9', 60_000, 3, 60_000, 'default')).resolves.toEqual({ totalHits: 0, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
      }
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]).toEqual([{ err: { message: 'Command timed out' } }, 'rate limit not counted: Redis did not answer']);
    } finally {
      warn.mockRestore();
    }
  });
});
