import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { PageRequestDto } from '../../common/dto/pagination';
import { Int32, ListOf, ListOfObjects } from '../../common/validation/lenient';

/** ServiceOrchestrationSimpleStoreQueryRequest (SPEC-management.md §1.2). */
export class SimpleStoreQueryRequestDto {
  @IsOptional() @ValidateNested() @Type(() => PageRequestDto) pagination?: PageRequestDto | null;
  @IsOptional() @ListOf('string') ids?: (string | null)[] | null;
  @IsOptional() @ListOf('string') consumerNames?: (string | null)[] | null;
  @IsOptional() @ListOf('string') serviceDefinitions?: (string | null)[] | null;
  @IsOptional() @ListOf('string') serviceInstanceIds?: (string | null)[] | null;
  @IsOptional() @Int32() minPriority?: number | null;
  @IsOptional() @Int32() maxPriority?: number | null;
  @IsOptional() @IsString() createdBy?: string | null;
}

/** One rule to create. */
export class SimpleStoreRuleRequestDto {
  @IsOptional() @IsString() consumer?: string | null;
  @IsOptional() @IsString() serviceInstanceId?: string | null;
  @IsOptional() @Int32() priority?: number | null;
}

/**
 * ServiceOrchestrationSimpleStoreCreateListRequest. The docs call the list `entries`, the
 * reference `candidates`; both are accepted, `entries` first (SPEC-deviations A4).
 */
export class SimpleStoreCreateRequestDto {
  @ApiPropertyOptional({ type: [SimpleStoreRuleRequestDto] })
  @IsOptional() @ListOfObjects(() => SimpleStoreRuleRequestDto) entries?: (SimpleStoreRuleRequestDto | null)[] | null;
  @ApiPropertyOptional({ type: [SimpleStoreRuleRequestDto], description: 'The Java reference\'s name for `entries`' })
  @IsOptional() @ListOfObjects(() => SimpleStoreRuleRequestDto) candidates?: (SimpleStoreRuleRequestDto | null)[] | null;
}

/** SimpleStoreRecord: all nine fields, always present. */
export class SimpleStoreRecordDto {
  id!: string;
  consumer!: string;
  serviceDefinition!: string;
  serviceInstanceId!: string;
  priority!: number;
  createdBy!: string;
  updatedBy!: string;
  createdAt!: string;
  updatedAt!: string;
}

export class SimpleStoreListResponseDto {
  entries!: SimpleStoreRecordDto[];
  count!: number;
}
