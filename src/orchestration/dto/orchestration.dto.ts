import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, ValidateNested } from 'class-validator';
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
