import { NestApplicationOptions, RequestMethod, StreamableFile } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import express from 'express';
import type { Request, Response } from 'express';
import { createServer as createHttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { parse as parseQuery, type ParsedUrlQuery } from 'node:querystring';
import { StatusResult } from '../arrowhead/status-result';

/** Query strings without Node's silent cut at 1000 pairs: a longer list is refused (MAX_BULK), not shortened. */
export function parseQueryString(query: string | null | undefined): ParsedUrlQuery {
  return query ? parseQuery(query, '&', '=', { maxKeys: 0 }) : {};
}

/** Takes an HTTP request ahead of Express (true), or declines it (false). */
export type RequestTaker = (request: IncomingMessage, response: ServerResponse) => boolean;

/** How Nest hands over the path of `forRoutes('*path')` (and its `{*path}` spelling). */
const EVERY_PATH = new Set(['/*path', '/{*path}']);

/**
 * Express as the wire contract needs it, and with a cheaper answer path.
 *
 * Express routes case-insensitively and ignores a trailing slash by default: `/MGMT/lock/query`
 * and `/lock/query/` would reach the handlers. The wire contract's paths are exact, so any other
 * spelling (letter case, doubled or trailing slash, percent-encoded letters) is a 404. The router
 * takes these settings when it is created, so they are set on the instance before the adapter
 * (whose constructor creates the router) wraps it.
 * Query strings are parsed without Node's silent cut at 1000 pairs: a longer list is refused
 * (MAX_BULK) instead of being shortened.
 */
export class ArrowheadExpressAdapter extends ExpressAdapter {
  constructor() {
    const instance = express();
    instance.set('case sensitive routing', true);
    instance.set('strict routing', true);
    instance.set('query parser', parseQueryString);
    // No ETag: answers are computed per request and never revalidated; hashing each body is waste.
    instance.set('etag', false);
    instance.disable('x-powered-by');
    super(instance);
  }

  private takeFirst?: RequestTaker;

  /** What `taker` declines goes to Express; undefined sends everything to Express. */
  takeRequestsFirst(taker: RequestTaker | undefined): void {
    this.takeFirst = taker;
  }

  /** The listener asks the request taker (the HTTP operations front) before Express. */
  override initHttpServer(options: NestApplicationOptions): void {
    const app = this.getInstance<express.Express>();
    const listener = (request: IncomingMessage, response: ServerResponse) => {
      if (!this.takeFirst?.(request, response)) app(request, response);
    };
    this.setHttpServer(options?.httpsOptions ? createHttpsServer(options.httpsOptions, listener) : createHttpServer(listener));
  }

  /**
   * A response Express's methods (`status`, `send`) work on. One answered outside Express's router
   * (the operations front) is prepared as Express's entry point does it (its prototypes, cross
   * links), and only when an answer needs Express: changing an object's prototype is not free.
   */
  private expressResponse(response: Response): Response {
    if (typeof response.send === 'function') return response;
    const app = this.getInstance<express.Express>();
    const request = (response as unknown as ServerResponse).req as Request;
    Object.setPrototypeOf(request, app.request);
    Object.setPrototypeOf(response, app.response);
    request.res = response;
    response.locals ??= Object.create(null);
    return response;
  }

  /**
   * Middleware bound to every route (`forRoutes({ path: '*path', method: ALL })`) is mounted as
   * app-level middleware, not as an `all('/*path')` route: a route layer costs each request a
   * path-to-regexp match and a method dispatch, per middleware (issue 11: mounting the four
   * app-level saved 7–10% of an HTTP pull's CPU). The middleware then also sees `/`, which the pattern missed.
   */
  override createMiddlewareFactory(requestMethod: RequestMethod): (path: string, callback: Function) => unknown {
    const register = super.createMiddlewareFactory(requestMethod);
    return (path, callback) =>
      requestMethod === RequestMethod.ALL && EVERY_PATH.has(path) ? this.getInstance<express.Express>().use(callback as express.RequestHandler) : register(path, callback);
  }

  /**
   * A handler's JSON answer written at once. Express's `res.json` → `res.send` sets the Content-Type
   * and then parses it back to add a charset, checks freshness and measures the text again, on
   * every answer (issue 11). Same status, headers and bytes; anything else goes Express's way.
   * A StatusResult (subscribe, unsubscribe, echo) sets its own status and Content-Type.
   */
  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    if (body instanceof StatusResult) {
      if (body.httpContentType) response.setHeader('Content-Type', body.httpContentType);
      return this.reply(response, body.body, body.status);
    }
    if (body === null || typeof body !== 'object' || body instanceof StreamableFile || ArrayBuffer.isView(body) || response.headersSent || response.hasHeader('Content-Type')) {
      return super.reply(this.expressResponse(response), body, statusCode);
    }
    const text = JSON.stringify(body);
    if (statusCode) response.statusCode = statusCode;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.setHeader('Content-Length', Buffer.byteLength(text));
    return response.end(text);
  }
}
