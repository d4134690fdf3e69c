import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What was handed to Redis and not yet done, kept in PostgreSQL so that a Redis that lost its data
 * can be given it again: domain events until their consumer finished, one-off mails until sent.
 */
export class DeliveryLedgers1766400000000 implements MigrationInterface {
  name = 'DeliveryLedgers1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_events ADD COLUMN handled_at timestamptz`);
    // Events published before the ledger existed were handled long ago.
    await q.query(`UPDATE outbox_events SET handled_at = published_at WHERE published_at IS NOT NULL`);
    await q.query(`CREATE INDEX outbox_events_unhandled ON outbox_events (id) WHERE published_at IS NOT NULL AND handled_at IS NULL`);
    await q.query(`
      CREATE TABLE mail_requests (
        message_id text PRIMARY KEY,
        composer text NOT NULL,
        payload jsonb NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mail_requests`);
    await q.query(`DROP INDEX outbox_events_unhandled`);
    await q.query(`ALTER TABLE outbox_events DROP COLUMN handled_at`);
  }
}
