/** Exception types of the Arrowhead error model (SPEC.md §7.2) and the status each one maps to. */
export enum ExceptionType {
  ARROWHEAD = 'ARROWHEAD',
  INVALID_PARAMETER = 'INVALID_PARAMETER',
  AUTH = 'AUTH',
  FORBIDDEN = 'FORBIDDEN',
  DATA_NOT_FOUND = 'DATA_NOT_FOUND',
  TIMEOUT = 'TIMEOUT',
  LOCKED = 'LOCKED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  EXTERNAL_SERVER_ERROR = 'EXTERNAL_SERVER_ERROR',
}

export const STATUS_OF: Readonly<Record<ExceptionType, number>> = {
  [ExceptionType.ARROWHEAD]: 500,
  [ExceptionType.INVALID_PARAMETER]: 400,
  [ExceptionType.AUTH]: 401,
  [ExceptionType.FORBIDDEN]: 403,
  [ExceptionType.DATA_NOT_FOUND]: 404,
  [ExceptionType.TIMEOUT]: 408,
  [ExceptionType.LOCKED]: 423,
  [ExceptionType.INTERNAL_SERVER_ERROR]: 500,
  [ExceptionType.EXTERNAL_SERVER_ERROR]: 503,
};

/**
 * The one exception services throw. It knows nothing about the transport: the exception filter
 * turns it into an ErrorResponse and fills in the origin from the request it happened in.
 */
export class ArrowheadException extends Error {
  constructor(
    readonly exceptionType: ExceptionType,
    message: string,
    /** Raised by a request filter (Blacklist, Authentication unavailable): no `origin` over HTTP (SPEC-cloud.md §6). */
    readonly fromFilter = false,
  ) {
    super(message);
    this.name = 'ArrowheadException';
  }

  get status(): number {
    return STATUS_OF[this.exceptionType];
  }

  static invalidParameter(message: string): ArrowheadException {
    return new ArrowheadException(ExceptionType.INVALID_PARAMETER, message);
  }

  static auth(message: string): ArrowheadException {
    return new ArrowheadException(ExceptionType.AUTH, message);
  }

  static forbidden(message: string): ArrowheadException {
    return new ArrowheadException(ExceptionType.FORBIDDEN, message);
  }
}
