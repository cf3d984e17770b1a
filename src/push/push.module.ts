import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutgoingHttpModule } from '../common/http/outgoing-http.module';
import { MetricsModule } from '../metrics/metrics.module';
import { MqttConnectionModule } from '../mqtt/mqtt-connection';
import { OrchestrationModule } from '../orchestration/orchestration.module';
import { Subscription } from './entities/subscription.entity';
import { HttpNotifier, MqttNotifier } from './notifiers';
import { PushDispatcher } from './push-dispatcher.service';
import { PushListener } from './push-listener';
import { PushManagementController } from './push-management.controller';
import { PushQueue } from './push-queue';
import { PushTrigger } from './push-trigger';
import { PushWakeUp } from './push-wake-up';
import { SubscriptionController } from './subscription.controller';
import { SubscriptionRepository } from './subscription.repository';
import { SubscriptionService } from './subscription.service';
import { SubscriptionRequestParser } from './subscription-request.parser';

// Dependencies run one way: controllers → SubscriptionService / PushTrigger → PushQueue → PushWakeUp ← PushDispatcher, PushListener.
@Module({
  imports: [TypeOrmModule.forFeature([Subscription]), OrchestrationModule, MetricsModule, MqttConnectionModule, OutgoingHttpModule],
  controllers: [SubscriptionController, PushManagementController],
  providers: [
    SubscriptionService,
    SubscriptionRepository,
    SubscriptionRequestParser,
    PushTrigger,
    PushQueue,
    PushWakeUp,
    PushDispatcher,
    PushListener,
    MqttNotifier,
    HttpNotifier,
  ],
  exports: [SubscriptionService, PushDispatcher],
})
export class PushModule {}
