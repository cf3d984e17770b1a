import { Controller } from '@nestjs/common';
import { ArrowheadOperation } from '../common/arrowhead/arrowhead-operation.decorator';
import { ArrowheadListInput, ArrowheadPayload, AuthenticatedIdentity } from '../common/arrowhead/arrowhead-params.decorator';
import { ROUTES } from '../common/arrowhead/routes';
import type { Identity } from '../common/auth/identity';
import { PushJobListResponseDto, PushTriggerRequestDto, SubscriberListRequestDto, SubscriptionListResponseDto, SubscriptionQueryRequestDto } from './dto/subscription.dto';
import { PushTrigger } from './push-trigger';
import { SubscriptionRequestParser } from './subscription-request.parser';
import { SubscriptionService } from './subscription.service';

const { http, mqtt } = ROUTES.push;

/** serviceOrchestrationPushManagement (SPEC-management.md §2). */
@Controller()
export class PushManagementController {
  constructor(
    private readonly subscriptions: SubscriptionService,
    private readonly pushTrigger: PushTrigger,
    private readonly parser: SubscriptionRequestParser,
  ) {}

  @ArrowheadOperation({ method: 'POST', path: `${http}/subscribe`, topic: `${mqtt}/subscribe`, status: 201, body: SubscriberListRequestDto, response: SubscriptionListResponseDto })
  subscribe(@ArrowheadPayload() request: SubscriberListRequestDto, @AuthenticatedIdentity() caller: Identity): Promise<SubscriptionListResponseDto> {
    return this.subscriptions.bulkSubscribe(this.parser.parseBulkSubscribe(request, caller.systemName));
  }

  @ArrowheadOperation({ method: 'DELETE', path: `${http}/unsubscribe`, topic: `${mqtt}/unsubscribe`, status: 200 })
  unsubscribe(@ArrowheadListInput('ids') ids: unknown[] | undefined, @AuthenticatedIdentity() caller: Identity): Promise<void> {
    return this.subscriptions.bulkUnsubscribe(caller.systemName, this.parser.parseBulkUnsubscribe(ids, caller.systemName));
  }

  @ArrowheadOperation({ method: 'POST', path: `${http}/trigger`, topic: `${mqtt}/trigger`, status: 201, body: PushTriggerRequestDto, response: PushJobListResponseDto })
  trigger(@ArrowheadPayload() request: PushTriggerRequestDto, @AuthenticatedIdentity() caller: Identity): Promise<PushJobListResponseDto> {
    return this.pushTrigger.trigger(caller.systemName, this.parser.parseTrigger(request, caller.systemName));
  }

  @ArrowheadOperation({ method: 'POST', path: `${http}/query`, topic: `${mqtt}/query`, status: 200, body: SubscriptionQueryRequestDto, response: SubscriptionListResponseDto })
  query(@ArrowheadPayload() request: SubscriptionQueryRequestDto): Promise<SubscriptionListResponseDto> {
    return this.subscriptions.query(this.parser.parseQuery(request));
  }
}
