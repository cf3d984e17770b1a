import { Module } from '@nestjs/common';
import { OrchestrationModule } from '../orchestration/orchestration.module';
import { HttpNotifier, MqttNotifier } from './notifiers';
import { PushDispatcher } from './push-dispatcher.service';
import { PushJobService } from './push-job.service';
import { PushManagementController } from './push-management.controller';
import { SubscriptionController } from './subscription.controller';
import { SubscriptionService } from './subscription.service';
import { SubscriptionRequestParser } from './subscription-request.parser';

@Module({
  imports: [OrchestrationModule],
  controllers: [SubscriptionController, PushManagementController],
  providers: [SubscriptionService, SubscriptionRequestParser, PushJobService, PushDispatcher, MqttNotifier, HttpNotifier],
  exports: [SubscriptionService, PushDispatcher],
})
export class PushModule {}
