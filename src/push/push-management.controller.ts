import { Controller } from '@nestjs/common';
import { ArrowheadOperation } from '../common/arrowhead/arrowhead-operation.decorator';
import { ArrowheadListInput, ArrowheadPayload, AuthenticatedIdentity } from '../common/arrowhead/arrowhead-params.decorator';
import { ROUTES } from '../common/arrowhead/routes';
import type { Identity } from '../common/auth/identity';
import { OrchestrationJobDto } from '../orchestration/dto/history.dto';
import { PushTriggerRequestDto, SubscriberListRequestDto, SubscriptionListResponseDto, SubscriptionQueryRequestDto } from './dto/subscription.dto';
import { PushJobService } from './push-job.service';
import { SubscriptionService } from './subscription.service';

const { http, mqtt } = ROUTES.push;

/** serviceOrchestrationPushManagement (SPEC-management.md §2). */
@Controller()
export class PushManagementController {
  constructor(
    private readonly subscriptions: SubscriptionService,
    private readonly pushJobs: PushJobService,
  ) {}

  @ArrowheadOperation({ method: 'POST', path: `${http}/subscribe`, topic: `${mqtt}/subscribe`, status: 201, body: SubscriberListRequestDto })
  subscribe(@ArrowheadPayload() request: SubscriberListRequestDto, @AuthenticatedIdentity() caller: Identity): Promise<SubscriptionListResponseDto> {
    return this.subscriptions.bulkSubscribe(caller.systemName, request);
  }

  @ArrowheadOperation({ method: 'DELETE', path: `${http}/unsubscribe`, topic: `${mqtt}/unsubscribe`, status: 200 })
  unsubscribe(@ArrowheadListInput('ids') ids: unknown[] | undefined, @AuthenticatedIdentity() caller: Identity): Promise<void> {
    return this.subscriptions.bulkUnsubscribe(caller.systemName, ids);
  }

  @ArrowheadOperation({ method: 'POST', path: `${http}/trigger`, topic: `${mqtt}/trigger`, status: 201, body: PushTriggerRequestDto })
  trigger(@ArrowheadPayload() request: PushTriggerRequestDto, @AuthenticatedIdentity() caller: Identity): Promise<{ jobs: OrchestrationJobDto[] }> {
    return this.pushJobs.trigger(caller.systemName, request);
  }

  @ArrowheadOperation({ method: 'POST', path: `${http}/query`, topic: `${mqtt}/query`, status: 200, body: SubscriptionQueryRequestDto })
  query(@ArrowheadPayload() request: SubscriptionQueryRequestDto): Promise<SubscriptionListResponseDto> {
    return this.subscriptions.query(request);
  }
}
