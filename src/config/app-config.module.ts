import { DynamicModule, Global, Module } from '@nestjs/common';
import { NameNormalizer } from '../common/naming/name-normalizer';
import { APP_CONFIG, AppConfig } from './app-config';
import { TLS_MATERIAL, TlsMaterial } from './tls';

/** Makes the validated configuration, the TLS material and the name normalizer (a function of it) injectable everywhere. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig, tls?: TlsMaterial): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: TLS_MATERIAL, useValue: tls ?? null },
        { provide: NameNormalizer, useValue: new NameNormalizer(config.normalizationMode) },
      ],
      exports: [APP_CONFIG, TLS_MATERIAL, NameNormalizer],
    };
  }
}
