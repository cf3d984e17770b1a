import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { runWithTrace } from './trace-context';

const HEADER = 'x-request-id';

/** Gives every HTTP request an id (the caller's X-Request-Id, or a new one) for its log lines, echoed in the response. */
@Injectable()
export class RequestTraceMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const given = request.headers[HEADER];
    const traceId = typeof given === 'string' && given.trim() !== '' && given.length <= 200 ? given.trim() : randomUUID();
    response.setHeader('X-Request-Id', traceId);
    runWithTrace(traceId, next);
  }
}
