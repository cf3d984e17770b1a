import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CleanerModule } from './cleaner/cleaner.module';
import { ArrowheadExceptionFilter } from './common/arrowhead/arrowhead-exception.filter';
import { JsonContentTypeMiddleware } from './common/arrowhead/json-content-type.middleware';
import { ArrowheadAuthGuard } from './common/auth/arrowhead-auth.guard';
import { CertificateIdentityResolver } from './common/auth/certificate-identity.resolver';
import { ConsumerAuthorizationClient } from './common/auth/consumer-authorization.client';
import { DeclaredIdentityResolver } from './common/auth/declared-identity.resolver';
import { IdentityResolver } from './common/auth/identity-resolver';
import { OutsourcedIdentityResolver } from './common/auth/outsourced-identity.resolver';
import { OutgoingHttp } from './common/http/outgoing-http';
import { OutgoingHttpModule } from './common/http/outgoing-http.module';
import { NameNormalizer } from './common/naming/name-normalizer';
import { ArrowheadValidationPipe } from './common/validation/arrowhead-validation.pipe';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { DatabaseModule } from './database/database.module';
import { GeneralManagementModule } from './general-management/general-management.module';
import { HealthModule } from './health/health.module';
import { LockManagementModule } from './lock-management/lock-management.module';
import { AppLogger } from './logging/app-logger';
import { LoggingModule } from './logging/logging.module';
import { RequestTraceMiddleware } from './logging/request-trace.middleware';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsModule } from './metrics/metrics.module';
import { MonitorModule } from './monitor/monitor.module';
import { MqttConnectionModule } from './mqtt/mqtt-connection';
import { OrchestrationModule } from './orchestration/orchestration.module';
import { PushModule } from './push/push.module';
import { SimpleStoreModule } from './simple-store/simple-store.module';

/** AUTH_POLICY picks how callers are identified (SPEC.md §5). */
function identityResolverFor(config: AppConfig, normalizer: NameNormalizer, http: OutgoingHttp): IdentityResolver {
  switch (config.auth.policy) {
    case 'certificate':
      return new CertificateIdentityResolver(
        normalizer,
        new X509Certificate(readFileSync(config.tls.caFile!)),
        new X509Certificate(readFileSync(config.tls.certFile!)),
      );
    case 'outsourced':
      return new OutsourcedIdentityResolver(normalizer, http, config.auth.authenticationUrl!, config.auth.tokenCacheMs);
    default:
      return new DeclaredIdentityResolver(normalizer);
  }
}

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Infrastructure
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        ScheduleModule.forRoot(),
        DatabaseModule,
        MqttConnectionModule,
        OutgoingHttpModule,
        MetricsModule,
        HealthModule,
        // Arrowhead services
        OrchestrationModule,
        SimpleStoreModule,
        LockManagementModule,
        PushModule,
        GeneralManagementModule,
        MonitorModule,
        CleanerModule,
      ],
      providers: [
        {
          provide: IdentityResolver,
          inject: [NameNormalizer, OutgoingHttp],
          useFactory: (normalizer: NameNormalizer, http: OutgoingHttp) => identityResolverFor(config, normalizer, http),
        },
        ConsumerAuthorizationClient,
        { provide: APP_GUARD, useClass: ArrowheadAuthGuard },
        { provide: APP_PIPE, useClass: ArrowheadValidationPipe },
        { provide: APP_FILTER, useClass: ArrowheadExceptionFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestTraceMiddleware, HttpMetricsMiddleware, JsonContentTypeMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
