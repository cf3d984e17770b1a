import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { CleanerModule } from './cleaner/cleaner.module';
import { ArrowheadExceptionFilter } from './common/arrowhead/arrowhead-exception.filter';
import { JsonContentTypeMiddleware } from './common/arrowhead/json-content-type.middleware';
import { AuthModule } from './common/auth/auth.module';
import { ArrowheadValidationPipe } from './common/validation/arrowhead-validation.pipe';
import { JsonDepthMiddleware } from './common/validation/json-depth.middleware';
import { AppConfig } from './config/app-config';
import { CloudModule } from './cloud/cloud.module';
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
        AuthModule,
        HealthModule,
        // What bootstrap.ts starts and stops itself (the MQTT server's connection, the cloud membership, metrics)
        MqttConnectionModule,
        CloudModule,
        MetricsModule,
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
        { provide: APP_PIPE, useClass: ArrowheadValidationPipe },
        { provide: APP_FILTER, useClass: ArrowheadExceptionFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestTraceMiddleware, HttpMetricsMiddleware, JsonContentTypeMiddleware, JsonDepthMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
