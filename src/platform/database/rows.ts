import { DataSource, EntityManager } from 'typeorm';

/** Rows of a statement; TypeORM answers a bare UPDATE … RETURNING with [rows, count] instead of the rows. */
export async function rowsOf<T>(db: DataSource | EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await db.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
