import { Injectable } from '@nestjs/common';
import { splitInstanceId } from '../common/naming/name-normalizer';
import { Candidate, CandidateRules } from '../simple-store/candidate-rules';
import { OrchestrationResponseDto, OrchestrationResultDto } from './dto/orchestration.dto';
import { OrchestrationJobService } from './orchestration-job.service';
import { NormalizedOrchestrationRequest, PullRequest } from './orchestration-request.parser';

function toResult(rule: Candidate): OrchestrationResultDto {
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
  constructor(
    private readonly candidateRules: CandidateRules,
    private readonly jobs: OrchestrationJobService,
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
    let candidates = await this.candidateRules.find({ consumer, serviceDefinition: request.serviceDefinition });
    if (request.preferredProviders.length > 0) {
      const preferred = new Set(request.preferredProviders);
      const isPreferred = (rule: Candidate) => preferred.has(splitInstanceId(rule.serviceInstanceId)[0]);
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
