import { privateServers } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const { withAdminClient } = await import('./databases');
  const template = process.env.CONVENE_TEST_TEMPLATE;
  if (template) await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  await privateServers.current?.stop();
}
