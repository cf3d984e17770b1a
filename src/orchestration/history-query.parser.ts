import { Inject, Injectable } from '@nestjs/common';
import { isBlank } from '../common/validation/lenient';
import { ArrowheadException } from '../common/arrowhead/arrowhead.exception';
import { Page, resolvePage, SortFieldOf, sortRules } from '../common/dto/pagination';
import { NameNormalizer } from '../common/naming/name-normalizer';
import { canonicalUuids, NamingValidator } from '../common/naming/naming-validator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { HistoryQueryRequestDto } from './dto/history.dto';
import { JOB_STATUSES, JOB_TYPES, JobStatus, JobType } from './entities/orchestration-job.entity';

const invalid = ArrowheadException.invalidParameter;

export const JOB_SORT = sortRules(['id', 'createdAt', 'startedAt', 'finishedAt'], 'id', 'DESC');
export type JobSortField = SortFieldOf<typeof JOB_SORT>;

export interface JobFilter {
  page: Page<JobSortField>;
  ids: string[];
  statuses: JobStatus[];
  type?: JobType;
  requesterSystems: string[];
  targetSystems: string[];
  serviceDefinitions: string[];
  subscriptionIds: string[];
}

/** The rules of history queries (SPEC-management.md §4), in its order and texts. */
@Injectable()
export class HistoryQueryParser {
  constructor(
    private readonly normalizer: NameNormalizer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  parseQuery(request: HistoryQueryRequestDto | null): JobFilter {
    const page = resolvePage(request?.pagination, JOB_SORT, this.config.maxPageSize);
    const ids = canonicalUuids(request?.ids ?? [], (id) => `Invalid orchestration job id: ${id}`, 'UUID is missing');
    const statuses = request?.statuses ?? [];
    if (statuses.some(isBlank)) throw invalid('Status list contains empty element');
    const normalizedStatuses = statuses.map((status) => {
      const upper = status!.trim().toUpperCase();
      if (!(JOB_STATUSES as readonly string[]).includes(upper)) throw invalid(`Invalid status: ${status!.trim()}`);
      return upper as JobStatus;
    });
    let type: JobType | undefined;
    if (!isBlank(request?.type)) {
      const upper = request!.type!.trim().toUpperCase();
      if (!(JOB_TYPES as readonly string[]).includes(upper)) throw invalid(`Invalid type: ${request!.type!.trim()}`);
      type = upper as JobType;
    }
    const requesters = request?.requesterSystems ?? [];
    const targets = request?.targetSystems ?? [];
    const definitions = request?.serviceDefinitions ?? [];
    if (requesters.some(isBlank)) throw invalid('Requester system list contains empty element');
    if (targets.some(isBlank)) throw invalid('Target system list contains empty element');
    if (definitions.some(isBlank)) throw invalid('Service definition list contains empty element');
    const subscriptionIds = canonicalUuids(request?.subscriptionIds ?? [], (id) => `Invalid subscription id: ${id}`, 'UUID is missing');

    const filter: JobFilter = {
      page,
      ids,
      statuses: normalizedStatuses,
      type,
      requesterSystems: requesters.map((name) => this.normalizer.systemName(name)!),
      targetSystems: targets.map((name) => this.normalizer.systemName(name)!),
      serviceDefinitions: definitions.map((name) => this.normalizer.serviceDefinition(name)!),
      subscriptionIds,
    };
    [...filter.requesterSystems, ...filter.targetSystems].forEach((name) => NamingValidator.systemName(name));
    filter.serviceDefinitions.forEach((name) => NamingValidator.serviceDefinition(name));
    return filter;
  }
}
