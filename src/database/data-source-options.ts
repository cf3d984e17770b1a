import { DataSourceOptions } from 'typeorm';
import { OrchestrationLock } from '../lock-management/entities/orchestration-lock.entity';
import { CreateOrchestrationLock1763800000000 } from '../migrations/1763800000000-CreateOrchestrationLock';
import { CreateOrchestrationStore1763800100000 } from '../migrations/1763800100000-CreateOrchestrationStore';
import { OrchestrationStoreRule } from '../simple-store/entities/orchestration-store.entity';
import { CreateOrchestrationJob1763800200000 } from '../migrations/1763800200000-CreateOrchestrationJob';
import { OrchestrationJob } from '../orchestration/entities/orchestration-job.entity';
import { CreateSubscriptionAndPushLease1763800300000 } from '../migrations/1763800300000-CreateSubscriptionAndPushLease';
import { Subscription } from '../push/entities/subscription.entity';
import { CreateLogs1763800400000 } from '../migrations/1763800400000-CreateLogs';
import { LogEntry } from '../logging/log-entry.entity';
import { OwnIdentitySession } from '../cloud/own-identity-session.entity';
import { CreateOwnIdentitySession1763800900000 } from '../migrations/1763800900000-CreateOwnIdentitySession';
import { AddPushClaimToken1764390000000 } from '../migrations/1764390000000-AddPushClaimToken';

/** Every entity and migration, listed (not globbed) so that ts-jest, ts-node and dist agree. */
export const ENTITIES = [OrchestrationLock, OrchestrationStoreRule, OrchestrationJob, Subscription, LogEntry, OwnIdentitySession];
export const MIGRATIONS = [CreateOrchestrationLock1763800000000, CreateOrchestrationStore1763800100000, CreateOrchestrationJob1763800200000, CreateSubscriptionAndPushLease1763800300000, CreateLogs1763800400000, CreateOwnIdentitySession1763800900000, AddPushClaimToken1764390000000];

/**
 * The one definition of the database connection, used by the app (via TypeOrmModule) and by the
 * TypeORM CLI (via ormconfig.ts). The schema comes from migrations only.
 */
export function buildDataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    poolSize,
    extra: { max: poolSize, connectionTimeoutMillis: 10_000 },
  };
}
