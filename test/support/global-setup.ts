import { runMigrations } from '../../src/platform/database/migrate';
import { TEMPLATE_DATABASE, databaseUrl, withAdminClient } from './databases';

/** Migrations run once per test run, into a template every test file copies its own database from. */
export default async function globalSetup(): Promise<void> {
  await withAdminClient(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  });
  await runMigrations(databaseUrl(TEMPLATE_DATABASE));
}
