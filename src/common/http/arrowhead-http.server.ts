import { BadRequestException, Logger } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import bodyParser from 'body-parser';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, RequestHandler, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { lastValueFrom } from 'rxjs';
import { traced } from '../../logging/trace-context';
import { startTrace } from '../../logging/request-trace.middleware';
import type { MetricsService } from '../../metrics/metrics.service';
import { recordWhenAnswered } from '../../metrics/http-metrics.middleware';
import { errorReplyOf, isErrorReply } from '../arrowhead/arrowhead-exception.filter';
import type { ArrowheadOperationExtras } from '../arrowhead/arrowhead-operation.decorator';
import { assertJsonBody, jsonBodyParserOptions } from '../arrowhead/json-content-type.middleware';
import { assertJsonDepth } from '../validation/json-depth.middleware';
import { ArrowheadExpressAdapter, parseQueryString } from './arrowhead-express-adapter';
import type { TLSSocket } from 'node:tls';

/** Malformed JSON, as Nest's router hands it to the filter on the Express way (RoutesResolver.mapExternalException). */
function asNestReportsIt(error: unknown): unknown {
  return error instanceof SyntaxError && (error as SyntaxError & { status?: number }).status === 400 ? new BadRequestException(error.message) : error;
}

export interface ArrowheadHttpServerOptions {
  /** BODY_LIMIT, as Express's JSON body parser has it. */
  bodyLimit: string;
  /** Where answered requests are counted (as Express's requests are). */
  metrics?: MetricsService;
}

/**
 * How the application reads HTTP requests, one way for bootstrap and the tests: Express's JSON
 * body parser, and the operations front ahead of Express with the same options.
 */
export function readHttpRequests(app: NestExpressApplication, adapter: ArrowheadExpressAdapter, options: ArrowheadHttpServerOptions): void {
  app.useBodyParser('json', jsonBodyParserOptions(options.bodyLimit));
  app.connectMicroservice({ strategy: new ArrowheadHttpServer(adapter, options) }, { inheritAppConfig: true });
}

/** The context an operation's handler gets on this front: `transportOf` tells it from MQTT's. */
export class HttpOperationContext extends BaseRpcContext<[path: string]> {}

interface FrontOperation {
  handler: MessageHandler;
  path: string;
  successStatus: number;
}

/**
 * The HTTP operations front: the request of an operation whose path is fixed (pull, lock create,
 * store queries, ...) is read here and handed to the operation's handler through Nest's RPC
 * pipeline, the one MQTT requests take (same guard, pipe and exception filter), instead of
 * through Express's router and Nest's HTTP pipeline, which cost about twice as much CPU per pull
 * (issue 11). The steps of the Express way are the same functions: request id, metrics, media
 * type (415), the same JSON body parser (limit, charset, encodings), nesting depth, then the
 * handler; the answer is written by the adapter's `reply`. The request keeps Node's prototype
 * (swapping it for Express's, as Express does, left request and response slow for the rest of
 * the request and cost most of what the front saves): what handlers read of Express's request
 * (`query`, `protocol`, `params`, `originalUrl`) is set as plain properties.
 *
 * Declined, so that Express serves them as before: requests with an `Origin` (CORS), operations
 * with path variables or HTTP-only aliases, and everything that names no operation (health,
 * metrics, OpenAPI, 404s).
 */
export class ArrowheadHttpServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(ArrowheadHttpServer.name);
  private readonly operations = new Map<string, FrontOperation>();
  private readonly jsonParser: RequestHandler;

  constructor(
    private readonly adapter: ArrowheadExpressAdapter,
    private readonly options: ArrowheadHttpServerOptions,
  ) {
    super();
    this.jsonParser = bodyParser.json(jsonBodyParserOptions(options.bodyLimit));
  }

  listen(callback: () => void): void {
    for (const handler of this.messageHandlers.values()) {
      const extras = handler.extras as Partial<ArrowheadOperationExtras> | undefined;
      if (!extras?.http || extras.http.path.includes(':')) continue;
      this.operations.set(`${extras.http.method} ${extras.http.path}`, { handler, path: extras.http.path, successStatus: extras.successStatus ?? 200 });
    }
    this.adapter.takeRequestsFirst((request, response) => this.take(request, response));
    callback();
  }

  close(): void {
    this.adapter.takeRequestsFirst(undefined);
  }

  on(): void {
    throw new Error('ArrowheadHttpServer has no events');
  }

  unwrap<T>(): T {
    throw new Error('ArrowheadHttpServer wraps no client');
  }

  private take(incoming: IncomingMessage, response: ServerResponse): boolean {
    // A browser's cross-origin request takes the CORS middleware's way.
    if (incoming.headers.origin !== undefined) return false;
    const url = incoming.url ?? '';
    const queryAt = url.indexOf('?');
    const operation = this.operations.get(`${incoming.method} ${queryAt < 0 ? url : url.slice(0, queryAt)}`);
    if (operation === undefined) return false;
    // What Express's request adds and the handlers read (request-context.ts), as plain properties.
    const request = Object.assign(incoming, {
      originalUrl: url,
      params: {},
      query: parseQueryString(queryAt < 0 ? undefined : url.slice(queryAt + 1)),
      // As Express has it without 'trust proxy': from the connection.
      protocol: (incoming.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http',
    }) as unknown as Request;
    const traceId = startTrace(request, response);
    this.serve(operation, request, response as Response, traceId).catch((error: unknown) => {
      // Not even an error answer could be written: the connection is all that is left to end.
      this.logger.error(traced(traceId, `Could not answer ${request.method} ${operation.path}`), (error as Error)?.stack);
      response.destroy();
    });
    return true;
  }

  private async serve(operation: FrontOperation, request: Request, response: Response, traceId: string): Promise<void> {
    if (this.options.metrics) recordWhenAnswered(this.options.metrics, request, response, () => operation.path);
    try {
      await this.readBody(request, response);
      const result = await lastValueFrom(this.transformToObservable(await operation.handler(request, new HttpOperationContext([operation.path]))), {
        defaultValue: undefined,
      });
      this.adapter.reply(response, result, operation.successStatus);
    } catch (error) {
      // The filter's reply from the pipeline; anything else failed before it (body, media type) or around it.
      const reply = isErrorReply(error) ? error : errorReplyOf(error, 'http', `${request.method} ${operation.path}`, traceId);
      if (!response.headersSent) this.adapter.reply(response, reply.payload, reply.status);
    }
  }

  /** As the Express way reads a body: JSON body parser, media type (415), then nesting depth. */
  private async readBody(request: Request, response: Response): Promise<void> {
    await new Promise<void>((resolve, reject) => this.jsonParser(request, response, (error?: unknown) => (error ? reject(asNestReportsIt(error)) : resolve())));
    assertJsonBody(request);
    assertJsonDepth(request.body);
  }
}
