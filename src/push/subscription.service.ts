import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull, LessThan } from 'typeorm';
import { fetchPage } from '../common/dto/pagination';
import { ArrowheadException } from '../common/arrowhead/arrowhead.exception';
import { StatusResult } from '../common/arrowhead/status-result';
import { SubscriptionListResponseDto } from './dto/subscription.dto';
import { Subscription } from './entities/subscription.entity';
import { PushJobService } from './push-job.service';
import { toSubscriptionList } from './subscription.mapper';
import { NewSubscription, SubscriptionFilter, SubscriptionSortField } from './subscription-request.parser';

const SORT_COLUMN: Record<SubscriptionSortField, string> = {
  id: 'subscription.id',
  ownerSystem: 'subscription.ownerSystem',
  targetSystem: 'subscription.targetSystem',
  serviceDefinition: 'subscription.serviceDefinition',
  createdAt: 'subscription.createdAt',
};

/** Subscriptions: the consumer's subscribe/unsubscribe and push management's bulk forms and query. */
@Injectable()
export class SubscriptionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pushJobs: PushJobService,
  ) {}

  /** 201 with the new id, or 200 when it replaced the subscription with the same key (SPEC-deviations C1). */
  async subscribe(subscription: NewSubscription, trigger: boolean): Promise<StatusResult<string>> {
    const { stored, replaced } = await this.dataSource.transaction(async (manager) => {
      const replacedCount = await this.replaceByKey(manager, subscription);
      return { stored: await this.insert(manager, subscription), replaced: replacedCount > 0 };
    });
    if (trigger) {
      await this.pushJobs.enqueue(subscription.ownerSystem, stored);
    }
    return new StatusResult(replaced ? 200 : 201, stored.id, 'text/plain; charset=utf-8');
  }

  /** 200 when removed, 204 when there was nothing to remove; only the owner may remove. */
  async unsubscribe(requester: string, subscriptionId: string): Promise<StatusResult> {
    const subscriptions = this.dataSource.getRepository(Subscription);
    const existing = await subscriptions.findOneBy({ id: subscriptionId });
    if (existing === null) return new StatusResult(204);
    if (existing.ownerSystem !== requester) {
      throw ArrowheadException.forbidden(`${requester} is not the subscription owner`);
    }
    await subscriptions.delete({ id: subscriptionId });
    return new StatusResult(200);
  }

  async bulkSubscribe(subscriptions: NewSubscription[]): Promise<SubscriptionListResponseDto> {
    const stored = await this.dataSource.transaction(async (manager) => {
      const created: Subscription[] = [];
      for (const subscription of subscriptions) {
        await this.replaceByKey(manager, subscription);
        created.push(await this.insert(manager, subscription));
      }
      return created;
    });
    return toSubscriptionList(stored);
  }

  async bulkUnsubscribe(requester: string, subscriptionIds: string[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const existing = await manager.find(Subscription, { where: { id: In(subscriptionIds) }, lock: { mode: 'pessimistic_write' } });
      const foreign = existing.find((subscription) => subscription.ownerSystem !== requester);
      if (foreign) throw ArrowheadException.forbidden(`${foreign.id} is not owned by the requester`);
      await manager.delete(Subscription, { id: In(subscriptionIds) });
    });
  }

  async query(filter: SubscriptionFilter): Promise<SubscriptionListResponseDto> {
    const query = this.dataSource.getRepository(Subscription).createQueryBuilder('subscription');
    if (filter.ownerSystems.length > 0) query.andWhere('subscription.ownerSystem IN (:...owners)', { owners: filter.ownerSystems });
    if (filter.targetSystems.length > 0) query.andWhere('subscription.targetSystem IN (:...targets)', { targets: filter.targetSystems });
    if (filter.serviceDefinitions.length > 0) {
      query.andWhere('subscription.serviceDefinition IN (:...definitions)', { definitions: filter.serviceDefinitions });
    }
    const [subscriptions, count] = await fetchPage(query, filter.page, SORT_COLUMN[filter.page.sortField], 'subscription.id');
    return toSubscriptionList(subscriptions, count);
  }

  /** Removes subscriptions past their duration; returns how many. */
  async removeExpired(now = new Date()): Promise<number> {
    const result = await this.dataSource.getRepository(Subscription).delete({ expiresAt: LessThan(now) });
    return result.affected ?? 0;
  }

  /**
   * Deletes the subscription with this one's key, if any. The key is locked first (an advisory
   * transaction lock), so that concurrent subscribes for one key on any replica replace in turn.
   */
  private async replaceByKey(manager: EntityManager, subscription: NewSubscription): Promise<number> {
    const key = JSON.stringify([subscription.ownerSystem, subscription.targetSystem, subscription.serviceDefinition]);
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
    const result = await manager.delete(Subscription, {
      ownerSystem: subscription.ownerSystem,
      targetSystem: subscription.targetSystem,
      serviceDefinition: subscription.serviceDefinition === null ? IsNull() : subscription.serviceDefinition,
    });
    return result.affected ?? 0;
  }

  private async insert(manager: EntityManager, subscription: NewSubscription): Promise<Subscription> {
    const now = new Date();
    const entity = manager.create(Subscription, {
      id: randomUUID(),
      ownerSystem: subscription.ownerSystem,
      targetSystem: subscription.targetSystem,
      serviceDefinition: subscription.serviceDefinition,
      expiresAt: subscription.durationSeconds === null ? null : new Date(now.getTime() + subscription.durationSeconds * 1000),
      notifyProtocol: subscription.notifyProtocol,
      notifyProperties: subscription.notifyProperties,
      orchestrationRequest: subscription.orchestrationRequest,
      createdAt: now,
    });
    await manager.insert(Subscription, entity);
    return entity;
  }
}
