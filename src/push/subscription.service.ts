import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ArrowheadException } from '../common/arrowhead/arrowhead.exception';
import { StatusResult } from '../common/arrowhead/status-result';
import { SubscriptionListResponseDto } from './dto/subscription.dto';
import { Subscription } from './entities/subscription.entity';
import { PushQueue } from './push-queue';
import { SubscriptionRepository } from './subscription.repository';
import { toSubscriptionList } from './subscription.mapper';
import { NewSubscription, SubscriptionFilter } from './subscription-request.parser';

/** Subscriptions: the consumer's subscribe/unsubscribe and push management's bulk forms and query. */
@Injectable()
export class SubscriptionService {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly queue: PushQueue,
  ) {}

  /** 201 with the new id, or 200 when it replaced the subscription with the same key (SPEC-deviations C1). */
  async subscribe(request: NewSubscription, trigger: boolean): Promise<StatusResult<string>> {
    const subscription = toSubscription(request);
    const replaced = await this.subscriptions.storeReplacing([subscription]);
    if (trigger) {
      await this.queue.enqueue(subscription.ownerSystem, [subscription]);
    }
    return new StatusResult(replaced > 0 ? 200 : 201, subscription.id, 'text/plain; charset=utf-8');
  }

  /** 200 when removed, 204 when there was nothing to remove; only the owner may remove. */
  async unsubscribe(requester: string, subscriptionId: string): Promise<StatusResult> {
    const existing = await this.subscriptions.findById(subscriptionId);
    if (existing === null) return new StatusResult(204);
    if (existing.ownerSystem !== requester) {
      throw ArrowheadException.forbidden(`${requester} is not the subscription owner`);
    }
    await this.subscriptions.deleteById(subscriptionId);
    return new StatusResult(200);
  }

  async bulkSubscribe(requests: NewSubscription[]): Promise<SubscriptionListResponseDto> {
    const subscriptions = requests.map(toSubscription);
    await this.subscriptions.storeReplacing(subscriptions);
    return toSubscriptionList(subscriptions);
  }

  async bulkUnsubscribe(requester: string, subscriptionIds: string[]): Promise<void> {
    const foreign = await this.subscriptions.deleteAllOwnedBy(subscriptionIds, requester);
    if (foreign) throw ArrowheadException.forbidden(`${foreign.id} is not owned by the requester`);
  }

  async query(filter: SubscriptionFilter): Promise<SubscriptionListResponseDto> {
    const [subscriptions, count] = await this.subscriptions.query(filter);
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
