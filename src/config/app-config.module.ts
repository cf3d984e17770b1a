import { DynamicModule, Global, Module } from '@nestjs/common';
import { NameNormalizer } from '../common/naming/name-normalizer';
import { APP_CONFIG, AppConfig } from './app-config';

/** Makes the validated configuration and the name normalizer (a function of it) injectable everywhere. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: NameNormalizer, useValue: new NameNormalizer(config.normalizationMode) },
      ],
      exports: [APP_CONFIG, NameNormalizer],
    };
  }
}
