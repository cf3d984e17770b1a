import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LockManagementModule } from '../lock-management/lock-management.module';
import { CandidateRules } from './candidate-rules';
import { OrchestrationStoreRule } from './entities/orchestration-store.entity';
import { SimpleStoreController } from './simple-store.controller';
import { SimpleStoreService } from './simple-store.service';
import { SimpleStoreRequestParser } from './simple-store-request.parser';

/** Owns `orchestration_store`: management here, pull's read through `CandidateRules`. */
@Module({
  imports: [TypeOrmModule.forFeature([OrchestrationStoreRule]), LockManagementModule],
  controllers: [SimpleStoreController],
  providers: [SimpleStoreService, SimpleStoreRequestParser, CandidateRules],
  exports: [CandidateRules],
})
export class SimpleStoreModule {}
