import { MigrationInterface, QueryRunner } from 'typeorm';

/** Badge, visa-letter and check-in state lives in logistics' own tables; the participants table stops carrying a copy. */
export class ParticipantsWithoutLogistics1766700000000 implements MigrationInterface {
  name = 'ParticipantsWithoutLogistics1766700000000';

  async up(q: QueryRunner): Promise<void> {
    // Whatever only the participants table knows moves first (rows logistics has already win).
    await q.query(`
      INSERT INTO logistics_check_ins (participant_id, conference_id, checked_in_at, actor)
      SELECT id, conference_id, checked_in_at, 'system' FROM participants WHERE checked_in_at IS NOT NULL
      ON CONFLICT (participant_id) DO NOTHING`);
    await q.query(`
      INSERT INTO logistics_badges (participant_id, badge_id, conference_id, invitation_id, status, legacy_code_hash, issued_at, revoked_at)
      SELECT id, gen_random_uuid(), conference_id, invitation_id, CASE WHEN status = 'confirmed' THEN badge ELSE 'revoked' END, check_in_hash, confirmed_at, cancelled_at
      FROM participants WHERE badge IN ('issued', 'revoked')
      ON CONFLICT DO NOTHING`);
    await q.query(`
      INSERT INTO logistics_visa_letters (participant_id, conference_id, status, requested_at, issued_at)
      SELECT id, conference_id, CASE WHEN status = 'confirmed' THEN visa_letter ELSE 'revoked' END, confirmed_at, CASE WHEN visa_letter = 'issued' THEN confirmed_at END
      FROM participants WHERE visa_letter IN ('requested', 'issued')
      ON CONFLICT (participant_id) DO NOTHING`);
    await q.query(`DROP INDEX IF EXISTS participants_check_in`);
    await q.query(`ALTER TABLE participants DROP COLUMN badge, DROP COLUMN visa_letter, DROP COLUMN check_in_hash, DROP COLUMN checked_in_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE participants
        ADD COLUMN badge text NOT NULL DEFAULT 'none' CHECK (badge IN ('none', 'issued', 'revoked')),
        ADD COLUMN visa_letter text NOT NULL DEFAULT 'none' CHECK (visa_letter IN ('none', 'requested', 'issued')),
        ADD COLUMN check_in_hash bytea,
        ADD COLUMN checked_in_at timestamptz`);
    await q.query(`
      UPDATE participants p SET badge = CASE WHEN b.status = 'pending' THEN 'none' ELSE b.status END, check_in_hash = b.legacy_code_hash
      FROM logistics_badges b WHERE b.participant_id = p.id`);
    await q.query(`
      UPDATE participants p SET visa_letter = CASE WHEN v.status = 'revoked' THEN 'none' ELSE v.status END
      FROM logistics_visa_letters v WHERE v.participant_id = p.id`);
    await q.query(`UPDATE participants p SET checked_in_at = c.checked_in_at FROM logistics_check_ins c WHERE c.participant_id = p.id`);
    await q.query(`CREATE UNIQUE INDEX participants_check_in ON participants (check_in_hash)`);
  }
}
