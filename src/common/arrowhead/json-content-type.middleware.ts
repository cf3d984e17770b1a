import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { ArrowheadException, ExceptionType } from './arrowhead.exception';

/** 415 is not among the Arrowhead exception types' statuses, so it gets its own small exception. */
export class UnsupportedMediaTypeException extends ArrowheadException {
  constructor(message: string) {
    super(ExceptionType.INVALID_PARAMETER, message);
  }

  override get status(): number {
    return 415;
  }
}

const JSON_MEDIA_TYPE = /^\s*application\/([\w.+-]*\+)?json\s*(;|$)/i;
const CHARSET = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i;

/** The `charset` parameter of a Content-Type header, lower-cased, or undefined when there is none. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = CHARSET.exec(contentType ?? '');
  return match ? (match[1] ?? match[2]).trim().toLowerCase() : undefined;
}

/**
 * What the JSON body parser may read: `application/json` in UTF-8 (RFC 8259 §8.1 allows no
 * other encoding). Anything else is left unread for {@link JsonContentTypeMiddleware} to refuse.
 */
export function isUtf8Json(request: IncomingMessage): boolean {
  const contentType = request.headers['content-type'];
  const charset = charsetOf(contentType);
  return /^\s*application\/json\s*(;|$)/i.test(contentType ?? '') && (charset === undefined || charset === 'utf-8');
}

/**
 * A request body that is not JSON, or JSON in another charset than UTF-8, is refused with 415,
 * as the reference's framework does (SPEC.md §3.1), rather than being read as "no payload".
 */
export function assertJsonBody(request: IncomingMessage): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  const contentType = request.headers['content-type'];
  if (hasBody && !JSON_MEDIA_TYPE.test(contentType ?? '')) {
    throw new UnsupportedMediaTypeException(`Content-Type '${contentType ?? 'none'}' is not supported, use application/json`);
  }
  const charset = charsetOf(contentType);
  if (hasBody && charset !== undefined && charset !== 'utf-8') {
    throw new UnsupportedMediaTypeException(`Content-Type charset '${charset}' is not supported, use UTF-8`);
  }
}

/** {@link assertJsonBody} for requests that take Express's way. */
@Injectable()
export class JsonContentTypeMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    assertJsonBody(request);
    next();
  }
}

/** The JSON body parser's options, for Express (bootstrap) and the HTTP operations front alike. */
export function jsonBodyParserOptions(limit: string): { limit: string; type: (request: IncomingMessage) => boolean } {
  return { limit, type: isUtf8Json };
}
