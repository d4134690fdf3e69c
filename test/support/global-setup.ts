import { randomBytes } from 'node:crypto';
import { runMigrations } from '../../src/platform/database/migrate';
import { databaseUrl, withAdminClient } from './databases';

/** Migrations run once per test run, into a template every test file copies its own database from. */
export default async function globalSetup(): Promise<void> {
  const template = `convene_tpl_${randomBytes(4).toString('hex')}`;
  process.env.CONVENE_TEST_TEMPLATE = template;
  await withAdminClient(async (client) => {
    // Templates of runs that died without their teardown.
    const stale = await client.query(
      `SELECT datname FROM pg_database WHERE (datname LIKE 'convene_tpl_%' OR datname LIKE 'convene_t_%')
       AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = pg_database.datname)
       AND (pg_stat_file('base/' || oid || '/PG_VERSION')).modification < now() - interval '2 hours'`,
    );
    for (const { datname } of stale.rows) await client.query(`DROP DATABASE IF EXISTS ${datname}`);
    await client.query(`CREATE DATABASE ${template}`);
  });
  await runMigrations(databaseUrl(template));
}
