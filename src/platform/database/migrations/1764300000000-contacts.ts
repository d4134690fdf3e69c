import { MigrationInterface, QueryRunner } from 'typeorm';

export class Contacts1764300000000 implements MigrationInterface {
  name = 'Contacts1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // Personal fields are nullable because erasure empties them; while a contact is not erased,
    // e-mail and full name are required.
    await q.query(`
      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text,
        full_name text,
        honorific text,
        job_title text,
        organisation text,
        country text CHECK (country ~ '^[A-Z]{2}$'),
        stakeholder_type text NOT NULL CHECK (stakeholder_type IN ('member_state', 'international_org', 'regional_org', 'un_entity', 'civil_society', 'academia', 'private_sector')),
        language text NOT NULL DEFAULT 'en' CHECK (language IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
        timezone text,
        gender text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz,
        CHECK (erased_at IS NOT NULL OR (email IS NOT NULL AND full_name IS NOT NULL)),
        CHECK (stakeholder_type <> 'member_state' OR country IS NOT NULL)
      )`);
    // Erased contacts have no e-mail: the old address is free for a new contact.
    await q.query(`CREATE UNIQUE INDEX contacts_email_unique ON contacts (lower(email)) WHERE erased_at IS NULL`);
    await q.query(`CREATE INDEX contacts_by_name ON contacts (lower(full_name), id) WHERE erased_at IS NULL`);
    await q.query(`CREATE INDEX contacts_stakeholder_type ON contacts (stakeholder_type) WHERE erased_at IS NULL`);
    await q.query(`CREATE INDEX contacts_country ON contacts (country) WHERE erased_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS contacts`);
  }
}
