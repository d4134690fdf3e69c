import { MigrationInterface, QueryRunner } from 'typeorm';

export class Invitations1764310000000 implements MigrationInterface {
  name = 'Invitations1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE waves (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conference_id uuid NOT NULL REFERENCES conferences (id),
        name text NOT NULL,
        audience jsonb NOT NULL,
        send_at timestamptz,
        state text NOT NULL DEFAULT 'draft'
          CHECK (state IN ('draft', 'scheduled', 'dispatching', 'completed', 'completed_with_failures', 'cancelled')),
        audience_size integer NOT NULL DEFAULT 0,
        targeted integer NOT NULL DEFAULT 0,
        already_invited integer NOT NULL DEFAULT 0,
        sent integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        created_by text NOT NULL,
        -- Millisecond precision: list cursors carry the time as JavaScript reads it.
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        expanded_at timestamptz,
        completed_at timestamptz,
        cancelled_at timestamptz
      )`);
    await q.query(`CREATE INDEX waves_by_conference ON waves (conference_id, created_at, id)`);
    await q.query(`CREATE INDEX waves_scheduled ON waves (send_at) WHERE state = 'scheduled'`);
    await q.query(`CREATE INDEX waves_dispatching ON waves (dispatched_at) WHERE state = 'dispatching'`);

    await q.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conference_id uuid NOT NULL REFERENCES conferences (id),
        contact_id uuid NOT NULL REFERENCES contacts (id),
        wave_id uuid NOT NULL REFERENCES waves (id),
        batch_no integer NOT NULL,
        token_hash bytea,
        delivery text NOT NULL DEFAULT 'queued' CHECK (delivery IN ('queued', 'sent', 'failed', 'bounced')),
        delivery_error text,
        response text NOT NULL DEFAULT 'none'
          CHECK (response IN ('none', 'accepted', 'declined', 'waitlisted', 'offered', 'cancelled')),
        language text,
        sent_at timestamptz,
        responded_at timestamptz,
        reminders_sent integer NOT NULL DEFAULT 0,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT one_invitation_per_contact UNIQUE (conference_id, contact_id)
      )`);
    await q.query(`CREATE INDEX invitations_by_batch ON invitations (wave_id, batch_no)`);
    await q.query(`CREATE INDEX invitations_queued ON invitations (wave_id, batch_no) WHERE delivery = 'queued'`);
    await q.query(`CREATE INDEX invitations_by_conference ON invitations (conference_id, created_at, id)`);
    await q.query(`CREATE UNIQUE INDEX invitations_by_token ON invitations (token_hash) WHERE token_hash IS NOT NULL`);

    // Funnel counters, sharded so concurrent answers to one conference do not queue on a single row.
    await q.query(`
      CREATE TABLE invitation_stats (
        conference_id uuid NOT NULL REFERENCES conferences (id),
        shard smallint NOT NULL,
        invited integer NOT NULL DEFAULT 0,
        sent integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        bounced integer NOT NULL DEFAULT 0,
        accepted integer NOT NULL DEFAULT 0,
        declined integer NOT NULL DEFAULT 0,
        waitlisted integer NOT NULL DEFAULT 0,
        offered integer NOT NULL DEFAULT 0,
        cancelled integer NOT NULL DEFAULT 0,
        PRIMARY KEY (conference_id, shard)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS invitation_stats`);
    await q.query(`DROP TABLE IF EXISTS invitations`);
    await q.query(`DROP TABLE IF EXISTS waves`);
  }
}
