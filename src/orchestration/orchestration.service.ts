import { Inject, Injectable, Logger } from '@nestjs/common';
import { splitInstanceId } from '../common/naming/name-normalizer';
import { NamingValidator } from '../common/naming/naming-validator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LockManagementService } from '../lock-management/lock-management.service';
import { OrchestrationStoreRule } from '../simple-store/entities/orchestration-store.entity';
import { SimpleStoreService } from '../simple-store/simple-store.service';
import { OrchestrationRequestDto, OrchestrationResponseDto, OrchestrationResultDto } from './dto/orchestration.dto';
import { OrchestrationJobService } from './orchestration-job.service';
import { NormalizedOrchestrationRequest, OrchestrationRequestValidator } from './orchestration-request.validator';

function toResult(rule: OrchestrationStoreRule): OrchestrationResultDto {
  const [providerName, , version] = splitInstanceId(rule.serviceInstanceId);
  return {
    serviceInstanceId: rule.serviceInstanceId,
    providerName,
    serviceDefinitition: rule.serviceDefinition,
    version,
    cloudIdentitifer: 'LOCAL',
  };
}

/** serviceOrchestration with the simple-store strategy (SPEC-orchestration.md §2), lock-aware. */
@Injectable()
export class OrchestrationService {
  private readonly logger = new Logger(OrchestrationService.name);

  constructor(
    private readonly store: SimpleStoreService,
    private readonly locks: LockManagementService,
    private readonly jobs: OrchestrationJobService,
    private readonly requestValidator: OrchestrationRequestValidator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async pull(requester: string, request: OrchestrationRequestDto | null): Promise<OrchestrationResponseDto> {
    NamingValidator.systemName(requester);
    this.requestValidator.precheck(request);
    const normalized = this.requestValidator.normalize(request);

    const job = await this.jobs.start('PULL', requester, requester, normalized.serviceDefinition);
    try {
      const results = await this.orchestrate(requester, normalized);
      await this.jobs.finish(job, results.length);
      return { results, warnings: normalized.warnings };
    } catch (error) {
      await this.jobs.fail(job, (error as Error).message).catch((failure: Error) => this.logger.error(`Could not record job ${job.id} as failed: ${failure.message}`));
      throw error;
    }
  }

  /** The consumer's rules, minus instances locked by others, preferred providers first, matchmade. */
  async orchestrate(consumer: string, request: NormalizedOrchestrationRequest): Promise<OrchestrationResultDto[]> {
    let candidates = await this.store.findRulesOf(consumer, request.serviceDefinition);
    if (this.config.orchestration.locksAffectPull && candidates.length > 0) {
      const lockedByOthers = new Set(
        (await this.locks.findLiveLocksOn(candidates.map((rule) => rule.serviceInstanceId)))
          .filter((lock) => lock.owner !== consumer)
          .map((lock) => lock.serviceInstanceId),
      );
      candidates = candidates.filter((rule) => !lockedByOthers.has(rule.serviceInstanceId));
    }
    if (request.preferredProviders.length > 0) {
      const preferred = new Set(request.preferredProviders);
      const isPreferred = (rule: OrchestrationStoreRule) => preferred.has(splitInstanceId(rule.serviceInstanceId)[0]);
      const first = candidates.filter(isPreferred);
      candidates = request.flags.ONLY_PREFERRED ? first : [...first, ...candidates.filter((rule) => !isPreferred(rule))];
    }
    if (request.flags.MATCHMAKING) {
      const seen = new Set<string>();
      candidates = candidates.filter((rule) => !seen.has(rule.serviceDefinition) && seen.add(rule.serviceDefinition));
    }
    return candidates.map(toResult);
  }
}
