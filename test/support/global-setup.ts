import { randomBytes } from 'node:crypto';
import { Servers, ensureServers } from '../../src/cli/private-servers';
import { runMigrations } from '../../src/platform/database/migrate';

/** The private servers of this run, if any, for the global teardown (both run in Jest's parent process). */
export const privateServers: { current: Servers | null } = { current: null };

/**
 * Private PostgreSQL and Redis when nothing answers on the default addresses (the test files read
 * TEST_POSTGRES_URL/TEST_REDIS_URL, inherited from here); then migrations run once per test run,
 * into a template every test file copies its own database from.
 */
export default async function globalSetup(): Promise<void> {
  const servers = await ensureServers({ postgresUrl: process.env.TEST_POSTGRES_URL ?? null, redisUrl: process.env.TEST_REDIS_URL ?? null });
  privateServers.current = servers;
  process.env.TEST_POSTGRES_URL = servers.postgresUrl;
  process.env.TEST_REDIS_URL = servers.redisUrl;
  // Loaded only now: it reads the addresses above when it loads.
  const { databaseUrl, withAdminClient } = await import('./databases');
  const template = `convene_tpl_${randomBytes(4).toString('hex')}`;
  process.env.CONVENE_TEST_TEMPLATE = template;
  await withAdminClient(async (client) => {
    // Templates of runs that died without their teardown (a database another run is dropping meanwhile has no file to stat).
    const stale = await client.query(
      `SELECT datname FROM pg_database WHERE (datname LIKE 'convene_tpl_%' OR datname LIKE 'convene_t_%')
       AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = pg_database.datname)
       AND (pg_stat_file('base/' || oid || '/PG_VERSION', true)).modification < now() - interval '2 hours'`,
    );
    for (const { datname } of stale.rows) await client.query(`DROP DATABASE IF EXISTS ${datname}`);
    await client.query(`CREATE DATABASE ${template}`);
  });
  await runMigrations(databaseUrl(template));
}
