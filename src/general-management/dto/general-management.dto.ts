import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { PageRequestDto } from '../../common/dto/pagination';

/** LogRequest (SPEC-management.md §5.1); the docs' `loggerStr` is accepted for `logger` (A8). */
export class LogRequestDto {
  @IsOptional() @ValidateNested() @Type(() => PageRequestDto) pagination?: PageRequestDto | null;
  @IsOptional() @IsString() from?: string | null;
  @IsOptional() @IsString() to?: string | null;
  @IsOptional() @IsString() severity?: string | null;
  @IsOptional() @IsString() logger?: string | null;
  @IsOptional() @IsString() loggerStr?: string | null;
}

export class LogEntryDto {
  logId!: string;
  entryDate!: string;
  logger!: string;
  severity!: string;
  message!: string;
  exception?: string;
}

export class LogResponseDto {
  entries!: LogEntryDto[];
  count!: number;
}

export class ConfigResponseDto {
  map!: Record<string, string>;
}
