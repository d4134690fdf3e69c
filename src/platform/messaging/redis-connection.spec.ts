import { Cluster } from 'ioredis';
import { openRedis, queueConnection } from './redis-connection';

describe('the Redis connection factory', () => {
  const cluster = { clusterNodes: [{ host: '127.0.0.1', port: 7000 }] };

  it('gives a cluster its own options and each node the rest, leaving the cluster defaults alone', () => {
    const client = openRedis(cluster, { keyPrefix: '{convene}:rate-limit:', lazyConnect: true, commandTimeout: 1000, maxRetriesPerRequest: 1 }) as Cluster;
    try {
      expect(client).toBeInstanceOf(Cluster);
      expect(client.options).toMatchObject({ keyPrefix: '{convene}:rate-limit:', lazyConnect: true, enableOfflineQueue: true });
      expect(client.options.redisOptions).toEqual({ commandTimeout: 1000, maxRetriesPerRequest: 1 });
    } finally {
      client.disconnect();
    }
  });

  it('opens one server by its URL', () => {
    const client = openRedis('redis://127.0.0.1:6390', { lazyConnect: true });
    try {
      expect(client).not.toBeInstanceOf(Cluster);
      expect(client.options).toMatchObject({ host: '127.0.0.1', port: 6390 });
    } finally {
      client.disconnect();
    }
  });

  it('hands BullMQ options for one server, and one shared cluster client whose nodes never give up a blocked command', async () => {
    expect(queueConnection('redis://127.0.0.1:6390').connection).toEqual({ url: 'redis://127.0.0.1:6390', maxRetriesPerRequest: null });
    const shared = queueConnection({ ...cluster });
    expect(shared.connection).toBeInstanceOf(Cluster);
    expect((shared.connection as Cluster).options.redisOptions).toEqual({ maxRetriesPerRequest: null });
    await shared.close();
  });
});
