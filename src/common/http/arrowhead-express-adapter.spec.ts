import type { Request, Response } from 'express';
import type { AddressInfo } from 'node:net';
import { createServer, Server } from 'node:http';
import { ArrowheadExpressAdapter } from './arrowhead-express-adapter';

describe('ArrowheadExpressAdapter', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const adapter = new ArrowheadExpressAdapter();
    const app = adapter.getInstance();
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
});
