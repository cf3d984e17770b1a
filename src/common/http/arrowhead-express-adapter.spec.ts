import { RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AddressInfo } from 'node:net';
import { createServer, Server } from 'node:http';
import { ArrowheadExpressAdapter } from './arrowhead-express-adapter';

describe('ArrowheadExpressAdapter', () => {
  let server: Server;
  let base: string;
  let adapter: ArrowheadExpressAdapter;

  beforeAll(async () => {
    adapter = new ArrowheadExpressAdapter();
    const app = adapter.getInstance();
    // As Nest binds `forRoutes({ path: '*path', method: ALL })` middleware, and one bound to one route.
    const everywhere = adapter.createMiddlewareFactory(RequestMethod.ALL);
    everywhere('/*path', (_: Request, response: Response, next: NextFunction) => {
      response.setHeader('X-Seen-By', [response.getHeader('X-Seen-By') ?? '', 'every'].join(' ').trim());
      next();
    });
    adapter.createMiddlewareFactory(RequestMethod.GET)('/text', (_: Request, response: Response, next: NextFunction) => {
      response.setHeader('X-Seen-By', 'text-only');
      next();
    });
    app.get('/object', (_: Request, response: Response) => adapter.reply(response, { results: [{ name: 'ü' }], warnings: [] }, 201));
    app.get('/text', (_: Request, response: Response) => adapter.reply(response, 'plain', 200));
    app.get('/Exact', (_: Request, response: Response) => adapter.reply(response, {}, 200));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('writes a JSON answer as Express would: status, UTF-8 JSON type, exact length, no ETag or X-Powered-By', async () => {
    const response = await fetch(`${base}/object`);
    const text = await response.text();
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(JSON.parse(text)).toEqual({ results: [{ name: 'ü' }], warnings: [] });
    expect(response.headers.get('etag')).toBeNull();
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('leaves anything that is not a JSON object or array to Express', async () => {
    const response = await fetch(`${base}/text`);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe('plain');
  });

  it.each(['/exact', '/Exact/', '//Exact'])('routes exactly: %s is not /Exact', async (path) => {
    expect((await fetch(`${base}${path}`)).status).toBe(404);
  });

  it('mounts middleware for every route as app-level middleware (no route layer to match per request), for every path', async () => {
    const layers = (adapter.getInstance() as unknown as { router: { stack: { route?: { path: string } }[] } }).router.stack;
    expect(layers.filter((layer) => layer.route !== undefined).map((layer) => layer.route!.path)).toEqual(['/text', '/object', '/text', '/Exact']);
    expect((await fetch(`${base}/object`)).headers.get('x-seen-by')).toBe('every');
    expect((await fetch(`${base}/`)).headers.get('x-seen-by')).toBe('every');
    expect((await fetch(`${base}/nowhere/at/all`)).headers.get('x-seen-by')).toBe('every');
  });

  it('binds middleware for one route as Nest asks', async () => {
    expect((await fetch(`${base}/text`)).headers.get('x-seen-by')).toBe('text-only');
  });
});
