import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { runWithTrace } from './trace-context';

const HEADER = 'x-request-id';

/** The caller's X-Request-Id when it is a sane one, or a new id. */
export function requestTraceId(request: IncomingMessage): string {
  const given = request.headers[HEADER];
  return typeof given === 'string' && given.trim() !== '' && given.length <= 200 ? given.trim() : randomUUID();
}

/** Gives every HTTP request an id (the caller's X-Request-Id, or a new one) for its log lines, echoed in the response. */
@Injectable()
export class RequestTraceMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const traceId = requestTraceId(request);
    response.setHeader('X-Request-Id', traceId);
    runWithTrace(traceId, next);
  }
}
