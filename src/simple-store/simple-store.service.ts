import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, Repository } from 'typeorm';
import { fetchPage } from '../common/dto/pagination';
import { ArrowheadException } from '../common/arrowhead/arrowhead.exception';
import { isUniqueViolation } from '../common/database/postgres-errors';
import { SimpleStoreListResponseDto } from './dto/simple-store.dto';
import { OrchestrationStoreRule } from './entities/orchestration-store.entity';
import { toSimpleStoreList } from './simple-store.mapper';
import { conflictText, NewRule, StoreFilter, StoreSortField } from './simple-store-request.parser';

const invalid = ArrowheadException.invalidParameter;

const SORT_COLUMN: Record<StoreSortField, string> = {
  id: 'rule.id',
  consumer: 'rule.consumer',
  serviceDefinition: 'rule.serviceDefinition',
  priority: 'rule.priority',
  serviceInstanceId: 'rule.serviceInstanceId',
  createdAt: 'rule.createdAt',
};

/** serviceOrchestrationSimpleStoreManagement (SPEC-management.md §1). Pull reads the rules through CandidateRules. */
@Injectable()
export class SimpleStoreService {
  constructor(@InjectRepository(OrchestrationStoreRule) private readonly ruleTable: Repository<OrchestrationStoreRule>) {}

  async query(filter: StoreFilter): Promise<SimpleStoreListResponseDto> {
    const query = this.ruleTable.createQueryBuilder('rule');
    if (filter.ids.length > 0) query.andWhere('rule.id IN (:...ids)', { ids: filter.ids });
    if (filter.consumers.length > 0) query.andWhere('rule.consumer IN (:...consumers)', { consumers: filter.consumers });
    if (filter.serviceDefinitions.length > 0) {
      query.andWhere('rule.serviceDefinition IN (:...definitions)', { definitions: filter.serviceDefinitions });
    }
    if (filter.serviceInstanceIds.length > 0) {
      query.andWhere('rule.serviceInstanceId IN (:...instanceIds)', { instanceIds: filter.serviceInstanceIds });
    }
    if (filter.minPriority !== undefined) query.andWhere('rule.priority >= :min', { min: filter.minPriority });
    if (filter.maxPriority !== undefined) query.andWhere('rule.priority <= :max', { max: filter.maxPriority });
    if (filter.createdBy !== undefined) query.andWhere('rule.createdBy = :createdBy', { createdBy: filter.createdBy });
    const [rules, count] = await fetchPage(query, filter.page, SORT_COLUMN[filter.page.sortField], 'rule.id');
    return toSimpleStoreList(rules, count);
  }

  async create(rules: NewRule[], requester: string): Promise<SimpleStoreListResponseDto> {
    try {
      return toSimpleStoreList(await this.ruleTable.manager.transaction((manager) => this.insertRules(manager, rules, requester)));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A concurrent create committed one of these rules after our check; now it is visible.
      return toSimpleStoreList(await this.ruleTable.manager.transaction((manager) => this.insertRules(manager, rules, requester)));
    }
  }

  private async insertRules(manager: EntityManager, rules: NewRule[], requester: string): Promise<OrchestrationStoreRule[]> {
    const existing = await manager
      .createQueryBuilder(OrchestrationStoreRule, 'rule')
      .where('(rule.consumer, rule.serviceDefinition, rule.priority) IN (SELECT * FROM unnest(:consumers::varchar[], :definitions::varchar[], :priorities::int[]))', {
        consumers: rules.map((rule) => rule.consumer),
        definitions: rules.map((rule) => rule.serviceDefinition),
        priorities: rules.map((rule) => rule.priority),
      })
      .getMany();
    if (existing.length > 0) {
      const clash = rules.find((rule) => existing.some((stored) => conflictText(stored) === conflictText(rule)))!;
      throw invalid(`There is already an existing entity with consumer name: ${conflictText(clash)}`);
    }
    const now = new Date();
    const entities = rules.map((rule) =>
      manager.create(OrchestrationStoreRule, { ...rule, id: randomUUID(), createdBy: requester, updatedBy: requester, createdAt: now, updatedAt: now }),
    );
    await manager.insert(OrchestrationStoreRule, entities);
    return entities;
  }

  /** `priorities`: canonical rule id → new priority. */
  async modifyPriorities(priorities: Map<string, number>, requester: string): Promise<SimpleStoreListResponseDto> {
    const updated = await this.ruleTable.manager.transaction(async (manager) => {
      const ids = [...priorities.keys()];
      const referenced = await manager.find(OrchestrationStoreRule, { where: { id: In(ids) }, lock: { mode: 'pessimistic_write' } });
      const byId = new Map(referenced.map((rule) => [rule.id, rule]));
      const missing = ids.find((id) => !byId.has(id));
      if (missing !== undefined) throw invalid(`Not existing UUID: ${missing}`);
      const { consumer, serviceDefinition } = referenced[0];
      if (referenced.some((rule) => rule.consumer !== consumer || rule.serviceDefinition !== serviceDefinition)) {
        // (sic) "Subscription ids" for rule ids: the reference's text, kept (SPEC-deviations D7).
        throw invalid('Subscription ids should belong to the same rule set (same consumer and service definition)');
      }
      // The whole rule set, locked, so that the duplicate check sees what will be committed.
      const ruleSet = await manager.find(OrchestrationStoreRule, { where: { consumer, serviceDefinition }, lock: { mode: 'pessimistic_write' } });
      const taken = new Set<number>();
      for (const rule of ruleSet) {
        const priority = priorities.get(rule.id) ?? rule.priority;
        if (taken.has(priority)) {
          throw invalid(`Conflicting rules, the combination of the following fields should be unique: ${conflictText({ consumer, serviceDefinition, priority })}`);
        }
        taken.add(priority);
      }
      const now = new Date();
      for (const id of ids) {
        const rule = byId.get(id)!;
        Object.assign(rule, { priority: priorities.get(id)!, updatedAt: now, updatedBy: requester });
        await manager.update(OrchestrationStoreRule, { id }, { priority: rule.priority, updatedAt: now, updatedBy: requester });
      }
      return ids.map((id) => byId.get(id)!);
    });
    return toSimpleStoreList(updated);
  }

  async remove(ids: string[]): Promise<void> {
    await this.ruleTable.delete({ id: In(ids) });
  }
}
