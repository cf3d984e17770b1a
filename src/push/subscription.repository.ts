import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere, In, IsNull, LessThan, Repository } from 'typeorm';
import { fetchPage } from '../common/dto/pagination';
import { Subscription } from './entities/subscription.entity';
import type { SubscriptionFilter, SubscriptionSortField, TriggerSelection } from './subscription-request.parser';

const SORT_COLUMN: Record<SubscriptionSortField, string> = {
  id: 'subscription.id',
  ownerSystem: 'subscription.ownerSystem',
  targetSystem: 'subscription.targetSystem',
  serviceDefinition: 'subscription.serviceDefinition',
  createdAt: 'subscription.createdAt',
};

/** The only code that reads or writes `subscription`. */
@Injectable()
export class SubscriptionRepository {
  constructor(@InjectRepository(Subscription) private readonly table: Repository<Subscription>) {}

  // Constant SQL and transactions run on the connection this table's repository is bound to.
  private get dataSource(): DataSource {
    return this.table.manager.connection;
  }

  private get subscriptions() {
    return this.table;
  }

  /**
   * Stores `subscriptions` in one transaction, each replacing the stored one with its key (owner,
   * target, service definition), if any; answers how many were replaced. Each key is locked first
   * (an advisory transaction lock), so that concurrent subscribes for one key on any replica
   * replace in turn.
   */
  storeReplacing(subscriptions: Subscription[]): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      let replaced = 0;
      for (const subscription of subscriptions) {
        const key = JSON.stringify([subscription.ownerSystem, subscription.targetSystem, subscription.serviceDefinition]);
        await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
        const result = await manager.delete(Subscription, {
          ownerSystem: subscription.ownerSystem,
          targetSystem: subscription.targetSystem,
          serviceDefinition: subscription.serviceDefinition === null ? IsNull() : subscription.serviceDefinition,
        });
        replaced += result.affected ?? 0;
        await manager.insert(Subscription, subscription);
      }
      return replaced;
    });
  }

  findById(id: string): Promise<Subscription | null> {
    return this.subscriptions.findOneBy({ id });
  }

  async deleteById(id: string): Promise<void> {
    await this.subscriptions.delete({ id });
  }

  /**
   * Deletes the subscriptions with these ids if `owner` owns every one of them (they are locked
   * while checked); otherwise deletes nothing and answers the first one owned by another system.
   */
  deleteAllOwnedBy(ids: string[], owner: string): Promise<Subscription | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.find(Subscription, { where: { id: In(ids) }, lock: { mode: 'pessimistic_write' } });
      const foreign = existing.find((subscription) => subscription.ownerSystem !== owner);
      if (!foreign) await manager.delete(Subscription, { id: In(ids) });
      return foreign;
    });
  }

  /** One page of the matches and the total number of them. */
  query(filter: SubscriptionFilter): Promise<[Subscription[], number]> {
    const query = this.subscriptions.createQueryBuilder('subscription');
    if (filter.ownerSystems.length > 0) query.andWhere('subscription.ownerSystem IN (:...owners)', { owners: filter.ownerSystems });
    if (filter.targetSystems.length > 0) query.andWhere('subscription.targetSystem IN (:...targets)', { targets: filter.targetSystems });
    if (filter.serviceDefinitions.length > 0) {
      query.andWhere('subscription.serviceDefinition IN (:...definitions)', { definitions: filter.serviceDefinitions });
    }
    return fetchPage(query, filter.page, SORT_COLUMN[filter.page.sortField], 'subscription.id');
  }

  /** What a push trigger selects, oldest first: by id, else by target system, else the requester's own. */
  findForTrigger(selection: TriggerSelection, requester: string): Promise<Subscription[]> {
    const where: FindOptionsWhere<Subscription> =
      selection.subscriptionIds.length > 0
        ? { id: In(selection.subscriptionIds) }
        : selection.targetSystems.length > 0
          ? { targetSystem: In(selection.targetSystems) }
          : { ownerSystem: requester };
    return this.subscriptions.find({ where, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Removes subscriptions past their duration; returns how many. */
  async removeExpired(now: Date): Promise<number> {
    const result = await this.subscriptions.delete({ expiresAt: LessThan(now) });
    return result.affected ?? 0;
  }
}
