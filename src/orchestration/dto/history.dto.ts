import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { PageRequestDto } from '../../common/dto/pagination';
import { ListOf } from '../../common/validation/lenient';

/** HistoryQueryRequest (SPEC-management.md §4). */
export class HistoryQueryRequestDto {
  @IsOptional() @ValidateNested() @Type(() => PageRequestDto) pagination?: PageRequestDto | null;
  @IsOptional() @ListOf('string') ids?: (string | null)[] | null;
  @IsOptional() @ListOf('string') statuses?: (string | null)[] | null;
  @IsOptional() @IsString() type?: string | null;
  @IsOptional() @ListOf('string') requesterSystems?: (string | null)[] | null;
  @IsOptional() @ListOf('string') targetSystems?: (string | null)[] | null;
  @IsOptional() @ListOf('string') serviceDefinitions?: (string | null)[] | null;
  @IsOptional() @ListOf('string') subscriptionIds?: (string | null)[] | null;
}

/** OrchestrationJob JSON; unset fields are omitted (SPEC-deviations A14). */
export class OrchestrationJobDto {
  id!: string;
  status!: string;
  type!: string;
  requesterSystem!: string;
  targetSystem!: string;
  serviceDefinition?: string;
  subscriptionId?: string;
  message?: string;
  createdAt!: string;
  startedAt?: string;
  finishedAt?: string;
}

export class HistoryResponseDto {
  entries!: OrchestrationJobDto[];
  count!: number;
}
