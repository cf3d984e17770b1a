import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { throwError } from 'rxjs';
import { QueryFailedError } from 'typeorm';
import { ErrorResponseDto } from '../dto/error-response.dto';
import { ArrowheadException, ExceptionType } from './arrowhead.exception';
import { MqttErrorReply } from './mqtt-envelope';
import { originOf, transportOf } from './request-context';

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

/** body-parser errors (malformed JSON, oversize body, bad charset or encoding) carry a 4xx `status` and a `type`. */
interface BodyParserError {
  status: number;
  type: string;
  message: string;
  charset?: string;
  encoding?: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  const candidate = error as Partial<BodyParserError>;
  return typeof candidate?.status === 'number' && candidate.status >= 400 && candidate.status < 500 && typeof candidate?.type === 'string';
}

const BODY_PARSER_MESSAGES: Record<string, (error: BodyParserError) => string> = {
  'entity.parse.failed': () => 'Failed to read request: malformed JSON',
  'entity.too.large': () => 'Failed to read request: request body is too large',
  'charset.unsupported': (error) => `Content-Type charset '${error.charset ?? ''}' is not supported, use UTF-8`,
  'encoding.unsupported': (error) => `Content-Encoding '${error.encoding ?? ''}' is not supported`,
};

/**
 * The one place errors become ErrorResponses, for HTTP (response body) and MQTT (reply payload,
 * handed to the MQTT server as an erroring observable, the way RPC filters report).
 */
@Catch()
export class ArrowheadExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ArrowheadExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost) {
    const transport = transportOf(host);
    const { type, status, message } = this.classify(exception, host);
    const body: ErrorResponseDto = { errorMessage: message, errorCode: status, exceptionType: type };
    // SPEC.md §5.1: HTTP authentication errors carry no origin; everything else does.
    const origin = transport === 'http' && type === ExceptionType.AUTH ? undefined : originOf(host);
    if (origin !== undefined) {
      body.origin = origin;
    }

    if (transport === 'mqtt') {
      const reply: MqttErrorReply = { status, payload: body };
      return throwError(() => reply);
    }
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) {
      return undefined;
    }
    response.status(status).json(body);
    return undefined;
  }

  private classify(exception: unknown, host: ArgumentsHost): { type: ExceptionType; status: number; message: string } {
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
      const message = BODY_PARSER_MESSAGES[exception.type]?.(exception) ?? `Failed to read request: ${exception.message}`;
      return fromFrameworkStatus(exception.status, message);
    }
    const where = originOf(host) ?? 'unknown origin';
    if (exception instanceof QueryFailedError) {
      this.logger.error(`Database operation failed at ${where}: ${exception.message}`, exception.stack);
      return { type: ExceptionType.INTERNAL_SERVER_ERROR, status: 500, message: 'Database operation error' };
    }
    const error = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error(`Unexpected error at ${where}: ${error.message}`, error.stack);
    return { type: ExceptionType.INTERNAL_SERVER_ERROR, status: 500, message: 'Internal server error' };
  }
}
