import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { routeOfPath } from '../common/arrowhead/routes';
import { MetricsService } from './metrics.service';

/** Counts and times every HTTP request once it is answered, labelled by its route (not its raw URL). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path;
      const operation = route ? `${request.method} ${route}` : 'unmatched';
      const management = route ? (routeOfPath(route)?.management ?? false) : false;
      this.metrics.recordRequest('http', operation, response.statusCode, Number(process.hrtime.bigint() - started) / 1e9, management);
    });
    next();
  }
}
