import { Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UnreachableDependencyError } from '../startup-error';
import { prepareConstantStatements } from './constant-query';
import { buildDataSourceOptions } from './data-source-options';
import { EmbeddedPostgres } from './embedded-postgres';
import { runMigrationsUnderLock } from './run-migrations';

/** Where the database is: the configured PostgreSQL, or the embedded one this process started. */
export class DatabaseEndpoint {
  constructor(
    readonly url: string,
    readonly poolSize: number,
    readonly embedded?: EmbeddedPostgres,
  ) {}

}

/** host:port/database, without credentials, for messages. */
function displayName(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'the configured database';
  }
}

@Module({
  providers: [
    {
      provide: DatabaseEndpoint,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<DatabaseEndpoint> => {
        if (config.database.url) {
          return new DatabaseEndpoint(config.database.url, 10);
        }
        const embedded = await EmbeddedPostgres.start(config.database.dataDir);
        return new DatabaseEndpoint(embedded.url, 1, embedded);
      },
    },
  ],
  exports: [DatabaseEndpoint],
})
class DatabaseEndpointModule {}

async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = new DataSource(options);
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new UnreachableDependencyError(`Cannot connect to PostgreSQL at ${displayName((options as { url: string }).url)}: ${(error as Error).message}`);
  }
  await runMigrationsUnderLock(dataSource);
  return dataSource;
}

/** Says where hot statements may be prepared; closes the connection pool before the embedded database it talks to goes away. */
@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DatabaseEndpoint) private readonly endpoint: DatabaseEndpoint,
  ) {
    if (!endpoint.embedded) prepareConstantStatements(dataSource);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
    }
    if (this.endpoint.embedded) {
      await this.endpoint.embedded.stop();
      this.logger.log('Embedded PostgreSQL stopped');
    }
  }
}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [DatabaseEndpointModule],
      inject: [DatabaseEndpoint],
      useFactory: (endpoint: DatabaseEndpoint) => ({
        ...buildDataSourceOptions(endpoint.url, endpoint.poolSize),
        retryAttempts: 0,
      }),
      dataSourceFactory: (options) => openDataSource(options!),
    }),
    DatabaseEndpointModule,
  ],
  providers: [DatabaseLifecycle],
})
export class DatabaseModule {}
