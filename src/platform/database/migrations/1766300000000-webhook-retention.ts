import { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookRetention1766300000000 implements MigrationInterface {
  name = 'WebhookRetention1766300000000';

  async up(q: QueryRunner): Promise<void> {
    // Pruning takes delivered rows oldest first, a batch at a time, without reading the rest.
    await q.query(`CREATE INDEX webhook_deliveries_delivered ON webhook_deliveries (delivered_at) WHERE status = 'delivered'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS webhook_deliveries_delivered`);
  }
}
