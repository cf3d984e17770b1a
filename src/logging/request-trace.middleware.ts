import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const HEADER = 'x-request-id';

/** An HTTP request with the id its log lines carry (`traceIdOf` reads it). */
export type TracedRequest = IncomingMessage & { arrowheadTraceId?: string };

/** The caller's X-Request-Id when it is a sane one, or a new id. */
function requestTraceId(request: IncomingMessage): string {
  const given = request.headers[HEADER];
  return typeof given === 'string' && given.trim() !== '' && given.length <= 200 ? given.trim() : randomUUID();
}

/** Gives the request its id (the caller's X-Request-Id, or a new one), kept on the request for its log lines and echoed in the response. */
export function startTrace(request: TracedRequest, response: ServerResponse): string {
  const traceId = requestTraceId(request);
  request.arrowheadTraceId = traceId;
  response.setHeader('X-Request-Id', traceId);
  return traceId;
}

/** {@link startTrace} for requests that take Express's way. */
@Injectable()
export class RequestTraceMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    startTrace(request, response);
    next();
  }
}
