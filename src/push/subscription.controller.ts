import { Controller } from '@nestjs/common';
import { ArrowheadOperation } from '../common/arrowhead/arrowhead-operation.decorator';
import { ArrowheadParam, ArrowheadPathOrPayload, ArrowheadPayload, AuthenticatedIdentity } from '../common/arrowhead/arrowhead-params.decorator';
import { ROUTES } from '../common/arrowhead/routes';
import { StatusResult } from '../common/arrowhead/status-result';
import type { Identity } from '../common/auth/identity';
import { SubscriptionRequestDto } from './dto/subscription.dto';
import { SubscriptionRequestParser } from './subscription-request.parser';
import { SubscriptionService } from './subscription.service';

const { http, mqtt } = ROUTES.orchestration;

/** serviceOrchestration subscribe/unsubscribe: a consumer's own subscriptions (not management). */
@Controller()
export class SubscriptionController {
  constructor(
    private readonly subscriptions: SubscriptionService,
    private readonly parser: SubscriptionRequestParser,
  ) {}

  /** 201 new / 200 replaced; the id as plain text on HTTP, a JSON string on MQTT. */
  @ArrowheadOperation({ method: 'POST', path: `${http}/subscribe`, topic: `${mqtt}/subscribe`, status: 201, body: SubscriptionRequestDto })
  subscribe(
    @ArrowheadPayload() request: SubscriptionRequestDto,
    @ArrowheadParam('trigger') trigger: string | undefined,
    @AuthenticatedIdentity() caller: Identity,
  ): Promise<StatusResult<string>> {
    return this.subscriptions.subscribe(this.parser.parseSubscribe(request, caller.systemName), trigger?.trim().toLowerCase() === 'true');
  }

  /** 200 removed / 204 nothing to remove. */
  @ArrowheadOperation({ method: 'DELETE', path: `${http}/unsubscribe/:id`, topic: `${mqtt}/unsubscribe`, status: 200 })
  unsubscribe(@ArrowheadPathOrPayload('id') id: unknown, @AuthenticatedIdentity() caller: Identity): Promise<StatusResult> {
    return this.subscriptions.unsubscribe(caller.systemName, this.parser.parseSubscriptionId(id, caller.systemName));
  }
}
