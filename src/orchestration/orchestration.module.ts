import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MetricsModule } from '../metrics/metrics.module';
import { SimpleStoreModule } from '../simple-store/simple-store.module';
import { OrchestrationJob } from './entities/orchestration-job.entity';
import { HistoryController } from './history.controller';
import { HistoryQueryParser } from './history-query.parser';
import { JobWriteBehind } from './job-write-behind';
import { OrchestrationJobRepository } from './orchestration-job.repository';
import { OrchestrationJobService } from './orchestration-job.service';
import { OrchestrationRequestParser } from './orchestration-request.parser';
import { OrchestrationController } from './orchestration.controller';
import { OrchestrationService } from './orchestration.service';

/** Pull (candidates from the simple-store module) and the job history. */
@Module({
  imports: [TypeOrmModule.forFeature([OrchestrationJob]), SimpleStoreModule, MetricsModule],
  controllers: [OrchestrationController, HistoryController],
  providers: [OrchestrationService, OrchestrationJobService, OrchestrationJobRepository, JobWriteBehind, OrchestrationRequestParser, HistoryQueryParser],
  exports: [OrchestrationService, OrchestrationJobService, OrchestrationJobRepository, OrchestrationRequestParser],
})
export class OrchestrationModule {}
