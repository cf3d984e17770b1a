import { Module } from '@nestjs/common';
import { LockManagementController } from './lock-management.controller';
import { LockManagementService } from './lock-management.service';
import { LockRequestParser } from './lock-request.parser';

@Module({
  controllers: [LockManagementController],
  providers: [LockManagementService, LockRequestParser],
  exports: [LockManagementService],
})
export class LockManagementModule {}
