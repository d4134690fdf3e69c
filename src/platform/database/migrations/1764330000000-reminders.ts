import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reminders1764330000000 implements MigrationInterface {
  name = 'Reminders1764330000000';

  async up(q: QueryRunner): Promise<void> {
    // A conference without a row here follows the default policy.
    await q.query(`
      CREATE TABLE reminder_policies (
        conference_id uuid PRIMARY KEY REFERENCES conferences (id),
        non_responder_days integer[] NOT NULL,
        participant_days integer[] NOT NULL,
        quiet_from text,
        quiet_to text,
        digest_at text,
        digest_to text,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((quiet_from IS NULL) = (quiet_to IS NULL))
      )`);

    await q.query(`
      CREATE TABLE reminder_steps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conference_id uuid NOT NULL REFERENCES conferences (id),
        kind text NOT NULL CHECK (kind IN ('non_responders', 'participants', 'digest')),
        -- non_responders.14, participants.2, digest.2027-02-03: one step of a kind and offset per conference.
        step_key text NOT NULL,
        offset_days integer,
        due_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'started', 'finished')),
        targeted integer NOT NULL DEFAULT 0,
        batches integer NOT NULL DEFAULT 0,
        started_at timestamptz,
        finished_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT one_step_per_key UNIQUE (conference_id, step_key)
      )`);
    await q.query(`CREATE INDEX reminder_steps_planned ON reminder_steps (due_at) WHERE state = 'planned'`);
    await q.query(`CREATE INDEX reminder_steps_started ON reminder_steps (conference_id) WHERE state = 'started'`);
    await q.query(`CREATE INDEX reminder_steps_by_conference ON reminder_steps (conference_id, due_at, id)`);

    // One send job per batch; generation grows each time the batch is queued again (quiet hours over).
    await q.query(`
      CREATE TABLE reminder_batches (
        step_id uuid NOT NULL REFERENCES reminder_steps (id) ON DELETE CASCADE,
        batch_no integer NOT NULL,
        generation integer NOT NULL DEFAULT 0,
        -- Participants are read by keyset: the id just before the batch's first one.
        range_after uuid,
        queued_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (step_id, batch_no)
      )`);

    // The unique (step, recipient) row is what keeps a step from reaching anyone twice.
    await q.query(`
      CREATE TABLE reminder_deliveries (
        step_id uuid NOT NULL REFERENCES reminder_steps (id) ON DELETE CASCADE,
        recipient_id uuid NOT NULL,
        contact_id uuid,
        batch_no integer NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'waiting_quiet_hours', 'failed')),
        reason text,
        not_before timestamptz,
        claimed_at timestamptz,
        sent_at timestamptz,
        PRIMARY KEY (step_id, recipient_id)
      )`);
    await q.query(`CREATE INDEX reminder_deliveries_open ON reminder_deliveries (step_id, batch_no) WHERE status IN ('pending', 'sending', 'waiting_quiet_hours')`);
    await q.query(`CREATE INDEX reminder_deliveries_waiting ON reminder_deliveries (not_before) WHERE status = 'waiting_quiet_hours'`);
    await q.query(`CREATE INDEX reminder_deliveries_failed ON reminder_deliveries (step_id) WHERE status = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS reminder_deliveries`);
    await q.query(`DROP TABLE IF EXISTS reminder_batches`);
    await q.query(`DROP TABLE IF EXISTS reminder_steps`);
    await q.query(`DROP TABLE IF EXISTS reminder_policies`);
  }
}
