import type { ConnectionOptions } from 'bullmq';
import IORedis, { Cluster, Redis, RedisOptions } from 'ioredis';
import type { RedisTarget } from '../config/app-config';

/** A connection to the deployment's Redis, one server or a cluster; both take the same commands. */
export type RedisClient = Redis | Cluster;

/** A REDIS_URL given as it is (the tests' and tools' way), or the deployment's configured target. */
export type RedisAddress = RedisTarget | string;

const targetOf = (address: RedisAddress): RedisTarget => (typeof address === 'string' ? { url: address } : address);

/**
 * The one way the service opens a Redis connection. On a cluster, the options apply to each node's
 * connection, except those ioredis keeps for the cluster as a whole (key prefix, lazy connect,
 * offline queue) and the reconnection strategy, which becomes the cluster's.
 */
export function openRedis(address: RedisAddress, options: RedisOptions = {}): RedisClient {
  const target = targetOf(address);
  if ('url' in target) return new IORedis(target.url, options);
  const { keyPrefix, lazyConnect, enableOfflineQueue, enableAutoPipelining, retryStrategy, ...perNode } = options;
  // Left out when unset: an undefined value would override ioredis's cluster defaults.
  const whole = Object.fromEntries(Object.entries({ keyPrefix, lazyConnect, enableOfflineQueue, enableAutoPipelining, clusterRetryStrategy: retryStrategy }).filter(([, value]) => value !== undefined));
  return new Cluster(target.clusterNodes, { ...whole, redisOptions: perNode });
}

/** BullMQ's connection for every queue, worker and flow producer of a process; close() once they are closed. */
export interface QueueConnection {
  connection: ConnectionOptions;
  close(): Promise<void>;
}

/**
 * On one server BullMQ opens a connection per queue from options. A cluster cannot be described by
 * options, so the queues share one Cluster client (workers duplicate it for their own blocking
 * reads), which this process closes itself since BullMQ leaves a shared client open.
 * maxRetriesPerRequest null lets workers block safely.
 */
export function queueConnection(address: RedisAddress): QueueConnection {
  const target = targetOf(address);
  if ('url' in target) return { connection: { url: target.url, maxRetriesPerRequest: null }, close: async () => undefined };
  const cluster = openRedis(target, { maxRetriesPerRequest: null }) as Cluster;
  return {
    connection: cluster,
    close: async () => {
      // QUIT would wait for a cluster that is not there; a connection never made has nothing to flush.
      if (cluster.status === 'ready') await cluster.quit().catch(() => cluster.disconnect());
      else cluster.disconnect();
    },
  };
}

/** Waits until a lazily opened client is connected (a cluster: until it knows its masters). */
export async function connected(client: RedisClient): Promise<void> {
  if (client.status === 'wait') await client.connect();
  if (client instanceof Cluster && client.status !== 'ready') {
    await new Promise<void>((resolve, reject) => {
      client.once('ready', resolve);
      client.once('end', () => reject(new Error('the Redis Cluster connection ended before it was ready')));
    });
  }
}

/** Every server holding keys: the one server, or each master of a cluster (a SCAN only sees its own node's keys). */
export function mastersOf(client: RedisClient): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}
