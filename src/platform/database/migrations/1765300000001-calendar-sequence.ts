import { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarSequence1765300000001 implements MigrationInterface {
  name = 'CalendarSequence1765300000001';

  async up(q: QueryRunner): Promise<void> {
    // The SEQUENCE of the conference's calendar file: raised by every change and transition.
    await q.query(`ALTER TABLE conferences ADD COLUMN calendar_sequence integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conferences DROP COLUMN calendar_sequence`);
  }
}
