import { MigrationInterface, QueryRunner } from 'typeorm';

export class LogisticsCheckIns1765600000000 implements MigrationInterface {
  name = 'LogisticsCheckIns1765600000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per participant let in at the door; the primary key makes a second scan a no-op.
    await q.query(`
      CREATE TABLE logistics_check_ins (
        participant_id uuid PRIMARY KEY,
        conference_id uuid NOT NULL,
        checked_in_at timestamptz NOT NULL,
        actor text NOT NULL
      )`);
    await q.query(`CREATE INDEX logistics_check_ins_conference ON logistics_check_ins (conference_id)`);
    await q.query(`
      INSERT INTO logistics_check_ins (participant_id, conference_id, checked_in_at, actor)
      SELECT id, conference_id, checked_in_at, 'system' FROM participants WHERE checked_in_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS logistics_check_ins`);
  }
}
