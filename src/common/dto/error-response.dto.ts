import { ExceptionType } from '../arrowhead/arrowhead.exception';

/** The Arrowhead ErrorResponse (SPEC.md §7.1). `origin` is left out when unknown. */
export interface ErrorResponseDto {
  errorMessage: string;
  errorCode: number;
  exceptionType: ExceptionType;
  origin?: string;
}
