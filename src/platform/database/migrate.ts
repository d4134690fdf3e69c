import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadDatabaseUrl } from '../config/app-config';
import { typeOrmOptions } from './typeorm-options';

/** Applies pending migrations to DATABASE_URL and exits; `npm run migration:run` calls it. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource(typeOrmOptions({ databaseUrl }));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  let databaseUrl: string;
  try {
    databaseUrl = loadDatabaseUrl();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
  runMigrations(databaseUrl)
    .then((applied) => {
      console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Schema is up to date.');
    })
    .catch((error: Error) => {
      console.error(`Migration failed: ${error.message}`);
      process.exit(1);
    });
}
