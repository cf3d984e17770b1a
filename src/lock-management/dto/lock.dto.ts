import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { PageRequestDto } from '../../common/dto/pagination';
import { isPlainObject, onlyKeys, registerFastPath } from '../../common/validation/fast-paths';
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

const LOCK_KEYS = new Set(['serviceInstanceId', 'owner', 'expiresAt']);
const LIST_KEYS = new Set(['locks']);

/** Lock creation with string fields only (the usual request): no reflection per element. */
registerFastPath(LockListRequestDto, (value) => {
  if (!isPlainObject(value) || !onlyKeys(value, LIST_KEYS)) return undefined;
  const { locks } = value;
  const dto = new LockListRequestDto();
  if (locks === undefined) return dto;
  if (!Array.isArray(locks)) return undefined;
  const entries: LockRequestDto[] = [];
  for (const entry of locks) {
    if (!isPlainObject(entry) || !onlyKeys(entry, LOCK_KEYS)) return undefined;
    const lock = new LockRequestDto();
    for (const key of LOCK_KEYS) {
      const field = entry[key];
      if (field === undefined) continue;
      if (field !== null && typeof field !== 'string') return undefined;
      lock[key as keyof LockRequestDto] = field;
    }
    entries.push(lock);
  }
  dto.locks = entries;
  return dto;
});

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
