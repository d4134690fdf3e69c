import { Logger } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { TickService } from '../../platform/clock/tick.service';
import { WebhookDeliveries } from './webhook-deliveries';
import { PRUNE_BATCH, WebhookRetention } from './webhook-retention';

describe('WebhookRetention', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('deletes a batch at a time until a batch comes back short, all before the same cutoff', async () => {
    const left = [PRUNE_BATCH, PRUNE_BATCH, 3];
    const pruneDelivered = jest.fn(async (_before: Date, limit: number) => Math.min(limit, left.shift() ?? 0));
    const retention = new WebhookRetention({ webhookRetentionMs: 30 * 86_400_000 } as AppConfig, {} as TickService, { pruneDelivered } as unknown as WebhookDeliveries);

    expect(await retention.prune(new Date('2027-03-31T00:00:00Z'))).toBe(2 * PRUNE_BATCH + 3);
    expect(pruneDelivered).toHaveBeenCalledTimes(3);
    for (const [before, limit] of pruneDelivered.mock.calls) {
      expect(before.toISOString()).toBe('2027-03-01T00:00:00.000Z');
      expect(limit).toBe(PRUNE_BATCH);
    }
  });
});
