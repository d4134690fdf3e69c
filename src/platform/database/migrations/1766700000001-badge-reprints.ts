import { MigrationInterface, QueryRunner } from 'typeorm';

export class BadgeReprints1766700000001 implements MigrationInterface {
  name = 'BadgeReprints1766700000001';

  async up(q: QueryRunner): Promise<void> {
    // The participant.updated event a badge was last reprinted for: a redelivered event reprints nothing.
    await q.query(`ALTER TABLE logistics_badges ADD COLUMN reprinted_for text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE logistics_badges DROP COLUMN IF EXISTS reprinted_for`);
  }
}
