import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { routeOfPath } from '../common/arrowhead/routes';
import { MetricsService } from './metrics.service';

/**
 * Counts and times an HTTP request once it is answered, labelled by its route (the registered
 * path, not the raw URL), which `routeOf` tells once the request has been routed.
 */
export function recordWhenAnswered(metrics: MetricsService, request: IncomingMessage, response: ServerResponse, routeOf: () => string | undefined): void {
  const started = process.hrtime.bigint();
  response.on('finish', () => {
    const route = routeOf();
    const operation = route ? `${request.method} ${route}` : 'unmatched';
    const management = route ? (routeOfPath(route)?.management ?? false) : false;
    metrics.recordRequest('http', operation, response.statusCode, Number(process.hrtime.bigint() - started) / 1e9, management);
  });
}

/** {@link recordWhenAnswered} for requests that take Express's way. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    recordWhenAnswered(this.metrics, request, response, () => (request.route as { path?: string } | undefined)?.path);
    next();
  }
}
