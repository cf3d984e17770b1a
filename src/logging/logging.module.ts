import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppLogger } from './app-logger';
import { APP_LOGGER, LogPersistenceService } from './log-persistence.service';

/** The process logger as a provider, and the persistence of its events. */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: AppLogger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: APP_LOGGER, useValue: logger }, LogPersistenceService],
      exports: [APP_LOGGER, LogPersistenceService],
    };
  }
}
