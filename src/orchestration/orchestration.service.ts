import { Inject, Injectable, Logger } from '@nestjs/common';
import { splitInstanceId } from '../common/naming/name-normalizer';
import { NamingValidator } from '../common/naming/naming-validator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrchestrationLock } from '../lock-management/entities/orchestration-lock.entity';
import { OrchestrationStoreRule } from '../simple-store/entities/orchestration-store.entity';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: OrchestrationJobService,
    private readonly requestValidator: OrchestrationRequestValidator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async pull(requester: string, request: OrchestrationRequestDto | null): Promise<OrchestrationResponseDto> {
    NamingValidator.systemName(requester);
    this.requestValidator.precheck(request);
    const normalized = this.requestValidator.normalize(request);

    // Recording the job and reading the candidates are independent: with a pool they overlap.
    const [job, outcome] = await Promise.all([
      this.jobs.start('PULL', requester, requester, normalized.serviceDefinition),
      this.orchestrate(requester, normalized).then(
        (results) => ({ results }),
        (error: Error) => ({ error }),
      ),
    ]);
    if ('error' in outcome) {
      await this.jobs.fail(job, outcome.error.message).catch((failure: Error) => this.logger.error(`Could not record job ${job.id} as failed: ${failure.message}`));
      throw outcome.error;
    }
    await this.jobs.finish(job, outcome.results.length);
    return { results: outcome.results, warnings: normalized.warnings };
  }

  /** The consumer's rules, minus instances locked by others, preferred providers first, matchmade. */
  async orchestrate(consumer: string, request: NormalizedOrchestrationRequest): Promise<OrchestrationResultDto[]> {
    let candidates = await this.candidateRules(consumer, request.serviceDefinition);
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

  /**
   * The consumer's rules (for one service definition, or all) by priority, without the instances
   * someone else holds a live lock on (SPEC-locks.md §5.3): one indexed query. Equal priorities
   * (only across definitions) fall back to id order, as in the reference's storage.
   */
  private candidateRules(consumer: string, serviceDefinition: string | null): Promise<OrchestrationStoreRule[]> {
    const query = this.dataSource
      .getRepository(OrchestrationStoreRule)
      .createQueryBuilder('rule')
      .where('rule.consumer = :consumer', { consumer });
    if (serviceDefinition !== null) {
      query.andWhere('rule.serviceDefinition = :serviceDefinition', { serviceDefinition });
    }
    if (this.config.orchestration.locksAffectPull) {
      const lockedByOthers = query
        .subQuery()
        .select('1')
        .from(OrchestrationLock, 'lock')
        .where('lock.serviceInstanceId = rule.serviceInstanceId')
        .andWhere('lock.expiresAt >= :now')
        .andWhere('lock.owner <> :consumer')
        .getQuery();
      query.andWhere(`NOT EXISTS ${lockedByOthers}`, { now: new Date() });
    }
    return query.orderBy('rule.priority', 'ASC').addOrderBy('rule.id', 'ASC').getMany();
  }
}
