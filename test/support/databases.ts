import { randomBytes } from 'node:crypto';
import { deleteKeysWithPrefix } from '../../src/platform/messaging/redis-keys';
import { Client } from 'pg';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Set by the global setup for its run, so concurrent runs never share (or drop) each other's template. */
export const templateDatabase = () => process.env.CONVENE_TEST_TEMPLATE ?? 'convene_test_template';

export function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database for one test file, copied from the migrated template in milliseconds. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `convene_t_${randomBytes(5).toString('hex')}`;
  await withAdminClient((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${templateDatabase()}`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Deletes every Redis key of a queue prefix: a test file's or a benchmark's queues, and nothing else. */
export const deleteRedisKeys = (prefix: string, redisUrl = REDIS_URL) => deleteKeysWithPrefix(redisUrl, prefix);
