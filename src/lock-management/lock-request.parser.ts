import { Inject, Injectable } from '@nestjs/common';
import { isBlank } from '../common/validation/lenient';
import { ArrowheadException } from '../common/arrowhead/arrowhead.exception';
import { parseDateTime } from '../common/dto/date-time';
import { Page, resolvePage, SortFieldOf, sortRules } from '../common/dto/pagination';
import { NameNormalizer } from '../common/naming/name-normalizer';
import { canonicalUuids, NamingValidator } from '../common/naming/naming-validator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LockListRequestDto, LockQueryRequestDto } from './dto/lock.dto';

const invalid = ArrowheadException.invalidParameter;

export const LOCK_SORT = sortRules(['id', 'owner', 'serviceInstanceId', 'expiresAt'], 'id', 'DESC');
export type LockSortField = SortFieldOf<typeof LOCK_SORT>;

export interface NewLock {
  serviceInstanceId: string;
  owner: string;
  expiresAt: Date;
}

/** Whose locks on which instances a remove deletes. */
export interface LockRemoval {
  owner: string;
  serviceInstanceIds: string[];
}

export interface LockFilter {
  page: Page<LockSortField>;
  ids: number[];
  orchestrationJobIds: string[];
  serviceInstanceIds: string[];
  owners: string[];
  expiresBefore?: Date;
  expiresAfter?: Date;
}

/** The rules of lock-management input, in SPEC-locks.md's order and texts, and its normalization. */
@Injectable()
export class LockRequestParser {
  constructor(
    private readonly normalizer: NameNormalizer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  parseCreate(request: LockListRequestDto | null, now: Date): NewLock[] {
    if (request === null) {
      throw invalid('Request payload is null');
    }
    const entries = request.locks ?? [];
    if (entries.length === 0) {
      throw invalid('Request payload is empty');
    }
    if (entries.some((entry) => entry === null)) {
      throw invalid('Request payload contains null element');
    }
    const checked = entries.map((entry) => {
      const { serviceInstanceId, owner, expiresAt } = entry!;
      if (isBlank(serviceInstanceId)) throw invalid('Service instance id is missing');
      if (isBlank(owner)) throw invalid('Owner is missing');
      if (isBlank(expiresAt)) throw invalid('Expiration time is missing');
      const expiry = parseDateTime(expiresAt!.trim());
      if (expiry === null) throw invalid(`Invalid expires at format: ${expiresAt}`);
      if (expiry.getTime() < now.getTime()) throw invalid(`Expires at is in the past: ${expiresAt}`);
      return { serviceInstanceId: serviceInstanceId!, owner: owner!, expiresAt: expiry };
    });

    const locks = checked.map((entry) => ({
      serviceInstanceId: this.normalizer.serviceInstanceId(entry.serviceInstanceId)!,
      owner: this.normalizer.systemName(entry.owner)!,
      expiresAt: entry.expiresAt,
    }));
    for (const lock of locks) {
      NamingValidator.serviceInstanceId(lock.serviceInstanceId);
      NamingValidator.systemName(lock.owner);
    }
    const seen = new Set<string>();
    for (const lock of locks) {
      if (seen.has(lock.serviceInstanceId)) {
        throw invalid(`Service instance id is requested more than once: ${lock.serviceInstanceId}`);
      }
      seen.add(lock.serviceInstanceId);
    }
    return locks;
  }

  parseQuery(request: LockQueryRequestDto | null): LockFilter {
    const page = resolvePage(request?.pagination, LOCK_SORT, this.config.maxPageSize);
    const ids = request?.ids ?? [];
    const jobIds = request?.orchestrationJobIds ?? [];
    const instanceIds = request?.serviceInstanceIds ?? [];
    const owners = request?.owners ?? [];
    if (ids.some((id) => id === null)) throw invalid('ID list contains empty element');
    if (jobIds.some(isBlank)) throw invalid('Orchestration job id list contains empty element');
    if (instanceIds.some(isBlank)) throw invalid('Service instance id list contains empty element');
    if (owners.some(isBlank)) throw invalid('Owner list contains empty element');

    const filter: LockFilter = {
      page,
      ids: ids as number[],
      orchestrationJobIds: jobIds.map((id) => id!.trim()),
      serviceInstanceIds: instanceIds.map((id) => this.normalizer.serviceInstanceId(id)!),
      owners: owners.map((owner) => this.normalizer.systemName(owner)!),
    };
    filter.orchestrationJobIds = canonicalUuids(filter.orchestrationJobIds, (text) => `Invalid orchestration job id: ${text}`);
    filter.serviceInstanceIds.forEach(NamingValidator.serviceInstanceId);
    filter.owners.forEach(NamingValidator.systemName);
    filter.expiresBefore = this.optionalTime(request?.expiresBefore, 'Invalid expires before');
    filter.expiresAfter = this.optionalTime(request?.expiresAfter, 'Invalid expires after');
    return filter;
  }

  parseRemove(owner: string | undefined, instanceIds: unknown[] | undefined): LockRemoval {
    if (instanceIds === undefined || instanceIds.length === 0) {
      throw invalid('Service instance id list empty');
    }
    if (instanceIds.some((id) => id === null || (typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '')) {
      throw invalid('Service instance id list contains empty element');
    }
    if (isBlank(owner)) {
      throw invalid('Owner is missing');
    }
    const normalizedOwner = this.normalizer.systemName(owner)!;
    const serviceInstanceIds = instanceIds.map((id) => this.normalizer.serviceInstanceId(String(id))!);
    NamingValidator.systemName(normalizedOwner);
    serviceInstanceIds.forEach(NamingValidator.serviceInstanceId);
    return { owner: normalizedOwner, serviceInstanceIds };
  }

  private optionalTime(value: string | null | undefined, message: string): Date | undefined {
    if (isBlank(value)) {
      return undefined;
    }
    const parsed = parseDateTime(value!.trim());
    if (parsed === null) {
      throw invalid(`${message}: ${value!.trim()}`);
    }
    return parsed;
  }
}
