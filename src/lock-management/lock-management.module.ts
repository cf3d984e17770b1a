import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrchestrationLock } from './entities/orchestration-lock.entity';
import { LiveLocks } from './live-locks';
import { LockManagementController } from './lock-management.controller';
import { LockManagementService } from './lock-management.service';
import { LockRequestParser } from './lock-request.parser';

/** Owns `orchestration_lock`: pull and metrics see live locks through `LiveLocks`, the cleaner removes expired ones through the service. */
@Module({
  imports: [TypeOrmModule.forFeature([OrchestrationLock])],
  controllers: [LockManagementController],
  providers: [LockManagementService, LockRequestParser, LiveLocks],
  exports: [LockManagementService, LiveLocks],
})
export class LockManagementModule {}
