import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ArrowheadException } from '../common/arrowhead/arrowhead.exception';
import { StatusResult } from '../common/arrowhead/status-result';
import { SubscriberListRequestDto, SubscriptionListResponseDto, SubscriptionQueryRequestDto, SubscriptionRequestDto } from './dto/subscription.dto';
import { Subscription } from './entities/subscription.entity';
import { PushQueue } from './push-queue';
import { SubscriptionRepository } from './subscription.repository';
import { toSubscriptionList } from './subscription.mapper';
import { NewSubscription, SubscriptionValidator } from './subscription.validator';

/** Subscriptions: the consumer's subscribe/unsubscribe and push management's bulk forms and query. */
@Injectable()
export class SubscriptionService {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly validator: SubscriptionValidator,
    private readonly queue: PushQueue,
  ) {}

  /** 201 with the new id, or 200 when it replaced the subscription with the same key (SPEC-deviations C1). */
  async subscribe(requester: string, request: SubscriptionRequestDto | null, trigger: boolean): Promise<StatusResult<string>> {
    const subscription = toSubscription(this.validator.validateSubscribe(request, requester));
    const replaced = await this.subscriptions.storeReplacing([subscription]);
    if (trigger) {
      await this.queue.enqueue(requester, [subscription]);
    }
    return new StatusResult(replaced > 0 ? 200 : 201, subscription.id, 'text/plain; charset=utf-8');
  }

  /** 200 when removed, 204 when there was nothing to remove; only the owner may remove. */
  async unsubscribe(requester: string, id: unknown): Promise<StatusResult> {
    const subscriptionId = this.validator.validateSubscriptionId(id, requester);
    const existing = await this.subscriptions.findById(subscriptionId);
    if (existing === null) return new StatusResult(204);
    if (existing.ownerSystem !== requester) {
      throw ArrowheadException.forbidden(`${requester} is not the subscription owner`);
    }
    await this.subscriptions.deleteById(subscriptionId);
    return new StatusResult(200);
  }

  async bulkSubscribe(requester: string, request: SubscriberListRequestDto | null): Promise<SubscriptionListResponseDto> {
    const subscriptions = this.validator.validateBulkSubscribe(request, requester).map(toSubscription);
    await this.subscriptions.storeReplacing(subscriptions);
    return toSubscriptionList(subscriptions);
  }

  async bulkUnsubscribe(requester: string, ids: unknown[] | undefined): Promise<void> {
    const subscriptionIds = this.validator.validateBulkUnsubscribe(ids, requester);
    const foreign = await this.subscriptions.deleteAllOwnedBy(subscriptionIds, requester);
    if (foreign) throw ArrowheadException.forbidden(`${foreign.id} is not owned by the requester`);
  }

  async query(request: SubscriptionQueryRequestDto | null): Promise<SubscriptionListResponseDto> {
    const [subscriptions, count] = await this.subscriptions.query(this.validator.validateQuery(request));
    return toSubscriptionList(subscriptions, count);
  }

  /** Removes subscriptions past their duration; returns how many. */
  removeExpired(now = new Date()): Promise<number> {
    return this.subscriptions.removeExpired(now);
  }
}

function toSubscription(subscription: NewSubscription): Subscription {
  const now = new Date();
  return {
    id: randomUUID(),
    ownerSystem: subscription.ownerSystem,
    targetSystem: subscription.targetSystem,
    serviceDefinition: subscription.serviceDefinition,
    expiresAt: subscription.durationSeconds === null ? null : new Date(now.getTime() + subscription.durationSeconds * 1000),
    notifyProtocol: subscription.notifyProtocol,
    notifyProperties: subscription.notifyProperties,
    orchestrationRequest: subscription.orchestrationRequest,
    createdAt: now,
  };
}
