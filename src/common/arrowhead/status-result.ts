import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { transportOf } from './request-context';

/**
 * A result whose success status depends on what happened (subscribe: 201 new / 200 replaced;
 * unsubscribe: 200 removed / 204 nothing to remove). Services return it; the interceptor below
 * applies it on HTTP and the MQTT server reads it for the reply.
 */
export class StatusResult<T = unknown> {
  constructor(
    readonly status: number,
    readonly body?: T,
    /** HTTP Content-Type of a successful answer (errors stay JSON); MQTT payloads are always JSON. */
    readonly httpContentType?: string,
  ) {}
}

/**
 * Sets the HTTP status of a StatusResult and sends its body; leaves MQTT results to the MQTT server.
 * Applied (`@UseInterceptors`) only to the controllers whose handlers return a StatusResult, not
 * globally: any interceptor costs every request an AsyncResource and an Observable pipeline
 * (measured, issue 11), and pull returns a plain body.
 */
@Injectable()
export class StatusResultInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (transportOf(context) !== 'http') {
      return next.handle();
    }
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof StatusResult)) return result;
        const response = context.switchToHttp().getResponse<Response>();
        response.status(result.status);
        if (result.httpContentType) response.setHeader('Content-Type', result.httpContentType);
        return result.body;
      }),
    );
  }
}
