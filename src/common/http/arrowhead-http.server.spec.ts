import { Controller, createParamDecorator, ExecutionContext, Logger, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { RequestTraceMiddleware } from '../../logging/request-trace.middleware';
import { ArrowheadExceptionFilter } from '../arrowhead/arrowhead-exception.filter';
import { ArrowheadHttpAlias, ArrowheadOperation } from '../arrowhead/arrowhead-operation.decorator';
import { ArrowheadParam, ArrowheadPathOrPayload, ArrowheadPayload, ArrowheadTransport } from '../arrowhead/arrowhead-params.decorator';
import { ArrowheadException } from '../arrowhead/arrowhead.exception';
import { JsonContentTypeMiddleware } from '../arrowhead/json-content-type.middleware';
import { StatusResult } from '../arrowhead/status-result';
import { JsonDepthMiddleware } from '../validation/json-depth.middleware';
import { ArrowheadExpressAdapter } from './arrowhead-express-adapter';
import { readHttpRequests } from './arrowhead-http.server';

const H = '/serviceorchestration/orchestration';
const T = 'arrowhead/serviceorchestration/orchestration';
const BODY_LIMIT = '2kb';

/** Which Nest pipeline ran the handler: 'rpc' through the front, 'http' through Express. */
const Pipeline = createParamDecorator((_: unknown, context: ExecutionContext) => context.getType());

@Controller()
class ProbeController {
  @ArrowheadOperation({ method: 'POST', path: `${H}/pull`, topic: `${T}/pull`, status: 200 })
  pull(@ArrowheadPayload() payload: unknown, @ArrowheadParam('trigger') trigger: string | undefined, @ArrowheadTransport() transport: string, @Pipeline() pipeline: string) {
    if ((payload as { fail?: boolean } | null)?.fail) throw ArrowheadException.invalidParameter('Told to fail');
    // An answer JSON cannot write: a 500, not a dropped connection.
    if ((payload as { unwritable?: boolean } | null)?.unwritable) return { count: BigInt(1) };
    return { payload, trigger, transport, pipeline };
  }

  @ArrowheadOperation({ method: 'POST', path: `${H}/subscribe`, topic: `${T}/subscribe`, status: 201 })
  subscribe(@Pipeline() pipeline: string): StatusResult<string> {
    return new StatusResult(200, `replaced via ${pipeline}`, 'text/plain; charset=utf-8');
  }

  @ArrowheadOperation({ method: 'DELETE', path: `${H}/unsubscribe/:id`, topic: `${T}/unsubscribe`, status: 200 })
  unsubscribe(@ArrowheadPathOrPayload('id') id: unknown, @Pipeline() pipeline: string) {
    return { id, pipeline };
  }

  @ArrowheadHttpAlias({ method: 'PUT', path: `${H}/pull-alias`, topic: `${T}/pull`, status: 200 })
  alias(@Pipeline() pipeline: string) {
    return { pipeline };
  }
}

@Module({ controllers: [ProbeController], providers: [{ provide: APP_FILTER, useClass: ArrowheadExceptionFilter }] })
class ProbeModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // As AppModule binds them for the Express way.
    consumer.apply(RequestTraceMiddleware, JsonContentTypeMiddleware, JsonDepthMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}

describe('ArrowheadHttpServer (the HTTP operations front)', () => {
  let app: NestExpressApplication;
  let base: string;

  beforeAll(async () => {
    // The unwritable answer is logged as an unexpected error; not in the test output.
    Logger.overrideLogger(false);
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    const adapter = new ArrowheadExpressAdapter();
    app = moduleRef.createNestApplication<NestExpressApplication>(adapter, { bodyParser: false, logger: false });
    readHttpRequests(app, adapter, { bodyLimit: BODY_LIMIT });
    await app.init();
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(() => app.close());

  /** The same request, through the front, and (with an Origin, which the front declines) through Express. */
  async function bothWays(path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}) {
    const answer = async (headers: Record<string, string>) => {
      const response = await fetch(`${base}${path}`, { method: init.method ?? 'POST', headers: { ...init.headers, ...headers }, body: init.body });
      return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
    };
    return { front: await answer({}), express: await answer({ Origin: 'https://console.example' }) };
  }

  it('serves an operation with a fixed path through the RPC pipeline, as HTTP, and leaves Origin requests to Express', async () => {
    const { front, express } = await bothWays(`${H}/pull?trigger=yes`, { headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
    expect(JSON.parse(front.text)).toEqual({ payload: { a: 1 }, trigger: 'yes', transport: 'http', pipeline: 'rpc' });
    expect(JSON.parse(express.text)).toEqual({ payload: { a: 1 }, trigger: 'yes', transport: 'http', pipeline: 'http' });
  });

  it('leaves path variables and HTTP-only aliases to Express', async () => {
    expect(await (await fetch(`${base}${H}/unsubscribe/42`, { method: 'DELETE' })).json()).toEqual({ id: '42', pipeline: 'http' });
    expect(await (await fetch(`${base}${H}/pull-alias`, { method: 'PUT' })).json()).toEqual({ pipeline: 'http' });
  });

  it.each([
    ['a JSON body', { headers: { 'Content-Type': 'application/json' }, body: '{"serviceRequirement":{"serviceDefinition":"x"}}' }],
    ['no body', {}],
    ['an empty JSON body', { headers: { 'Content-Type': 'application/json', 'Content-Length': '0' }, body: '' }],
    ['a gzipped JSON body', { headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: gzipSync('{"a":[1,2]}') }],
    ['a body that claims gzip and is not', { headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: '{}' }],
    ['malformed JSON', { headers: { 'Content-Type': 'application/json' }, body: '{"a":' }],
    ['a JSON string (not strict)', { headers: { 'Content-Type': 'application/json' }, body: '"text"' }],
    ['a non-JSON body', { headers: { 'Content-Type': 'text/plain' }, body: 'hello' }],
    ['a Latin-1 JSON body', { headers: { 'Content-Type': 'application/json; charset=ISO-8859-1' }, body: '{}' }],
    ['an unknown encoding', { headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'br2' }, body: '{}' }],
    ['JSON nested too deep', { headers: { 'Content-Type': 'application/json' }, body: `${'['.repeat(70)}${']'.repeat(70)}` }],
    ['a body over the limit', { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ a: 'x'.repeat(3000) }) }],
    ['an error from the handler', { headers: { 'Content-Type': 'application/json' }, body: '{"fail":true}' }],
  ])('answers %s as the Express way does, never with a 500', async (_, init) => {
    const { front, express } = await bothWays(`${H}/pull`, init);
    expect(front.status).toBeLessThan(500);
    expect(front.status).toBe(express.status);
    expect(front.type).toBe(express.type);
    expect(front.text.replace('"pipeline":"rpc"', '"pipeline":"http"')).toBe(express.text);
  });

  it('answers an answer JSON cannot write with the same 500 as the Express way', async () => {
    const { front, express } = await bothWays(`${H}/pull`, { headers: { 'Content-Type': 'application/json' }, body: '{"unwritable":true}' });
    expect(front).toEqual(express);
    expect(front.status).toBe(500);
  });

  it("writes a StatusResult's own status and Content-Type", async () => {
    const response = await fetch(`${base}${H}/subscribe`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('replaced via rpc');
  });

  it("echoes the caller's X-Request-Id, or gives one", async () => {
    const given = await fetch(`${base}${H}/pull`, { method: 'POST', headers: { 'X-Request-Id': 'trace-1' } });
    expect(given.headers.get('x-request-id')).toBe('trace-1');
    const fresh = await fetch(`${base}${H}/pull`, { method: 'POST' });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([`${H}/Pull`, `${H}/pull/`, `/serviceorchestration//orchestration/pull`, `${H}/%70ull`])('takes only the exact path: %s is a 404', async (path) => {
    expect((await fetch(`${base}${path}`, { method: 'POST' })).status).toBe(404);
  });
});
