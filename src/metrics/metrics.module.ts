import { Module } from '@nestjs/common';
import { LockManagementModule } from '../lock-management/lock-management.module';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** One registry per service instance; the live-lock gauge asks the lock module. */
@Module({ imports: [LockManagementModule], controllers: [MetricsController], providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
