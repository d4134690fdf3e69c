import IORedis from 'ioredis';
import { WebhookReconciler } from '../src/modules/webhooks/webhook-reconciler';
import { REDIS_URL } from './support/databases';
import { createTestEnvironment, waitFor } from './support/test-app';
import { startWebhookReceiver } from './support/webhook-receiver';

describe('webhook deliveries when Redis loses them', () => {
  it('queues again, from the database, an attempt whose job Redis lost', async () => {
    const receiver = await startWebhookReceiver();
    // The reconciler warns when it requeues; this test reads the outcome through the API.
    const env = await createTestEnvironment({ WEBHOOK_ALLOW_PRIVATE: 'true', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error' });
    try {
      const { api } = await env.startHttp({ APP_ROLE: 'api' });
      const hook = (await api.post('/api/webhooks', { url: `${receiver.url}/lost`, events: ['wave.completed'] })).body;
      const ping = (await api.post(`/api/webhooks/${hook.id}/test`)).body;
      const redis = new IORedis(REDIS_URL);
      const keys = await redis.keys(`${env.queuePrefix}:webhooks:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
      redis.disconnect();

      const worker = await env.startWorker();
      expect(await worker.app.get(WebhookReconciler).reconcile(0)).toEqual({ requeued: 1 });
      await waitFor(async () => (await api.get(`/api/webhooks/${hook.id}/deliveries`)).body.items[0]?.status === 'delivered', 'the requeued attempt');
      expect(receiver.received.map((r) => r.body.id)).toEqual([ping.eventId]);
      expect(await worker.app.get(WebhookReconciler).reconcile(0)).toEqual({ requeued: 0 });
    } finally {
      await env.teardown();
      await receiver.close();
    }
  });
});
