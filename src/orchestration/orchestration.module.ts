import { Module } from '@nestjs/common';
import { HistoryController } from './history.controller';
import { HistoryQueryParser } from './history-query.parser';
import { JobWriteBehind } from './job-write-behind';
import { OrchestrationJobService } from './orchestration-job.service';
import { OrchestrationRequestParser } from './orchestration-request.parser';
import { OrchestrationController } from './orchestration.controller';
import { OrchestrationService } from './orchestration.service';

@Module({
  controllers: [OrchestrationController, HistoryController],
  providers: [OrchestrationService, OrchestrationJobService, JobWriteBehind, OrchestrationRequestParser, HistoryQueryParser],
  exports: [OrchestrationService, OrchestrationJobService, OrchestrationRequestParser],
})
export class OrchestrationModule {}
