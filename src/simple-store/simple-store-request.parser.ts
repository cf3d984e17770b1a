import { Inject, Injectable } from '@nestjs/common';
import { ArrowheadException } from '../common/arrowhead/arrowhead.exception';
import { Page, resolvePage, SortFieldOf, sortRules } from '../common/dto/pagination';
import { NameNormalizer, splitInstanceId } from '../common/naming/name-normalizer';
import { canonicalUuids, NamingValidator } from '../common/naming/naming-validator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { INT32_MIN, int32From, isBlank } from '../common/validation/lenient';
import { SimpleStoreCreateRequestDto, SimpleStoreQueryRequestDto } from './dto/simple-store.dto';

const invalid = ArrowheadException.invalidParameter;

export const STORE_SORT = sortRules(['id', 'consumer', 'serviceDefinition', 'priority', 'serviceInstanceId', 'createdAt'], 'id', 'DESC');
export type StoreSortField = SortFieldOf<typeof STORE_SORT>;

export interface StoreFilter {
  page: Page<StoreSortField>;
  ids: string[];
  consumers: string[];
  serviceDefinitions: string[];
  serviceInstanceIds: string[];
  minPriority?: number;
  maxPriority?: number;
  createdBy?: string;
}

export interface NewRule {
  consumer: string;
  serviceDefinition: string;
  serviceInstanceId: string;
  priority: number;
}

/** The rule-set key whose priorities must be unique (SPEC-deviations E1). */
export function conflictText(rule: { consumer: string; serviceDefinition: string; priority: number }): string {
  return `${rule.consumer}, service definition: ${rule.serviceDefinition}, priority: ${rule.priority}`;
}

/** The rules of simple-store management input (SPEC-management.md §1), in its order and texts, and its normalization. */
@Injectable()
export class SimpleStoreRequestParser {
  constructor(
    private readonly normalizer: NameNormalizer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  parseQuery(request: SimpleStoreQueryRequestDto | null): StoreFilter {
    if (request === null) {
      throw invalid('Request payload is missing');
    }
    const page = resolvePage(request.pagination, STORE_SORT, this.config.maxPageSize);
    const ids = request.ids ?? [];
    const consumers = request.consumerNames ?? [];
    const definitions = request.serviceDefinitions ?? [];
    const instanceIds = request.serviceInstanceIds ?? [];
    if (ids.length === 0 && consumers.length === 0 && definitions.length === 0 && instanceIds.length === 0 && isBlank(request.createdBy)) {
      throw invalid('At least one of the following fields must be specified: ids, consumerNames, serviceDefinitions, serviceInstanceIds, createdBy');
    }
    if (ids.some(isBlank)) throw invalid('Id list contains null or empty element');
    const canonicalIds = canonicalUuids(ids, (text) => `Invalid UUID: ${text}`);
    if (consumers.some(isBlank)) throw invalid('Consumer name list contains null or empty element');
    if (definitions.some(isBlank)) throw invalid('Service definition name list contains null or empty element');
    if (instanceIds.some(isBlank)) throw invalid('Service instance id list contains null or empty element');
    const { minPriority, maxPriority } = request;
    if (minPriority !== null && minPriority !== undefined && minPriority <= 0) {
      throw invalid('Invalid minimum priority: should be a positive integer');
    }
    if (maxPriority !== null && maxPriority !== undefined && maxPriority <= 0) {
      throw invalid('Invalid maximum priority: should be a positive integer');
    }
    if (minPriority != null && maxPriority != null && minPriority > maxPriority) {
      throw invalid('Minimum priority should not be greater than maximum priority');
    }

    const filter: StoreFilter = {
      page,
      ids: canonicalIds,
      consumers: consumers.map((name) => this.normalizer.systemName(name)!),
      serviceDefinitions: definitions.map((name) => this.normalizer.serviceDefinition(name)!),
      serviceInstanceIds: instanceIds.map((id) => this.normalizer.serviceInstanceId(id)!),
      minPriority: minPriority ?? undefined,
      maxPriority: maxPriority ?? undefined,
      createdBy: isBlank(request.createdBy) ? undefined : this.normalizer.systemName(request.createdBy)!,
    };
    filter.consumers.forEach((name) => NamingValidator.systemName(name));
    if (filter.createdBy !== undefined) NamingValidator.systemName(filter.createdBy);
    filter.serviceDefinitions.forEach((name) => NamingValidator.serviceDefinition(name));
    filter.serviceInstanceIds.forEach((id) => NamingValidator.serviceInstanceId(id));
    return filter;
  }

  parseCreate(request: SimpleStoreCreateRequestDto | null): NewRule[] {
    if (request === null) {
      throw invalid('Request payload is null');
    }
    const entries = request.entries ?? request.candidates ?? [];
    if (entries.length === 0) throw invalid('Request payload is empty');
    if (entries.some((entry) => entry === null)) throw invalid('Request payload contains null element');

    const rules = entries.map((entry) => {
      const { priority } = entry!;
      if (priority === null || priority === undefined) throw invalid('Priority is missing');
      if (priority <= 0) throw invalid('Priority should be positive');
      const consumer = this.normalizer.systemName(entry!.consumer);
      NamingValidator.systemName(consumer);
      const serviceInstanceId = this.normalizer.serviceInstanceId(entry!.serviceInstanceId);
      NamingValidator.serviceInstanceId(serviceInstanceId);
      return { consumer: consumer!, serviceInstanceId: serviceInstanceId!, serviceDefinition: splitInstanceId(serviceInstanceId!)[1], priority };
    });
    const seen = new Set<string>();
    for (const rule of rules) {
      const key = conflictText(rule);
      if (seen.has(key)) {
        throw invalid(`Conflicting rules, the combination of the following fields should be unique: ${key}`);
      }
      seen.add(key);
    }
    return rules;
  }

  /**
   * Checks shape, ids and values of a priority map; returns canonical id → priority. The map's
   * JSON shape is checked here, not by a DTO decorator: its ids are checked before its values.
   */
  parsePriorityMap(map: unknown): Map<string, number> {
    if (map === null || map === undefined) throw invalid('Priority map is null');
    if (typeof map !== 'object' || Array.isArray(map)) {
      throw invalid('Could not parse payload. Reason: a JSON object mapping record ids to priorities was expected');
    }
    const entries = Object.entries(map as Record<string, unknown>);
    if (entries.length === 0) throw invalid('Priority map is empty');
    const canonicalIds = canonicalUuids(entries.map(([key]) => key), (text) => `Invalid UUID: ${text}`);
    const priorities = entries.map(([, value]) => {
      if (value === null) throw invalid('Priority map contains null value');
      const number = int32From(value);
      // -2^31 as well: the reference's bound is on the magnitude.
      if (number === undefined || number === INT32_MIN) {
        throw invalid(`Could not parse payload. Reason: priority ${JSON.stringify(value)} is not an integer`);
      }
      return number;
    });
    const invalidPriority = priorities.find((priority) => priority <= 0);
    if (invalidPriority !== undefined) throw invalid(`Invalid priority: ${invalidPriority}, should be positive`);
    return new Map(canonicalIds.map((id, index) => [id, priorities[index]]));
  }

  parseRemove(uuids: unknown[] | undefined): string[] {
    if (uuids === undefined || uuids.length === 0) throw invalid('UUIDs are missing');
    return canonicalUuids(uuids, (text) => `Invalid UUID: ${text}`);
  }
}
