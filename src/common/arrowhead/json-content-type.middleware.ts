import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ArrowheadException, ExceptionType } from './arrowhead.exception';

/** 415 is not among the Arrowhead exception types' statuses, so it gets its own small exception. */
export class UnsupportedMediaTypeException extends ArrowheadException {
  constructor(contentType: string) {
    super(ExceptionType.INVALID_PARAMETER, `Content-Type '${contentType}' is not supported, use application/json`);
  }

  override get status(): number {
    return 415;
  }
}

/**
 * A request body that is not JSON is refused with 415, as the reference's framework does
 * (SPEC.md §3.1), rather than being read as "no payload".
 */
@Injectable()
export class JsonContentTypeMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    const contentType = request.headers['content-type'];
    if (hasBody && !/^application\/([\w.+-]*\+)?json\b/i.test(contentType ?? '')) {
      throw new UnsupportedMediaTypeException(contentType ?? 'none');
    }
    next();
  }
}
