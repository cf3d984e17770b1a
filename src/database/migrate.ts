import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';
import { runMigrationsUnderLock } from './run-migrations';

/**
 * Applies pending migrations to DATABASE_URL and exits: for a Kubernetes Job ahead of a rollout
 * (`node dist/database/migrate.js`). The service does the same at start-up under the same
 * advisory lock, so running both is safe.
 */
async function migrate(): Promise<void> {
  const url = loadConfig(process.env).database.url;
  if (!url) throw new Error('Set DATABASE_URL to the PostgreSQL to migrate');
  const dataSource = await new DataSource(buildDataSourceOptions(url, 1)).initialize();
  try {
    await runMigrationsUnderLock(dataSource);
    new Logger('Migrations').log('Database schema is up to date');
  } finally {
    await dataSource.destroy();
  }
}

migrate().catch((error: Error) => {
  console.error(`Migration failed: ${error.message}`);
  process.exit(1);
});
