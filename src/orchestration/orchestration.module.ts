import { Module } from '@nestjs/common';
import { HistoryController } from './history.controller';
import { HistoryValidator } from './history.validator';
import { JobWriteBehind } from './job-write-behind';
import { OrchestrationJobRepository } from './orchestration-job.repository';
import { OrchestrationJobService } from './orchestration-job.service';
import { OrchestrationRequestValidator } from './orchestration-request.validator';
import { OrchestrationController } from './orchestration.controller';
import { OrchestrationService } from './orchestration.service';

@Module({
  controllers: [OrchestrationController, HistoryController],
  providers: [OrchestrationService, OrchestrationJobService, OrchestrationJobRepository, JobWriteBehind, OrchestrationRequestValidator, HistoryValidator],
  exports: [OrchestrationService, OrchestrationJobService, OrchestrationJobRepository, OrchestrationRequestValidator],
})
export class OrchestrationModule {}
