import { Logger } from '@nestjs/common';
import { enqueueWithin } from './bounded-enqueue';

describe('enqueueWithin', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('is true when the queue takes the job in time', async () => {
    await expect(enqueueWithin(Promise.resolve('job'), 'expand-wave', 50)).resolves.toBe(true);
  });

  it('answers false after the wait while Redis holds the write, without waiting for it', async () => {
    await expect(enqueueWithin(new Promise(() => undefined), 'expand-wave', 30)).resolves.toBe(false);
  });

  it('answers false, never throws, when the write is refused', async () => {
    await expect(enqueueWithin(Promise.reject(new Error('Connection is closed.')), 'expand-wave', 50)).resolves.toBe(false);
  });
});
