import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764288000000 implements MigrationInterface {
  name = 'Foundation1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_events (
        id bigserial PRIMARY KEY,
        type text NOT NULL,
        aggregate_id text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_events_unpublished ON outbox_events (id) WHERE published_at IS NULL`);

    await q.query(`
      CREATE TABLE clock_state (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        now timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('admin', 'coordinator', 'viewer')),
        key_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);

    await q.query(`
      CREATE TABLE series (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE conferences (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        series_id uuid NOT NULL REFERENCES series (id),
        kind text NOT NULL CHECK (kind IN ('regional', 'summit')),
        title text NOT NULL,
        city text,
        country char(2),
        partners text[] NOT NULL DEFAULT '{}',
        starts_on date,
        ends_on date,
        timezone text,
        capacity integer CHECK (capacity > 0),
        languages text[] NOT NULL DEFAULT '{en}',
        rsvp_deadline timestamptz,
        delegation_quota integer NOT NULL DEFAULT 0 CHECK (delegation_quota >= 0),
        state text NOT NULL DEFAULT 'planning',
        state_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on >= starts_on)
      )`);
    await q.query(`CREATE UNIQUE INDEX conferences_one_summit_per_series ON conferences (series_id) WHERE kind = 'summit'`);
    await q.query(`CREATE INDEX conferences_series ON conferences (series_id, created_at, id)`);
    await q.query(`CREATE INDEX conferences_state ON conferences (state)`);

    await q.query(`
      CREATE TABLE conference_events (
        id bigserial PRIMARY KEY,
        conference_id uuid NOT NULL REFERENCES conferences (id),
        type text NOT NULL,
        from_state text,
        to_state text,
        actor text NOT NULL,
        reason text,
        data jsonb NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX conference_events_by_conference ON conference_events (conference_id, id)`);

    await q.query(`
      CREATE TABLE summit_waivers (
        summit_id uuid NOT NULL REFERENCES conferences (id),
        conference_id uuid NOT NULL REFERENCES conferences (id),
        reason text NOT NULL,
        actor text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (summit_id, conference_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['summit_waivers', 'conference_events', 'conferences', 'series', 'api_keys', 'clock_state', 'outbox_events']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
