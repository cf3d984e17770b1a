import type { NextFunction, Request, Response } from 'express';

const ALLOWED_METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const ALLOWED_HEADERS = ['Origin', 'Content-Type', 'Accept', 'Authorization'];
const MAX_AGE_SECONDS = 600;
/** Browsers send one origin; anything longer is not one worth matching. */
const MAX_ORIGIN_LENGTH = 2048;

/** `https://*.example.com` → a case-insensitive pattern where `*` stands for any characters. */
function originMatcher(patterns: string[]): (origin: string) => boolean {
  if (patterns.includes('*')) return () => true;
  const expressions = patterns.map(
    (pattern) => new RegExp(`^${pattern.replace(/\/+$/, '').split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i'),
  );
  return (origin) => expressions.some((expression) => expression.test(origin));
}

/**
 * CORS for browser-based consoles (SPEC-cloud.md §7, the reference's `CorsConfig`): preflights are
 * answered here, before authentication; other requests from an allowed origin get the CORS
 * headers and go on as usual.
 */
export function corsMiddleware(origins: string[]): (request: Request, response: Response, next: NextFunction) => void {
  const allowed = originMatcher(origins);
  return (request, response, next) => {
    const origin = request.headers.origin;
    const requestedMethod = request.headers['access-control-request-method'];
    if (request.method === 'OPTIONS' && typeof origin === 'string' && typeof requestedMethod === 'string') {
      const requestedHeaders = (request.headers['access-control-request-headers'] ?? '')
        .split(',')
        .map((header) => header.trim().toLowerCase())
        .filter((header) => header !== '');
      const admitted =
        origin.length <= MAX_ORIGIN_LENGTH &&
        allowed(origin) &&
        ALLOWED_METHODS.includes(requestedMethod.trim().toUpperCase()) &&
        requestedHeaders.every((header) => ALLOWED_HEADERS.some((name) => name.toLowerCase() === header));
      if (!admitted) {
        response.status(403).end();
        return;
      }
      response.vary('Origin');
      response.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': ALLOWED_METHODS.join(', '),
        'Access-Control-Allow-Headers': ALLOWED_HEADERS.join(', '),
        'Access-Control-Max-Age': String(MAX_AGE_SECONDS),
      });
      response.status(200).end();
      return;
    }
    if (typeof origin === 'string' && origin.length <= MAX_ORIGIN_LENGTH && allowed(origin)) {
      response.vary('Origin');
      response.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' });
    }
    next();
  };
}
