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
  ) {}
}

/** Sets the HTTP status of a StatusResult and sends its body; leaves MQTT results to the MQTT server. */
@Injectable()
export class StatusResultInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (transportOf(context) !== 'http') {
      return next.handle();
    }
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof StatusResult)) return result;
        context.switchToHttp().getResponse<Response>().status(result.status);
        return result.body;
      }),
    );
  }
}
