import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxTransactions1764340000000 implements MigrationInterface {
  name = 'OutboxTransactions1764340000000';

  async up(q: QueryRunner): Promise<void> {
    // The transaction that wrote each event: the relay publishes one transaction's events as one job.
    await q.query(`ALTER TABLE outbox_events ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_events DROP COLUMN tx`);
  }
}
