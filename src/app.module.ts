import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ArrowheadExceptionFilter } from './common/arrowhead/arrowhead-exception.filter';
import { JsonContentTypeMiddleware } from './common/arrowhead/json-content-type.middleware';
import { StatusResultInterceptor } from './common/arrowhead/status-result';
import { RequestTraceMiddleware } from './logging/request-trace.middleware';
import { ArrowheadAuthGuard } from './common/auth/arrowhead-auth.guard';
import { DeclaredIdentityResolver } from './common/auth/declared-identity.resolver';
import { IdentityResolver } from './common/auth/identity-resolver';
import { NameNormalizer } from './common/naming/name-normalizer';
import { ArrowheadValidationPipe } from './common/validation/arrowhead-validation.pipe';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { DatabaseModule } from './database/database.module';
import { LockManagementModule } from './lock-management/lock-management.module';
import { MonitorModule } from './monitor/monitor.module';
import { SimpleStoreModule } from './simple-store/simple-store.module';
import { OrchestrationModule } from './orchestration/orchestration.module';
import { CleanerModule } from './cleaner/cleaner.module';
import { PushModule } from './push/push.module';
import { GeneralManagementModule } from './general-management/general-management.module';
import { AppLogger } from './logging/app-logger';
import { LoggingModule } from './logging/logging.module';
import { MqttConnectionModule } from './mqtt/mqtt-connection';
import { MetricsModule } from './metrics/metrics.module';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        MqttConnectionModule,
        MetricsModule,
        HealthModule,
        ScheduleModule.forRoot(), DatabaseModule, LockManagementModule, SimpleStoreModule, OrchestrationModule, PushModule, GeneralManagementModule, CleanerModule, MonitorModule,
      ],
      providers: [
        // AUTH_POLICY picks the strategy; `declared` is the one available so far.
        { provide: IdentityResolver, inject: [NameNormalizer], useFactory: (normalizer: NameNormalizer) => new DeclaredIdentityResolver(normalizer) },
        { provide: APP_GUARD, useClass: ArrowheadAuthGuard },
        { provide: APP_PIPE, useClass: ArrowheadValidationPipe },
        { provide: APP_FILTER, useClass: ArrowheadExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: StatusResultInterceptor },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestTraceMiddleware, HttpMetricsMiddleware, JsonContentTypeMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
