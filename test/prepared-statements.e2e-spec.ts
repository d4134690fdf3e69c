import { randomBytes } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { PREPARE_AFTER, PreparingClient } from '../src/platform/database/preparing-client';
import { createTestDatabase } from './support/databases';

/** Repeated statements run as prepared statements on the real server, and nothing else changes. */
describe('prepared statements (PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: Pool;
  let client: PoolClient;

  const preparedTexts = async (): Promise<string[]> =>
    (await client.query(`SELECT statement FROM pg_prepared_statements WHERE NOT from_sql`)).rows.map((r: { statement: string }) => r.statement);

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 1, Client: PreparingClient });
    client = await pool.connect();
  });

  afterAll(async () => {
    client.release();
    await pool.end();
    await database.drop();
  });

  it(`prepares a parameterised text from its ${PREPARE_AFTER}rd use on, with the same results`, async () => {
    // A text no other test of this process has used.
    const text = `SELECT $1::int + 1 AS n, '${randomBytes(4).toString('hex')}' AS tag`;
    for (let i = 1; i <= PREPARE_AFTER + 2; i++) {
      const { rows } = await client.query(text, [i]);
      expect(rows[0].n).toBe(i + 1);
      expect((await preparedTexts()).includes(text)).toBe(i >= PREPARE_AFTER);
    }
  });

  it('never prepares a text without parameters, nor several statements in one string', async () => {
    const single = `SELECT 41 + 1 AS n -- ${randomBytes(4).toString('hex')}`;
    for (let i = 0; i < PREPARE_AFTER + 1; i++) {
      expect((await client.query(single)).rows[0].n).toBe(42);
      await client.query('BEGIN; SELECT 1; COMMIT');
    }
    expect(await preparedTexts()).not.toContain(single);
  });

  it('keeps a prepared statement usable after it failed inside a rolled-back transaction', async () => {
    const text = `SELECT 10 / $1::int AS q -- ${randomBytes(4).toString('hex')}`;
    for (let i = 0; i < PREPARE_AFTER; i++) await client.query(text, [5]);
    await client.query('BEGIN');
    await expect(client.query(text, [0])).rejects.toThrow(/division by zero/);
    await client.query('ROLLBACK');
    expect((await client.query(text, [2])).rows[0].q).toBe(5);
  });

  it('reports a statement that does not parse every time, without breaking the connection', async () => {
    const broken = `SELEC $1::int -- ${randomBytes(4).toString('hex')}`;
    for (let i = 0; i < PREPARE_AFTER + 1; i++) await expect(client.query(broken, [1])).rejects.toThrow(/syntax error/);
    expect((await client.query('SELECT $1::int AS n', [7])).rows[0].n).toBe(7);
  });
});
