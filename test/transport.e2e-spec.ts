import { createServer, Server } from 'node:net';
import { startService } from '../src/bootstrap';
import { loadConfig } from '../src/config/app-config';
import { invoke, TRANSPORTS } from './support/operations';
import { TestService } from './support/service';

const LOCK_HTTP = '/serviceorchestration/orchestration/mgmt/lock';
const LOCK_MQTT = 'arrowhead/serviceorchestration/orchestration/management/lock';
const ECHO = { method: 'GET' as const, path: '/serviceorchestration/monitor/echo', topic: 'arrowhead/serviceorchestration/monitor/echo' };
const LOCK_QUERY = { method: 'POST' as const, path: `${LOCK_HTTP}/query`, topic: `${LOCK_MQTT}/query` };
const lockBody = (instance: string) => ({ locks: [{ serviceInstanceId: instance, owner: 'Owner', expiresAt: '2099-01-01T00:00:00Z' }] });

describe('default policies (declared authentication, sysop-only management)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await TestService.start();
  });
  afterAll(async () => service?.close());
  beforeEach(async () => service.truncate('orchestration_lock'));

  describe('authentication', () => {
    it.each([
      ['no header', null, 'No authorization header has been provided'],
      ['a blank header', '  ', 'No authorization header has been provided'],
      ['two spaces', 'Bearer  SYSTEM//Sysop', 'Invalid authorization header'],
      ['a lower-case scheme', 'bearer SYSTEM//Sysop', 'Invalid authorization header'],
      ['an empty name', 'Bearer SYSTEM//', 'Invalid authorization header'],
      ['three parts', 'Bearer SYSTEM//A//B', 'Invalid authorization header'],
      ['another scheme', 'Bearer IDENTITY-TOKEN//abc', 'Invalid authorization header'],
    ])('answers 401 without origin over HTTP for %s', async (_, authorization, message) => {
      const reply = await invoke(service, 'http', ECHO, { authorization });
      expect(reply).toEqual({ status: 401, body: { errorMessage: message, errorCode: 401, exceptionType: 'AUTH' } });
    });

    it.each([
      ['no info', null, 'No authentication info has been provided'],
      ['an empty name', 'Bearer SYSTEM//', 'Invalid authentication info'],
      ['a colon', 'Bearer SYSTEM:Sysop', 'Invalid authentication info'],
      ['the HTTP form', 'Bearer Bearer SYSTEM//Sysop', 'Invalid authentication info'],
    ])('answers 401 with origin and no receiver over MQTT for %s', async (_, authorization, message) => {
      const reply = await service.mqtt(LOCK_QUERY.topic, { authentication: authorization === null ? undefined : authorization.replace(/^Bearer /, '') });
      expect(reply).toEqual({
        status: 401,
        traceId: expect.any(String),
        payload: { errorMessage: message, errorCode: 401, exceptionType: 'AUTH', origin: LOCK_QUERY.topic },
      });
    });
  });

  describe.each(TRANSPORTS)('management policy over %s', (transport) => {
    it('forbids management operations to other systems with 403', async () => {
      const reply = await invoke(service, transport, LOCK_QUERY, { authorization: 'Bearer SYSTEM//TemperatureManager' });
      expect(reply.status).toBe(403);
      expect(reply.body).toEqual({
        errorMessage: 'Requester has no management permission',
        errorCode: 403,
        exceptionType: 'FORBIDDEN',
        origin: transport === 'http' ? `POST ${LOCK_QUERY.path}` : LOCK_QUERY.topic,
      });
    });

    it('lets the sysop in under any spelling that normalizes to Sysop', async () => {
      const reply = await invoke(service, transport, LOCK_QUERY, { authorization: 'Bearer SYSTEM//sysop' });
      expect(reply).toEqual({ status: 200, body: { entries: [], count: 0 } });
    });
  });

  it('names the requester as receiver of an MQTT 403', async () => {
    const reply = await service.mqtt(LOCK_QUERY.topic, { authentication: 'SYSTEM//some-system' });
    expect(reply.status).toBe(403);
    expect(reply.receiver).toBe('SomeSystem');
  });

  describe('monitor echo', () => {
    it('answers any authenticated system: "Got it!" as text over HTTP', async () => {
      const response = await service.http.get(ECHO.path).set('Authorization', 'Bearer SYSTEM//AnyConsumer');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.text).toBe('Got it!');
    });

    it('answers "Got it" over MQTT', async () => {
      const reply = await service.mqtt(ECHO.topic, { authentication: 'SYSTEM//AnyConsumer', traceId: 'echo-1' });
      expect(reply).toEqual({ status: 200, traceId: 'echo-1', receiver: 'AnyConsumer', payload: 'Got it' });
    });
  });

  describe('MQTT request template', () => {
    it('defaults a missing qosRequirement to 0 and accepts a numeric string', async () => {
      expect((await service.mqtt(ECHO.topic, { qosRequirement: undefined })).status).toBe(200);
      expect((await service.mqtt(ECHO.topic, { qosRequirement: '2' })).status).toBe(200);
    });

    it('answers an out-of-range qosRequirement with 400', async () => {
      const reply = await service.mqtt(ECHO.topic, { qosRequirement: 7 });
      expect(reply.status).toBe(400);
      expect(reply.payload).toEqual({
        errorMessage: 'Unknown MQTT QoS value:7',
        errorCode: 400,
        exceptionType: 'INVALID_PARAMETER',
        origin: ECHO.topic,
      });
    });

    it('runs a request without responseTopic but sends no reply', async () => {
      const replies = await service.mqttUnanswered(`${LOCK_MQTT}/create`, { authentication: 'SYSTEM//Sysop', payload: lockBody('Quiet|svc|1.0.0') }, false);
      expect(replies).toEqual([]);
      const reply = await service.mqtt(LOCK_QUERY.topic, { payload: { serviceInstanceIds: ['Quiet|svc|1.0.0'] } });
      expect(reply.payload.count).toBe(1);
    });

    it('drops messages that are not a JSON request template and keeps serving', async () => {
      const client = await service.mqttClient();
      client.publish(ECHO.topic, 'not json');
      client.publish(ECHO.topic, '[1,2]');
      expect((await service.mqtt(ECHO.topic)).payload).toBe('Got it');
    });

    it('ignores unknown template and payload fields, and coerces params to strings', async () => {
      const created = await service.mqtt(`${LOCK_MQTT}/create`, { extra: 1, payload: { ...lockBody('A|svc|1.0.0'), futureField: true } });
      expect(created.status).toBe(201);
      const removed = await service.mqtt(`${LOCK_MQTT}/remove`, { params: { owner: 'Owner', unused: true }, payload: ['A|svc|1.0.0'] });
      expect(removed).toEqual({ status: 200, traceId: expect.any(String), receiver: 'Sysop', payload: '' });
    });
  });

  describe('HTTP framework errors keep their status and get the ErrorResponse shape', () => {
    it('answers malformed JSON with 400', async () => {
      const response = await service.http
        .post(`${LOCK_HTTP}/create`)
        .set('Authorization', 'Bearer SYSTEM//Sysop')
        .set('Content-Type', 'application/json')
        .send('{"locks": [');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ errorCode: 400, exceptionType: 'INVALID_PARAMETER', origin: `POST ${LOCK_HTTP}/create` });
      expect(response.body.errorMessage).toMatch(/^Failed to read request/);
    });

    it('answers an oversize body with 413 and stores nothing', async () => {
      const locks = Array.from({ length: 20_000 }, (_, index) => lockBody(`P${index}|svc|1.0.0`).locks[0]);
      const response = await service.http.post(`${LOCK_HTTP}/create`).set('Authorization', 'Bearer SYSTEM//Sysop').send({ locks });
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ errorCode: 413, exceptionType: 'INVALID_PARAMETER' });
      expect(await service.dataSource.query('SELECT id FROM orchestration_lock')).toEqual([]);
    });

    it('answers a body that is not JSON with 415', async () => {
      const response = await service.http
        .post(`${LOCK_HTTP}/create`)
        .set('Authorization', 'Bearer SYSTEM//Sysop')
        .set('Content-Type', 'text/plain')
        .send('locks');
      expect(response.status).toBe(415);
      expect(response.body).toEqual({
        errorMessage: "Content-Type 'text/plain' is not supported, use application/json",
        errorCode: 415,
        exceptionType: 'INVALID_PARAMETER',
        origin: `POST ${LOCK_HTTP}/create`,
      });
    });

    it('answers an unknown path with 404', async () => {
      const response = await service.http.get('/serviceorchestration/nothing-here').set('Authorization', 'Bearer SYSTEM//Sysop');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ errorCode: 404, exceptionType: 'DATA_NOT_FOUND' });
    });

    it('does not answer on topics it does not serve (only exact operation topics are subscribed)', async () => {
      const replies = await service.mqttUnanswered(`${LOCK_MQTT}/unknown`, { authentication: 'SYSTEM//Sysop' }, true);
      expect(replies).toEqual([]);
    });
  });
});

describe('whitelist management policy', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await TestService.start({ MANAGEMENT_POLICY: 'whitelist', MANAGEMENT_WHITELIST: 'temperature-manager, Operator2' });
  });
  afterAll(async () => service?.close());

  it.each(TRANSPORTS)('lets whitelisted systems (names normalized) manage over %s, and no one else', async (transport) => {
    expect((await invoke(service, transport, LOCK_QUERY, { authorization: 'Bearer SYSTEM//TemperatureManager' })).status).toBe(200);
    expect((await invoke(service, transport, LOCK_QUERY, { authorization: 'Bearer SYSTEM//Operator2' })).status).toBe(200);
    expect((await invoke(service, transport, LOCK_QUERY, { authorization: 'Bearer SYSTEM//Sysop' })).status).toBe(200);
    expect((await invoke(service, transport, LOCK_QUERY, { authorization: 'Bearer SYSTEM//Intruder' })).status).toBe(403);
  });
});

describe('management filter switched off', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await TestService.start({ ENABLE_MANAGEMENT_FILTER: 'false', MQTT_ENABLED: 'false' });
  });
  afterAll(async () => service?.close());

  it('lets any authenticated system manage, and still requires authentication', async () => {
    expect((await invoke(service, 'http', LOCK_QUERY, { authorization: 'Bearer SYSTEM//Anyone' })).status).toBe(200);
    expect((await invoke(service, 'http', LOCK_QUERY, { authorization: null })).status).toBe(401);
    expect(service.running.mqttUrl).toBeUndefined();
  });
});

describe('start-up with the embedded broker', () => {
  let blocker: Server;
  let port: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(async () => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('refuses to start on a taken MQTT port with a message that says what to set', async () => {
    const config = loadConfig({ PORT: '0', MQTT_PORT: String(port), DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused' });
    await expect(startService(config, { logger: false })).rejects.toThrow(
      `MQTT port ${port} is already in use, so the embedded broker cannot start. Set MQTT_URL to use that broker, or MQTT_PORT to start the embedded one on a free port (or MQTT_ENABLED=false).`,
    );
  });
});
