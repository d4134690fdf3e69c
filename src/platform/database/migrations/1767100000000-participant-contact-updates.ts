import { MigrationInterface, QueryRunner } from 'typeorm';

export class ParticipantContactUpdates1767100000000 implements MigrationInterface {
  name = 'ParticipantContactUpdates1767100000000';

  async up(q: QueryRunner): Promise<void> {
    // The contact.updated event a participant last took its contact's details from: a redelivered event changes nothing.
    await q.query(`ALTER TABLE participants ADD COLUMN contact_updated_for text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE participants DROP COLUMN IF EXISTS contact_updated_for`);
  }
}
