import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The final state of a one-off mail that used all its attempts, which then leaves mail_requests (so
 * no recovery sends it again), and the same failure on the participant the mail was for.
 */
export class MailFailures1766900000000 implements MigrationInterface {
  name = 'MailFailures1766900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mail_failures (
        message_id text PRIMARY KEY,
        composer text NOT NULL,
        reason text NOT NULL,
        attempts integer NOT NULL,
        failed_at timestamptz NOT NULL
      )`);
    await q.query(`ALTER TABLE participants ADD COLUMN mail_failed_at timestamptz, ADD COLUMN mail_failure_reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE participants DROP COLUMN IF EXISTS mail_failed_at, DROP COLUMN IF EXISTS mail_failure_reason`);
    await q.query(`DROP TABLE mail_failures`);
  }
}
