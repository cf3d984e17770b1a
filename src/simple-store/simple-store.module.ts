import { Module } from '@nestjs/common';
import { SimpleStoreController } from './simple-store.controller';
import { SimpleStoreService } from './simple-store.service';
import { SimpleStoreValidator } from './simple-store.validator';

@Module({
  controllers: [SimpleStoreController],
  providers: [SimpleStoreService, SimpleStoreValidator],
  exports: [SimpleStoreService],
})
export class SimpleStoreModule {}
