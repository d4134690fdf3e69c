import { MigrationInterface, QueryRunner } from 'typeorm';

export class Sessions1765500000000 implements MigrationInterface {
  name = 'Sessions1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('admin', 'coordinator', 'viewer', 'checkin'))`);
    // A stored key's sessions go with it; a session of the bootstrap key (api_key_id NULL) lives only
    // while ADMIN_API_KEY still hashes to key_hash.
    await q.query(`
      CREATE TABLE browser_sessions (
        id_hash text PRIMARY KEY,
        api_key_id uuid REFERENCES api_keys (id) ON DELETE CASCADE,
        key_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        idle_expires_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX browser_sessions_api_key ON browser_sessions (api_key_id)`);
    await q.query(`CREATE INDEX browser_sessions_expires ON browser_sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS browser_sessions`);
    await q.query(`DELETE FROM api_keys WHERE role = 'checkin'`);
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('admin', 'coordinator', 'viewer'))`);
  }
}
