import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

const names = new Map<string, string>();

/** The statement's name on every connection: derived from its text, so one text is one statement. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `convene_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (names.size > 1000) names.clear();
    names.set(text, name);
  }
  return name;
}

/**
 * Rows of a statement run as a named prepared statement: each connection parses it once, and after
 * a few runs PostgreSQL keeps one generic plan for it instead of planning every call. A transaction-mode pooler
 * in front of PostgreSQL must keep prepared statements (see README, DATABASE_URL).
 *
 * Only for statements whose best plan does not depend on the values given or on how full a table
 * is (inserts from arrays, reads and updates by key): a generic plan made while a table was small
 * stays in use as it grows. Queues polled by status are not such statements.
 */
export async function preparedRows<T>(db: DataSource | EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const runner = db instanceof EntityManager ? db.queryRunner : undefined;
  if (runner) return run<T>((await runner.connect()) as PoolClient, text, values);
  const own = (db instanceof EntityManager ? db.connection : db).createQueryRunner();
  try {
    return await run<T>((await own.connect()) as PoolClient, text, values);
  } finally {
    await own.release();
  }
}

async function run<T>(client: PoolClient, text: string, values: unknown[]): Promise<T[]> {
  const result = await client.query({ name: nameOf(text), text, values });
  return result.rows as T[];
}
