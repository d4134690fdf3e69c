import { MigrationInterface, QueryRunner } from 'typeorm';

export class Logistics1765600000001 implements MigrationInterface {
  name = 'Logistics1765600000001';

  async up(q: QueryRunner): Promise<void> {
    // One badge per participant; a reissue gives it a new id, which is what its signed code names.
    await q.query(`
      CREATE TABLE logistics_badges (
        participant_id uuid PRIMARY KEY,
        badge_id uuid NOT NULL UNIQUE,
        conference_id uuid NOT NULL,
        invitation_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'issued', 'revoked')),
        legacy_code_hash bytea UNIQUE,
        pdf bytea,
        issued_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX logistics_badges_conference ON logistics_badges (conference_id, status)`);
    await q.query(`
      INSERT INTO logistics_badges (participant_id, badge_id, conference_id, invitation_id, status, legacy_code_hash, issued_at, revoked_at)
      SELECT id, gen_random_uuid(), conference_id, invitation_id, badge, check_in_hash, confirmed_at, cancelled_at
      FROM participants WHERE badge IN ('issued', 'revoked')`);
    await q.query(`
      CREATE TABLE logistics_visa_letters (
        participant_id uuid PRIMARY KEY,
        conference_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('requested', 'issued', 'revoked')),
        language text,
        pdf bytea,
        requested_at timestamptz NOT NULL,
        issued_at timestamptz
      )`);
    await q.query(`CREATE INDEX logistics_visa_letters_conference ON logistics_visa_letters (conference_id, status)`);
    await q.query(`
      INSERT INTO logistics_visa_letters (participant_id, conference_id, status, requested_at, issued_at)
      SELECT id, conference_id, CASE WHEN status = 'confirmed' THEN visa_letter ELSE 'revoked' END, confirmed_at, CASE WHEN visa_letter = 'issued' THEN confirmed_at END
      FROM participants WHERE visa_letter IN ('requested', 'issued')`);
    await q.query(`
      CREATE TABLE logistics_venues (
        conference_id uuid PRIMARY KEY,
        name text NOT NULL,
        address text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE logistics_rooms (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conference_id uuid NOT NULL REFERENCES logistics_venues (conference_id) ON DELETE CASCADE,
        name text NOT NULL,
        capacity integer NOT NULL CHECK (capacity > 0),
        UNIQUE (conference_id, name)
      )`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    // The exclusion constraint is the last word on double booking, whatever the requests' interleaving.
    await q.query(`
      CREATE TABLE logistics_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conference_id uuid NOT NULL,
        room_id uuid NOT NULL REFERENCES logistics_rooms (id) ON DELETE RESTRICT,
        title text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        CHECK (ends_at > starts_at),
        CONSTRAINT logistics_sessions_no_overlap EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
      )`);
    await q.query(`CREATE INDEX logistics_sessions_conference ON logistics_sessions (conference_id, starts_at)`);
    await q.query(`
      CREATE TABLE logistics_tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conference_id uuid NOT NULL,
        title text NOT NULL,
        due_on date NOT NULL,
        done boolean NOT NULL DEFAULT false,
        seeded_key text,
        created_at timestamptz NOT NULL,
        UNIQUE (conference_id, seeded_key)
      )`);
    await q.query(`CREATE INDEX logistics_tasks_conference ON logistics_tasks (conference_id, due_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['logistics_tasks', 'logistics_sessions', 'logistics_rooms', 'logistics_venues', 'logistics_visa_letters', 'logistics_badges']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
