import { MigrationInterface, QueryRunner } from 'typeorm';

export class ListsOfParticipants1765600000002 implements MigrationInterface {
  name = 'ListsOfParticipants1765600000002';

  async up(q: QueryRunner): Promise<void> {
    // The latest provisional and final list of each conference, as the worker generated them.
    await q.query(`
      CREATE TABLE logistics_participant_lists (
        conference_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('provisional', 'final')),
        status text NOT NULL CHECK (status IN ('requested', 'generated')),
        pdf bytea,
        csv text,
        members integer,
        requested_at timestamptz NOT NULL,
        generated_at timestamptz,
        PRIMARY KEY (conference_id, kind)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS logistics_participant_lists`);
  }
}
