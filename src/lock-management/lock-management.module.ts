import { Module } from '@nestjs/common';
import { LockManagementController } from './lock-management.controller';
import { LockManagementService } from './lock-management.service';
import { LockManagementValidator } from './lock-management.validator';

@Module({
  controllers: [LockManagementController],
  providers: [LockManagementService, LockManagementValidator],
  exports: [LockManagementService],
})
export class LockManagementModule {}
