import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { splitInstanceId } from '../common/naming/name-normalizer';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { constantQuery } from '../database/constant-query';
import { OrchestrationResponseDto, OrchestrationResultDto } from './dto/orchestration.dto';
import { OrchestrationJobService } from './orchestration-job.service';
import { NormalizedOrchestrationRequest, PullRequest } from './orchestration-request.parser';

/** A rule as pull needs it: the two columns it reads. */
interface Candidate {
  service_instance_id: string;
  service_definition: string;
}

// The candidate lookup of a pull as constant SQL (no query building per request): the consumer's rules (for one service definition, or all) by
// priority, without the instances someone else holds a live lock on (SPEC-locks.md §5.3); one
// index range scan. Equal priorities (only across definitions) fall back to id order, as in the
// reference's storage.
const LOCK_FILTER = `AND NOT EXISTS (SELECT 1 FROM orchestration_lock l WHERE l.service_instance_id = r.service_instance_id AND l.expires_at >= $2 AND l.owner <> $1)`;
const SELECT = 'SELECT r.service_instance_id, r.service_definition FROM orchestration_store r WHERE r.consumer = $1';
const ORDER = 'ORDER BY r.priority ASC, r.id ASC';
const CANDIDATES = {
  forDefinition: `${SELECT} AND r.service_definition = $3 ${LOCK_FILTER} ${ORDER}`,
  all: `${SELECT} ${LOCK_FILTER} ${ORDER}`,
  forDefinitionIgnoringLocks: `${SELECT} AND r.service_definition = $2 ${ORDER}`,
  allIgnoringLocks: `${SELECT} ${ORDER}`,
};

function toResult(rule: Candidate): OrchestrationResultDto {
  const [providerName, , version] = splitInstanceId(rule.service_instance_id);
  return {
    serviceInstanceId: rule.service_instance_id,
    providerName,
    serviceDefinitition: rule.service_definition,
    version,
    cloudIdentitifer: 'LOCAL',
  };
}

/** serviceOrchestration with the simple-store strategy (SPEC-orchestration.md §2), lock-aware. */
@Injectable()
export class OrchestrationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: OrchestrationJobService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async pull({ requester, orchestration: normalized }: PullRequest): Promise<OrchestrationResponseDto> {

    // One job record per pull, handed over in its final state and written behind (issue 11).
    const started = new Date();
    let results: OrchestrationResultDto[];
    try {
      results = await this.orchestrate(requester, normalized);
    } catch (error) {
      await this.jobs.recordPull(requester, normalized.serviceDefinition, started, 'ERROR', (error as Error).message);
      throw error;
    }
    await this.jobs.recordPull(requester, normalized.serviceDefinition, started, 'DONE', `${results.length} local result(s)`);
    return { results, warnings: normalized.warnings };
  }

  /** The consumer's rules, minus instances locked by others, preferred providers first, matchmade. */
  async orchestrate(consumer: string, request: NormalizedOrchestrationRequest): Promise<OrchestrationResultDto[]> {
    let candidates = await this.candidateRules(consumer, request.serviceDefinition);
    if (request.preferredProviders.length > 0) {
      const preferred = new Set(request.preferredProviders);
      const isPreferred = (rule: Candidate) => preferred.has(splitInstanceId(rule.service_instance_id)[0]);
      const first = candidates.filter(isPreferred);
      candidates = request.flags.ONLY_PREFERRED ? first : [...first, ...candidates.filter((rule) => !isPreferred(rule))];
    }
    if (request.flags.MATCHMAKING) {
      const seen = new Set<string>();
      candidates = candidates.filter((rule) => !seen.has(rule.service_definition) && seen.add(rule.service_definition));
    }
    return candidates.map(toResult);
  }

  private candidateRules(consumer: string, serviceDefinition: string | null): Promise<Candidate[]> {
    if (this.config.orchestration.locksAffectPull) {
      const now = new Date();
      return serviceDefinition === null
        ? constantQuery<Candidate>(this.dataSource, CANDIDATES.all, [consumer, now])
        : constantQuery<Candidate>(this.dataSource, CANDIDATES.forDefinition, [consumer, now, serviceDefinition]);
    }
    return serviceDefinition === null
      ? constantQuery<Candidate>(this.dataSource, CANDIDATES.allIgnoringLocks, [consumer])
      : constantQuery<Candidate>(this.dataSource, CANDIDATES.forDefinitionIgnoringLocks, [consumer, serviceDefinition]);
  }
}
