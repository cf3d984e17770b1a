import { Module } from '@nestjs/common';
import { SimpleStoreController } from './simple-store.controller';
import { SimpleStoreService } from './simple-store.service';
import { SimpleStoreRequestParser } from './simple-store-request.parser';

@Module({
  controllers: [SimpleStoreController],
  providers: [SimpleStoreService, SimpleStoreRequestParser],
  exports: [SimpleStoreService],
})
export class SimpleStoreModule {}
