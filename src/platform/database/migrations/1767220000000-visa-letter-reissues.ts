import { MigrationInterface, QueryRunner } from 'typeorm';

export class VisaLetterReissues1767220000000 implements MigrationInterface {
  name = 'VisaLetterReissues1767220000000';

  async up(q: QueryRunner): Promise<void> {
    // The participant.updated event a visa letter was last drawn again for: a redelivered event draws nothing.
    await q.query(`ALTER TABLE logistics_visa_letters ADD COLUMN reissued_for text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE logistics_visa_letters DROP COLUMN IF EXISTS reissued_for`);
  }
}
