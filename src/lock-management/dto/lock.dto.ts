import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { PageRequestDto } from '../../common/dto/pagination';
import { ListOf, ListOfObjects } from '../../common/validation/lenient';

/** One entry of ServiceOrchestrationLockListRequest. */
export class LockRequestDto {
  @IsOptional() @IsString() serviceInstanceId?: string | null;
  @IsOptional() @IsString() owner?: string | null;
  @IsOptional() @IsString() expiresAt?: string | null;
}

/** ServiceOrchestrationLockListRequest: `{"locks": [...]}`. */
export class LockListRequestDto {
  @ApiPropertyOptional({ type: [LockRequestDto] })
  @IsOptional() @ListOfObjects(() => LockRequestDto) locks?: (LockRequestDto | null)[] | null;
}

/** ServiceOrchestrationLockQueryRequest (SPEC-locks.md §3). */
export class LockQueryRequestDto {
  @IsOptional() @ValidateNested() @Type(() => PageRequestDto) pagination?: PageRequestDto | null;
  @IsOptional() @ListOf('integer') ids?: (number | null)[] | null;
  @IsOptional() @ListOf('string') orchestrationJobIds?: (string | null)[] | null;
  @IsOptional() @ListOf('string') serviceInstanceIds?: (string | null)[] | null;
  @IsOptional() @ListOf('string') owners?: (string | null)[] | null;
  @IsOptional() @IsString() expiresBefore?: string | null;
  @IsOptional() @IsString() expiresAfter?: string | null;
}

/** ServiceOrchestrationLockResponse; `orchestrationJobId` only for locks an orchestration made. */
export class LockResponseDto {
  id!: number;
  orchestrationJobId?: string;
  serviceInstanceId!: string;
  owner!: string;
  expiresAt!: string;
  temporary!: boolean;
}

export class LockListResponseDto {
  entries!: LockResponseDto[];
  count!: number;
}
