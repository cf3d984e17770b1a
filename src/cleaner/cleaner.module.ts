import { Module } from '@nestjs/common';
import { LockManagementModule } from '../lock-management/lock-management.module';
import { OrchestrationModule } from '../orchestration/orchestration.module';
import { PushModule } from '../push/push.module';
import { CleanerService } from './cleaner.service';

@Module({
  imports: [LockManagementModule, OrchestrationModule, PushModule],
  providers: [CleanerService],
})
export class CleanerModule {}
