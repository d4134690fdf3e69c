import { MigrationInterface, QueryRunner } from 'typeorm';

export class ParticipantBounces1766300000001 implements MigrationInterface {
  name = 'ParticipantBounces1766300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE participants ADD COLUMN mail_bounced_at timestamptz, ADD COLUMN mail_bounce_reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE participants DROP COLUMN IF EXISTS mail_bounced_at, DROP COLUMN IF EXISTS mail_bounce_reason`);
  }
}
