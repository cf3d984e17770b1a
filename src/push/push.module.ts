import { Module } from '@nestjs/common';
import { OutgoingHttpModule } from '../common/http/outgoing-http.module';
import { MetricsModule } from '../metrics/metrics.module';
import { MqttConnectionModule } from '../mqtt/mqtt-connection';
import { OrchestrationModule } from '../orchestration/orchestration.module';
import { HttpNotifier, MqttNotifier } from './notifiers';
import { PushDispatcher } from './push-dispatcher.service';
import { PushJobService } from './push-job.service';
import { PushManagementController } from './push-management.controller';
import { SubscriptionController } from './subscription.controller';
import { SubscriptionService } from './subscription.service';
import { SubscriptionValidator } from './subscription.validator';

@Module({
  imports: [OrchestrationModule, MetricsModule, MqttConnectionModule, OutgoingHttpModule],
  controllers: [SubscriptionController, PushManagementController],
  providers: [SubscriptionService, SubscriptionValidator, PushJobService, PushDispatcher, MqttNotifier, HttpNotifier],
  exports: [SubscriptionService, PushDispatcher],
})
export class PushModule {}
