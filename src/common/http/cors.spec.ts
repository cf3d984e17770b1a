import express from 'express';
import request from 'supertest';
import { corsMiddleware } from './cors';

// SPEC-cloud.md §7.
describe('corsMiddleware', () => {
  function app(origins: string[]) {
    const server = express();
    server.use(corsMiddleware(origins));
    server.all('/{*path}', (_request, response) => {
      response.status(401).json({ errorMessage: 'reached the API' });
    });
    return server;
  }

  it.each([
    [['*'], 'https://ui.example', true],
    [['*'], 'null', true],
    [['https://ui.example'], 'https://ui.example', true],
    [['https://ui.example/'], 'HTTPS://UI.EXAMPLE', true],
    [['https://ui.example'], 'https://ui.example.evil', false],
    [['https://ui.example'], 'http://ui.example', false],
    [['https://*.example.com'], 'https://console.example.com', true],
    [['https://*.example.com'], 'https://a.b.example.com', true],
    [['https://*.example.com'], 'https://example.com', false],
    [['https://*.example.com'], 'https://example.com.evil', false],
    [['https://ui.example', 'http://localhost:*'], 'http://localhost:3000', true],
  ])('origins %j, preflight from %s → allowed %s', async (origins, origin, allowed) => {
    const answer = await request(app(origins)).options('/x').set('Origin', origin).set('Access-Control-Request-Method', 'DELETE');
    expect(answer.status).toBe(allowed ? 200 : 403);
    expect(answer.headers['access-control-allow-origin']).toBe(allowed ? origin : undefined);
  });

  it.each([
    ['PATCH', undefined],
    ['GET', 'X-Custom'],
    ['POST', 'content-type, x-request-id'],
  ])('refuses a preflight asking %s with headers %s', async (method, headers) => {
    const call = request(app(['*'])).options('/x').set('Origin', 'https://ui.example').set('Access-Control-Request-Method', method);
    const answer = await (headers ? call.set('Access-Control-Request-Headers', headers) : call);
    expect(answer.status).toBe(403);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets other requests through, with CORS headers for allowed origins only', async () => {
    const allowed = await request(app(['https://ui.example'])).get('/x').set('Origin', 'https://ui.example');
    expect(allowed.status).toBe(401);
    expect(allowed.headers).toMatchObject({ 'access-control-allow-origin': 'https://ui.example', 'access-control-allow-credentials': 'true', vary: 'Origin' });
    const foreign = await request(app(['https://ui.example'])).get('/x').set('Origin', 'https://other.example');
    expect(foreign.status).toBe(401);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    // An OPTIONS request that is not a preflight is the API's business.
    expect((await request(app(['*'])).options('/x').set('Origin', 'https://ui.example')).status).toBe(401);
  });

  it('ignores an absurdly long Origin', async () => {
    const origin = `https://${'a'.repeat(5000)}.example`;
    const answer = await request(app(['*'])).options('/x').set('Origin', origin).set('Access-Control-Request-Method', 'GET');
    expect(answer.status).toBe(403);
  });
});
