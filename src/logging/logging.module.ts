import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppLogger } from './app-logger';
import { LogEntry } from './log-entry.entity';
import { APP_LOGGER, LogPersistenceService } from './log-persistence.service';
import { StoredLogs } from './stored-logs';

/** The process logger as a provider, and `logs`: the persistence of its events (LogPersistenceService) and their reads and retention (StoredLogs). */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: AppLogger): DynamicModule {
    return {
      module: LoggingModule,
      imports: [TypeOrmModule.forFeature([LogEntry])],
      providers: [{ provide: APP_LOGGER, useValue: logger }, LogPersistenceService, StoredLogs],
      exports: [APP_LOGGER, LogPersistenceService, StoredLogs],
    };
  }
}
