import { MigrationInterface, QueryRunner } from 'typeorm';

const THEMES = [
  ['biometrics_terrorist_travel', 'Biometrics and terrorist travel'],
  ['terrorist_use_of_internet', 'Terrorist use of the internet'],
  ['new_technologies', 'New technologies'],
  ['financing_of_terrorism', 'Financing of terrorism'],
  ['capacity_building', 'Capacity building'],
  ['human_rights', 'Human rights'],
  ['victims_of_terrorism', 'Victims of terrorism'],
  ['multi_stakeholder_cooperation', 'Multi-stakeholder cooperation'],
];

/** The reports module's tables: themes, outcomes, feedback, generated reports and announced milestones. */
export class Reports1765700000000 implements MigrationInterface {
  name = 'Reports1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_themes (
        code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,62}$'),
        label text NOT NULL,
        position serial NOT NULL
      )`);
    await q.query(`INSERT INTO report_themes (code, label) SELECT code, label FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(code, label, n) ORDER BY n`, [THEMES.map((t) => t[0]), THEMES.map((t) => t[1])]);
    await q.query(`
      CREATE TABLE conference_outcomes (
        conference_id uuid PRIMARY KEY REFERENCES conferences (id),
        summary text NOT NULL,
        key_outcomes jsonb NOT NULL,
        recommendations jsonb NOT NULL,
        revision integer NOT NULL DEFAULT 1,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // One row per conference: a newer generation replaces the older (generation counts them).
    await q.query(`
      CREATE TABLE conference_reports (
        conference_id uuid PRIMARY KEY REFERENCES conferences (id),
        requested_generation integer NOT NULL,
        generation integer NOT NULL DEFAULT 0,
        requested_at timestamptz NOT NULL,
        generated_at timestamptz,
        data jsonb,
        markdown text,
        csv text,
        pdf bytea
      )`);
    await q.query(`
      CREATE TABLE participant_feedback (
        participant_id uuid PRIMARY KEY,
        conference_id uuid NOT NULL REFERENCES conferences (id),
        token_hash bytea NOT NULL UNIQUE,
        language text NOT NULL,
        rating smallint CHECK (rating BETWEEN 1 AND 5),
        comment text,
        invited_at timestamptz NOT NULL,
        answered_at timestamptz
      )`);
    await q.query(`CREATE INDEX participant_feedback_by_conference ON participant_feedback (conference_id)`);
    // A milestone announced once however often the event that caused it is delivered.
    await q.query(`CREATE TABLE report_announcements (key text PRIMARY KEY, announced_at timestamptz NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['report_announcements', 'participant_feedback', 'conference_reports', 'conference_outcomes', 'report_themes']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
