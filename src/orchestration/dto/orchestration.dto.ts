import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, ValidateNested } from 'class-validator';
import { isPlainObject, onlyKeys, registerFastPath } from '../../common/validation/fast-paths';
import { Int32, ListOf, MapOf } from '../../common/validation/lenient';

/** ServiceRequirement (SPEC-orchestration.md §1.2). Most fields are the dynamic strategy's: accepted, reported as ignored. */
export class ServiceRequirementDto {
  @IsOptional() @IsString() serviceDefinition?: string | null;
  @IsOptional() @IsArray() operations?: unknown[] | null;
  @IsOptional() @IsArray() versions?: unknown[] | null;
  @IsOptional() @IsString() alivesAt?: string | null;
  @IsOptional() @IsArray() metadataRequirements?: unknown[] | null;
  @IsOptional() @IsArray() interfaceTemplateNames?: unknown[] | null;
  @IsOptional() @IsArray() interfaceAddressTypes?: unknown[] | null;
  @IsOptional() @IsArray() interfacePropertyRequirements?: unknown[] | null;
  @IsOptional() @IsArray() securityPolicies?: unknown[] | null;
  @IsOptional() @ListOf('string') preferredProviders?: (string | null)[] | null;
}

/** OrchestrationRequest (SPEC-orchestration.md §1.1): the input of pull, nested in subscriptions. */
export class OrchestrationRequestDto {
  @IsOptional() @ValidateNested() @Type(() => ServiceRequirementDto) serviceRequirement?: ServiceRequirementDto | null;
  @IsOptional() @MapOf('boolean') orchestrationFlags?: Record<string, boolean | null> | null;
  @IsOptional() @IsArray() qualityRequirements?: unknown[] | null;
  @IsOptional() @Int32() exclusivityDuration?: number | null;
}

const REQUEST_KEYS = new Set(['serviceRequirement', 'orchestrationFlags', 'qualityRequirements', 'exclusivityDuration']);
const REQUIREMENT_KEYS = new Set(['serviceDefinition', 'preferredProviders']);
const absent = (value: unknown) => value === undefined || value === null;

/**
 * The common pull: a service definition, preferred providers and boolean flags (the dynamic
 * strategy's fields, which are only reported as ignored, take the reflective path).
 */
registerFastPath(OrchestrationRequestDto, (value) => {
  const request = value as Record<string, unknown>;
  if (!isPlainObject(request) || !onlyKeys(request, REQUEST_KEYS) || !absent(request.qualityRequirements) || !absent(request.exclusivityDuration)) return undefined;
  const { serviceRequirement, orchestrationFlags } = request;
  const dto = new OrchestrationRequestDto();
  if (serviceRequirement !== undefined) {
    if (serviceRequirement === null) {
      dto.serviceRequirement = null;
    } else {
      if (!isPlainObject(serviceRequirement) || !onlyKeys(serviceRequirement, REQUIREMENT_KEYS)) return undefined;
      const { serviceDefinition, preferredProviders } = serviceRequirement;
      if (!absent(serviceDefinition) && typeof serviceDefinition !== 'string') return undefined;
      if (!absent(preferredProviders) && !(Array.isArray(preferredProviders) && preferredProviders.every((entry) => typeof entry === 'string'))) return undefined;
      const requirement = new ServiceRequirementDto();
      if (serviceDefinition !== undefined) requirement.serviceDefinition = serviceDefinition as string | null;
      if (preferredProviders !== undefined) requirement.preferredProviders = preferredProviders as string[] | null;
      dto.serviceRequirement = requirement;
    }
  }
  if (orchestrationFlags !== undefined) {
    if (orchestrationFlags !== null && !(isPlainObject(orchestrationFlags) && Object.values(orchestrationFlags).every((flag) => typeof flag === 'boolean'))) {
      return undefined;
    }
    dto.orchestrationFlags = orchestrationFlags === null ? null : (Object.fromEntries(Object.entries(orchestrationFlags)) as Record<string, boolean>);
  }
  if (request.qualityRequirements !== undefined) dto.qualityRequirements = null;
  if (request.exclusivityDuration !== undefined) dto.exclusivityDuration = null;
  return dto;
});

/** One result; the misspelled names are the wire contract (SPEC-deviations A1, A2). */
export class OrchestrationResultDto {
  serviceInstanceId!: string;
  providerName!: string;
  /** (sic) SPEC-deviations A1. */
  serviceDefinitition!: string;
  version!: string;
  /** (sic) SPEC-deviations A2. */
  cloudIdentitifer!: 'LOCAL';
}

export class OrchestrationResponseDto {
  results!: OrchestrationResultDto[];
  warnings!: string[];
}
