import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['series', 'conferences', 'api_keys'];

/** Series, conferences and API keys take their creation time from the service's clock: the database no longer supplies one. */
export class CreatedAtFromClock1766500000000 implements MigrationInterface {
  name = 'CreatedAtFromClock1766500000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`ALTER TABLE ${table} ALTER COLUMN created_at DROP DEFAULT`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`ALTER TABLE ${table} ALTER COLUMN created_at SET DEFAULT now()`);
  }
}
