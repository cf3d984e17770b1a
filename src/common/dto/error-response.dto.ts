import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ExceptionType } from '../arrowhead/arrowhead.exception';

/** The Arrowhead ErrorResponse (SPEC.md §7.1). `origin` is left out when unknown. */
export class ErrorResponseDto {
  @ApiProperty({ example: 'Owner is missing' }) errorMessage!: string;
  @ApiProperty({ example: 400 }) errorCode!: number;
  @ApiProperty({ enum: ExceptionType, example: ExceptionType.INVALID_PARAMETER }) exceptionType!: ExceptionType;
  @ApiPropertyOptional({ example: 'POST /serviceorchestration/orchestration/mgmt/lock/create' }) origin?: string;
}
