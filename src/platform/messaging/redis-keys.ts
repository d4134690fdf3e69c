import { RedisAddress, connected, mastersOf, openRedis } from './redis-connection';

/**
 * Deletes every Redis key that starts with a queue prefix: a dry run's, a test file's or a
 * benchmark's own queues, and nothing else on the same Redis (on a cluster, on every master).
 */
export async function deleteKeysWithPrefix(address: RedisAddress, prefix: string): Promise<void> {
  const redis = openRedis(address, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await connected(redis);
    for (const node of mastersOf(redis)) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        // One key a command: a cluster refuses a multi-key DEL across slots, even on one node.
        if (keys.length) await node.pipeline(keys.map((key) => ['unlink', key])).exec();
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}
