import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ArrowheadException } from '../arrowhead/arrowhead.exception';
import { JSON_TOO_DEEP_MESSAGE, jsonDeeperThan } from './json-depth';

/** A parsed body nested deeper than the limit is a 400 (before anything recursive sees it). */
export function assertJsonDepth(body: unknown): void {
  if (jsonDeeperThan(body)) throw ArrowheadException.invalidParameter(JSON_TOO_DEEP_MESSAGE);
}

/** HTTP half of the nesting limit (the MQTT server checks the envelope's payload): 400 before anything recursive sees the body. */
@Injectable()
export class JsonDepthMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    assertJsonDepth(request.body);
    next();
  }
}
