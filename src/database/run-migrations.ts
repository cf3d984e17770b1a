import { Logger } from '@nestjs/common';
import { DataSource, MigrationExecutor } from 'typeorm';

// Any fixed 64-bit key shared by every replica of this service.
const MIGRATION_LOCK_KEY = 5_117_002_061;

/**
 * Runs pending migrations while holding a session-level advisory lock, so that replicas starting
 * together take turns: the first migrates, the others then find nothing to do. The lock and the
 * migrations share one connection (the embedded database has only one).
 */
export async function runMigrationsUnderLock(dataSource: DataSource): Promise<void> {
  const logger = new Logger('Migrations');
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    await queryRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = 'all';
      const applied = await executor.executePendingMigrations();
      if (applied.length > 0) {
        logger.log(`Applied ${applied.length} migration(s): ${applied.map((migration) => migration.name).join(', ')}`);
      }
    } finally {
      await queryRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await queryRunner.release();
  }
}
