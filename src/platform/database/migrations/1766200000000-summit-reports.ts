import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The summit's consolidated report, stored like a conference's: one row per series, a newer
 * generation replacing the older. Milestone announcements now commit with their transition, so
 * their once-only keys go.
 */
export class SummitReports1766200000000 implements MigrationInterface {
  name = 'SummitReports1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE summit_reports (
        series_id uuid PRIMARY KEY REFERENCES series (id),
        requested_generation integer NOT NULL,
        requested_at timestamptz NOT NULL,
        generation integer NOT NULL DEFAULT 0,
        generated_at timestamptz,
        data jsonb,
        markdown text,
        pdf bytea
      )`);
    await q.query(`DROP TABLE report_announcements`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE report_announcements (key text PRIMARY KEY, announced_at timestamptz NOT NULL)`);
    await q.query(`DROP TABLE summit_reports`);
  }
}
