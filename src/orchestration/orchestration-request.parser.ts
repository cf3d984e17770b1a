import { Injectable } from '@nestjs/common';
import { ArrowheadException } from '../common/arrowhead/arrowhead.exception';
import { NameNormalizer } from '../common/naming/name-normalizer';
import { NamingValidator, requesterName } from '../common/naming/naming-validator';
import { OrchestrationRequestDto, ServiceRequirementDto } from './dto/orchestration.dto';

const invalid = ArrowheadException.invalidParameter;

export const SUPPORTED_FLAGS = ['MATCHMAKING', 'ONLY_PREFERRED'] as const;
const UNSUPPORTED_FLAGS = ['ONLY_EXCLUSIVE', 'ALLOW_TRANSLATION', 'ALLOW_INTERCLOUD', 'ONLY_INTERCLOUD'];
export type SupportedFlag = (typeof SUPPORTED_FLAGS)[number];

/** The orchestration request as the simple store uses it: normalized, with the warnings it earned. */
export interface NormalizedOrchestrationRequest {
  serviceDefinition: string | null;
  preferredProviders: string[];
  /** Only the supported flags that were sent. */
  flags: Partial<Record<SupportedFlag, boolean>>;
  /** Whether any flag was sent (a subscription then shows `orchestrationFlags`, possibly `{}`). */
  flagsSent: boolean;
  warnings: string[];
}

/** A pull as the service runs it: who asks (checked), and what (normalized). */
export interface PullRequest {
  requester: string;
  orchestration: NormalizedOrchestrationRequest;
}

// In the order the reference reports them (SPEC-orchestration.md §1.3).
const IGNORED_REQUIREMENT_FIELDS: (keyof ServiceRequirementDto)[] = [
  'operations',
  'versions',
  'alivesAt',
  'metadataRequirements',
  'interfaceTemplateNames',
  'interfaceAddressTypes',
  'interfacePropertyRequirements',
  'securityPolicies',
];

function isPresent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'string') return value.trim() !== '';
  return true;
}

/**
 * The rules of an OrchestrationRequest (SPEC-orchestration.md §2.2, steps 2–8) in the spec's order
 * and texts: pull's, and the subscriptions' that replay it (`precheck` and `normalize`).
 */
@Injectable()
export class OrchestrationRequestParser {
  constructor(private readonly normalizer: NameNormalizer) {}

  /** serviceOrchestration.pull: the requester's name first (step 1), then the request. */
  parsePull(request: OrchestrationRequestDto | null, requester: string): PullRequest {
    requesterName(requester);
    this.precheck(request);
    return { requester, orchestration: this.normalize(request) };
  }

  /** Steps 2–3: checks on the request as sent. */
  precheck(request: OrchestrationRequestDto | null): void {
    const providers = request?.serviceRequirement?.preferredProviders ?? [];
    if (providers.some((provider) => provider === null || provider.trim() === '')) {
      throw invalid('Preferred providers contains null or empty element');
    }
    if (Object.values(request?.orchestrationFlags ?? {}).some((flag) => flag === null)) {
      throw invalid('Orchestration flag map contains null value');
    }
  }

  /** Steps 4–8: normalize, then naming and flag checks. */
  normalize(request: OrchestrationRequestDto | null): NormalizedOrchestrationRequest {
    const requirement = request?.serviceRequirement ?? undefined;
    const serviceDefinition = this.normalizer.serviceDefinition(requirement?.serviceDefinition);
    const preferredProviders = (requirement?.preferredProviders ?? []).map((provider) => this.normalizer.systemName(provider)!);
    const sentFlags = Object.entries(request?.orchestrationFlags ?? {}).map(([key, value]) => [key.trim().toUpperCase(), value === true] as const);

    if (serviceDefinition !== null) NamingValidator.serviceDefinition(serviceDefinition);
    preferredProviders.forEach((provider) => NamingValidator.systemName(provider));

    const flags: NormalizedOrchestrationRequest['flags'] = {};
    const ignoredFlags: string[] = [];
    for (const [key, value] of sentFlags) {
      if ((SUPPORTED_FLAGS as readonly string[]).includes(key)) {
        flags[key as SupportedFlag] = value;
      } else if (UNSUPPORTED_FLAGS.includes(key)) {
        if (!ignoredFlags.includes(key)) ignoredFlags.push(key);
      } else {
        throw invalid(`Invalid orchestration flag: ${key}`);
      }
    }
    if (flags.ONLY_PREFERRED && preferredProviders.length === 0) {
      throw invalid('ONLY_PREFERRED flag is present, but no preferred provider is defined');
    }

    const ignoredFields: string[] = IGNORED_REQUIREMENT_FIELDS.filter((field) => isPresent(requirement?.[field]));
    if (isPresent(request?.qualityRequirements)) ignoredFields.push('qualityRequirements');
    if (isPresent(request?.exclusivityDuration)) ignoredFields.push('exclusivityDuration');
    const warnings: string[] = [];
    if (ignoredFields.length > 0) warnings.push(`ignoredFields: [${ignoredFields.join(', ')}]`);
    if (ignoredFlags.length > 0) warnings.push(`ignoredFlags: [${ignoredFlags.join(', ')}]`);

    return { serviceDefinition, preferredProviders, flags, flagsSent: sentFlags.length > 0, warnings };
  }
}
