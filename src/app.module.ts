import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { X509Certificate } from 'node:crypto';
import { CleanerModule } from './cleaner/cleaner.module';
import { ArrowheadExceptionFilter } from './common/arrowhead/arrowhead-exception.filter';
import { JsonContentTypeMiddleware } from './common/arrowhead/json-content-type.middleware';
import { ArrowheadAuthGuard } from './common/auth/arrowhead-auth.guard';
import { CertificateIdentityResolver } from './common/auth/certificate-identity.resolver';
import { ConsumerAuthorizationClient } from './common/auth/consumer-authorization.client';
import { DeclaredIdentityResolver } from './common/auth/declared-identity.resolver';
import { IdentityResolver } from './common/auth/identity-resolver';
import { OutsourcedIdentityResolver } from './common/auth/outsourced-identity.resolver';
import { OutgoingHttpModule } from './common/http/outgoing-http.module';
import { NameNormalizer } from './common/naming/name-normalizer';
import { ArrowheadValidationPipe } from './common/validation/arrowhead-validation.pipe';
import { JsonDepthMiddleware } from './common/validation/json-depth.middleware';
import { AppConfig } from './config/app-config';
import { CloudModule } from './cloud/cloud.module';
import { CoreSystemsClient } from './cloud/core-systems.client';
import { AppConfigModule } from './config/app-config.module';
import { TlsMaterial } from './config/tls';
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
function identityResolverFor(config: AppConfig, normalizer: NameNormalizer, coreSystems: CoreSystemsClient, tls?: TlsMaterial): IdentityResolver {
  switch (config.auth.policy) {
    case 'certificate':
      // The configuration guarantees TLS with anchors under this policy; the first anchor is the cloud's CA.
      return new CertificateIdentityResolver(normalizer, new X509Certificate(tls!.ca![0]), tls!.certificate);
    case 'outsourced':
      return new OutsourcedIdentityResolver(normalizer, coreSystems, config.auth.tokenCacheMs, config.auth.tokenCacheMax);
    default:
      return new DeclaredIdentityResolver(normalizer);
  }
}

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, logger: AppLogger, tls?: TlsMaterial): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Infrastructure
        AppConfigModule.forRoot(config, tls),
        LoggingModule.forRoot(logger),
        ScheduleModule.forRoot(),
        DatabaseModule,
        MqttConnectionModule,
        OutgoingHttpModule,
        CloudModule,
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
          inject: [NameNormalizer, CoreSystemsClient],
          useFactory: (normalizer: NameNormalizer, coreSystems: CoreSystemsClient) => identityResolverFor(config, normalizer, coreSystems, tls),
        },
        ConsumerAuthorizationClient,
        { provide: APP_GUARD, useClass: ArrowheadAuthGuard },
        { provide: APP_PIPE, useClass: ArrowheadValidationPipe },
        { provide: APP_FILTER, useClass: ArrowheadExceptionFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestTraceMiddleware, HttpMetricsMiddleware, JsonContentTypeMiddleware, JsonDepthMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
