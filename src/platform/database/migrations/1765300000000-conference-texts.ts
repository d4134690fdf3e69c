import { MigrationInterface, QueryRunner } from 'typeorm';

export class ConferenceTexts1765300000000 implements MigrationInterface {
  name = 'ConferenceTexts1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conferences ADD COLUMN translations jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await q.query(`ALTER TABLE conferences ADD COLUMN rsvp_deadline_date date`);
    // Date-only deadlines were kept as the next local midnight; they become the last instant of their own day.
    await q.query(
      `UPDATE conferences
          SET rsvp_deadline_date = (rsvp_deadline AT TIME ZONE timezone)::date - 1,
              rsvp_deadline = rsvp_deadline - interval '1 millisecond'
        WHERE rsvp_deadline IS NOT NULL AND timezone IS NOT NULL AND (rsvp_deadline AT TIME ZONE timezone)::time = '00:00'`,
    );
    await q.query(`ALTER TABLE series ADD COLUMN secretariat_name text, ADD COLUMN secretariat_email text, ADD COLUMN secretariat_phone text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE series DROP COLUMN secretariat_name, DROP COLUMN secretariat_email, DROP COLUMN secretariat_phone`);
    await q.query(`UPDATE conferences SET rsvp_deadline = rsvp_deadline + interval '1 millisecond' WHERE rsvp_deadline_date IS NOT NULL`);
    await q.query(`ALTER TABLE conferences DROP COLUMN rsvp_deadline_date, DROP COLUMN translations`);
  }
}
