import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { throwError } from 'rxjs';
import { QueryFailedError } from 'typeorm';
import { ErrorResponseDto } from '../dto/error-response.dto';
import { ArrowheadException, ExceptionType } from './arrowhead.exception';
import { traced } from '../../logging/trace-context';
import { originOf, traceIdOf, Transport, transportOf } from './request-context';

const TYPE_OF_HTTP_STATUS: Record<number, ExceptionType> = {
  401: ExceptionType.AUTH,
  403: ExceptionType.FORBIDDEN,
  404: ExceptionType.DATA_NOT_FOUND,
  408: ExceptionType.TIMEOUT,
  423: ExceptionType.LOCKED,
  503: ExceptionType.EXTERNAL_SERVER_ERROR,
};

/** Framework-level HTTP errors keep their status (SPEC.md §3.1) but get the ErrorResponse shape. */
function fromFrameworkStatus(status: number, message: string): { type: ExceptionType; status: number; message: string } {
  if (status >= 500) {
    return { type: ExceptionType.INTERNAL_SERVER_ERROR, status: 500, message: 'Internal server error' };
  }
  return { type: TYPE_OF_HTTP_STATUS[status] ?? ExceptionType.INVALID_PARAMETER, status, message };
}

/** body-parser errors (malformed JSON, oversize body, bad charset or encoding): a 4xx `status`, mostly with a `type`. */
interface BodyParserError {
  status: number;
  type?: string;
  message: string;
  charset?: string;
  encoding?: string;
}

/**
 * A client error of the body parser: a 4xx `status` with its `type`, or (a decompression error of a
 * body that claims gzip or deflate and is not) the 4xx the parser gave a stream's error, marked
 * `expose` as http-errors marks client errors. Not a 500: the request was bad, not the service.
 */
function isBodyParserError(error: unknown): error is BodyParserError {
  const candidate = error as Partial<BodyParserError> & { expose?: unknown };
  return (
    typeof candidate?.status === 'number' &&
    candidate.status >= 400 &&
    candidate.status < 500 &&
    (typeof candidate.type === 'string' || candidate.expose === true)
  );
}

const BODY_PARSER_MESSAGES: Record<string, (error: BodyParserError) => string> = {
  'entity.parse.failed': () => 'Failed to read request: malformed JSON',
  'entity.too.large': () => 'Failed to read request: request body is too large',
  'charset.unsupported': (error) => `Content-Type charset '${error.charset ?? ''}' is not supported, use UTF-8`,
  'encoding.unsupported': (error) => `Content-Encoding '${error.encoding ?? ''}' is not supported`,
};

/**
 * What the exception filter hands back on Nest's RPC pipeline (the MQTT server, and the HTTP
 * operations front): the answer's status and its ErrorResponse.
 */
export interface ErrorReply {
  status: number;
  payload: unknown;
}

export function isErrorReply(value: unknown): value is ErrorReply {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorReply).status === 'number' &&
    'payload' in value
  );
}

const logger = new Logger('ArrowheadExceptionFilter');

function classify(exception: unknown, where: string | undefined, traceId: string | undefined): { type: ExceptionType; status: number; message: string } {
  if (exception instanceof ArrowheadException) {
    return { type: exception.exceptionType, status: exception.status, message: exception.message };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    // Nest reports body-parser failures (malformed JSON) as a bare 400 with the parser's text.
    const message = status === 400 ? `Failed to read request: ${exception.message}` : exception.message;
    return fromFrameworkStatus(status, message);
  }
  if (isBodyParserError(exception)) {
    const message = BODY_PARSER_MESSAGES[exception.type ?? '']?.(exception) ?? `Failed to read request: ${exception.message}`;
    return fromFrameworkStatus(exception.status, message);
  }
  if (exception instanceof QueryFailedError) {
    logger.error(traced(traceId, `Database operation failed at ${where ?? 'unknown origin'}: ${exception.message}`), exception.stack);
    return { type: ExceptionType.INTERNAL_SERVER_ERROR, status: 500, message: 'Database operation error' };
  }
  const error = exception instanceof Error ? exception : new Error(String(exception));
  logger.error(traced(traceId, `Unexpected error at ${where ?? 'unknown origin'}: ${error.message}`), error.stack);
  return { type: ExceptionType.INTERNAL_SERVER_ERROR, status: 500, message: 'Internal server error' };
}

/**
 * The one place errors become ErrorResponses: status and body for a request that came by
 * `transport` to `origin` (SPEC.md §7.3). Used by the filter below, and by the HTTP operations
 * front for what fails before a handler is reached (body, media type).
 */
export function errorReplyOf(exception: unknown, transport: Transport, origin: string | undefined, traceId: string | undefined): ErrorReply {
  const { type, status, message } = classify(exception, origin, traceId);
  const body: ErrorResponseDto = { errorMessage: message, errorCode: status, exceptionType: type };
  // SPEC.md §5.1: HTTP authentication (and other filter) errors carry no origin; everything else does.
  const fromFilter = type === ExceptionType.AUTH || (exception instanceof ArrowheadException && exception.fromFilter);
  if (origin !== undefined && !(transport === 'http' && fromFilter)) {
    body.origin = origin;
  }
  return { status, payload: body };
}

/**
 * Errors of every handler, either pipeline: on Express the answer is written here; on Nest's RPC
 * pipeline (MQTT, and the HTTP operations front) it is handed back as an erroring observable,
 * the way RPC filters report, and the server writes it.
 */
@Catch()
export class ArrowheadExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    const reply = errorReplyOf(exception, transportOf(host), originOf(host), traceIdOf(host));
    if (host.getType() === 'rpc') {
      return throwError(() => reply);
    }
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) {
      return undefined;
    }
    response.status(reply.status).json(reply.payload);
    return undefined;
  }
}
