import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { SimpleStoreModule } from '../simple-store/simple-store.module';
import { HistoryController } from './history.controller';
import { HistoryValidator } from './history.validator';
import { JobWriteBehind } from './job-write-behind';
import { OrchestrationJobService } from './orchestration-job.service';
import { OrchestrationRequestValidator } from './orchestration-request.validator';
import { OrchestrationController } from './orchestration.controller';
import { OrchestrationService } from './orchestration.service';

/** Pull (candidates from the simple-store module) and the job history. */
@Module({
  imports: [SimpleStoreModule, MetricsModule],
  controllers: [OrchestrationController, HistoryController],
  providers: [OrchestrationService, OrchestrationJobService, JobWriteBehind, OrchestrationRequestValidator, HistoryValidator],
  exports: [OrchestrationService, OrchestrationJobService, OrchestrationRequestValidator],
})
export class OrchestrationModule {}
