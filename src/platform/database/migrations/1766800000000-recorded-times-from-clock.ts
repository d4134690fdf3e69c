import { MigrationInterface, QueryRunner } from 'typeorm';

/** Columns the service now writes from its clock: the database no longer supplies a time of its own for them. */
const FROM_CLOCK: Array<[table: string, column: string]> = [
  ['invitations', 'created_at'],
  ['reminder_steps', 'created_at'],
  ['conferences', 'updated_at'],
];

/** Invitations, reminder steps and conference changes take their time from the service's clock; a series records when it last changed. */
export class RecordedTimesFromClock1766800000000 implements MigrationInterface {
  name = 'RecordedTimesFromClock1766800000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, column] of FROM_CLOCK) await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} DROP DEFAULT`);
    await q.query(`ALTER TABLE series ADD COLUMN updated_at timestamptz(3)`);
    await q.query(`UPDATE series SET updated_at = created_at`);
    await q.query(`ALTER TABLE series ALTER COLUMN updated_at SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE series DROP COLUMN updated_at`);
    for (const [table, column] of FROM_CLOCK) await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT now()`);
  }
}
