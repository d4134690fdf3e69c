import { MigrationInterface, QueryRunner } from 'typeorm';

export class MailBounces1765100001000 implements MigrationInterface {
  name = 'MailBounces1765100001000';

  async up(q: QueryRunner): Promise<void> {
    // Delivery status notifications received, by the Message-ID of the message they report on.
    await q.query(`
      CREATE TABLE mail_bounces (
        id bigserial PRIMARY KEY,
        message_id text NOT NULL,
        action text NOT NULL,
        status text NOT NULL,
        diagnostic text,
        permanent boolean NOT NULL,
        received_at timestamptz NOT NULL,
        UNIQUE (message_id, action, status)
      )`);

    await q.query(`ALTER TABLE contacts ADD COLUMN undeliverable_at timestamptz, ADD COLUMN undeliverable_reason text`);
    await q.query(`ALTER TABLE waves ADD COLUMN include_undeliverable boolean NOT NULL DEFAULT false, ADD COLUMN skipped_undeliverable integer NOT NULL DEFAULT 0, ADD COLUMN bounced integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE invitations ADD COLUMN bounced_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invitations DROP COLUMN bounced_at`);
    await q.query(`ALTER TABLE waves DROP COLUMN include_undeliverable, DROP COLUMN skipped_undeliverable, DROP COLUMN bounced`);
    await q.query(`ALTER TABLE contacts DROP COLUMN undeliverable_at, DROP COLUMN undeliverable_reason`);
    await q.query(`DROP TABLE IF EXISTS mail_bounces`);
  }
}
