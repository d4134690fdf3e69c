import { MigrationInterface, QueryRunner } from 'typeorm';

export class LogisticsReadiness1765600000003 implements MigrationInterface {
  name = 'LogisticsReadiness1765600000003';

  async up(q: QueryRunner): Promise<void> {
    // The first moment each conference's logistics had no blocker left: logistics.ready is announced once.
    await q.query(`CREATE TABLE logistics_readiness (conference_id uuid PRIMARY KEY, ready_at timestamptz NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS logistics_readiness`);
  }
}
