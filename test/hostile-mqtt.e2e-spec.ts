import { randomBytes } from 'node:crypto';
import { connectAsync, IClientOptions, MqttClient } from 'mqtt';
import { CleanerService } from '../src/cleaner/cleaner.service';
import { LogEntry } from '../src/logging/log-entry.entity';
import { LogPersistenceService } from '../src/logging/log-persistence.service';
import { BrokerAccess } from '../src/mqtt/broker-access';
import { EmbeddedBroker } from '../src/mqtt/embedded-broker';
import { MqttConnection } from '../src/mqtt/mqtt-connection';
import { invoke, TRANSPORTS } from './support/operations';
import { MQTT_SYSOP, SYSOP, TestService } from './support/service';

/**
 * Hostile input over MQTT (and the limits shared with HTTP), issue 8: every case ends with the
 * service still answering on both transports.
 */
const H = '/serviceorchestration';
const T = 'arrowhead/serviceorchestration';
const ECHO = `${T}/monitor/echo`;
const LOCK_CREATE = { method: 'POST' as const, path: `${H}/orchestration/mgmt/lock/create`, topic: `${T}/orchestration/management/lock/create` };
const LOCK_QUERY = { method: 'POST' as const, path: `${H}/orchestration/mgmt/lock/query`, topic: `${T}/orchestration/management/lock/query` };
const SUBSCRIBE = { method: 'POST' as const, path: `${H}/orchestration/subscribe`, topic: `${T}/orchestration/subscribe` };
const PUSH_SUBSCRIBE = { method: 'POST' as const, path: `${H}/orchestration/mgmt/push/subscribe`, topic: `${T}/orchestration/management/push/subscribe` };
const MAX_PAYLOAD = 200 * 1024;

/**
 * JSON text nesting objects and arrays `levels` deep, written out: JSON.stringify itself
 * overflows the stack long before 100,000 levels. (Nested objects are what overflowed the
 * service's validation: 500 "Maximum call stack size exceeded".)
 */
const deepText = (levels: number): string => `${levels % 2 ? '[' : ''}${'{"a":['.repeat(levels >> 1)}1${']}'.repeat(levels >> 1)}${levels % 2 ? ']' : ''}`;

describe('hostile input', () => {
  let service: TestService;
  /** Everything the service publishes (its own client, spied on): proof that a request went unanswered. */
  let seen: Array<{ topic: string; text: string }> = [];

  beforeAll(async () => {
    service = await TestService.start({ MQTT_MAX_PAYLOAD: '200kb', LOG_MAX_ROWS: '100' });
    // Log counts below are this file's: a shared real database keeps other files' records.
    await service.truncate('logs');
    seen = service.recordOwnPublishes();
  });
  afterAll(async () => service?.close());

  /** The service answers on both transports, and its broker connection is up. */
  async function stillAnswers(): Promise<void> {
    const http = await service.http.get(`${H}/monitor/echo`).set('Authorization', SYSOP);
    expect([http.status, http.text]).toEqual([200, 'Got it!']);
    const echo = await service.mqtt(ECHO);
    expect(echo.payload).toBe('Got it');
    // The spy sees the service's replies (so seeing none for a request means there was none).
    expect(seen.some((message) => message.text.includes(`"traceId":"${echo.traceId}"`))).toBe(true);
    expect(service.running.app.get(MqttConnection).state).toBe('connected');
  }

  let raw: Promise<MqttClient> | undefined;
  async function publishRaw(topic: string, message: string | Buffer, qos: 0 | 1 | 2 = 1): Promise<void> {
    raw ??= service.mqttClient();
    await (await raw).publishAsync(topic, message, { qos });
  }

  /** Publishes JSON text as it is (too deep for JSON.stringify) and waits for the reply. */
  async function mqttText(topic: string, text: (responseTopic: string) => string): Promise<{ status: number; payload: any }> {
    const responseTopic = `${service.topicPrefix}/text/${randomBytes(4).toString('hex')}`;
    const client = await service.mqttClient();
    await client.subscribeAsync(responseTopic, { qos: 1 });
    const reply = new Promise<{ status: number; payload: any }>((resolve) => client.once('message', (_, message) => resolve(JSON.parse(message.toString()))));
    await client.publishAsync(topic, text(responseTopic), { qos: 1 });
    const answer = await reply;
    await client.endAsync();
    return answer;
  }

  async function storedLogs(fragment: string): Promise<LogEntry[]> {
    await service.running.app.get(LogPersistenceService).flush();
    return (await service.dataSource.getRepository(LogEntry).find()).filter((entry) => entry.message.includes(fragment));
  }

  describe('an invalid responseTopic: not processed, no reply, the connection survives', () => {
    it.each([
      ['70,000 bytes', 'a'.repeat(70_000)],
      ['#', '#'],
      ['+/x', '+/x'],
      ['$SYS/x', '$SYS/x'],
      ['a NUL', 'replies/\u0000x'],
      ['its own request tree', ECHO],
      ['not a string', 42],
    ])('%s', async (_, responseTopic) => {
      for (const qos of [0, 1, 2] as const) {
        const traceId = `hostile-${randomBytes(4).toString('hex')}`;
        const instance = `Hostile${randomBytes(3).toString('hex')}|kelvinInfo|1.0.0`;
        const template = {
          traceId,
          authentication: MQTT_SYSOP,
          responseTopic,
          qosRequirement: qos,
          payload: { locks: [{ serviceInstanceId: instance, owner: 'Owner', expiresAt: '2099-01-01T00:00:00Z' }] },
        };
        await publishRaw(LOCK_CREATE.topic, JSON.stringify(template), qos);
        // The echo that follows is answered: by then the hostile request has been dropped.
        await stillAnswers();
        const locks = await invoke(service, 'http', { ...LOCK_QUERY, body: { serviceInstanceIds: [instance] } });
        expect([qos, locks.body.count]).toEqual([qos, 0]);
        expect(seen.filter((message) => message.text.includes(traceId))).toEqual([]);
      }
    });

    it('leaves rate-limited WARN lines (at most 10 a minute), not one per message', async () => {
      const before = (await storedLogs('its responseTopic')).length;
      for (let index = 0; index < 30; index++) {
        await publishRaw(ECHO, JSON.stringify({ authentication: MQTT_SYSOP, responseTopic: '#' }), 0);
      }
      await stillAnswers();
      const warnings = await storedLogs('its responseTopic');
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings.length - before).toBeLessThanOrEqual(10);
      expect(warnings.every((entry) => entry.logLevel === 'WARN')).toBe(true);
    });
  });

  it('drops a request larger than MQTT_MAX_PAYLOAD unparsed, without a reply', async () => {
    const traceId = `big-${randomBytes(4).toString('hex')}`;
    const responseTopic = `${service.topicPrefix}/reply/big`;
    const message = JSON.stringify({ traceId, authentication: MQTT_SYSOP, responseTopic, payload: 'x'.repeat(MAX_PAYLOAD) });
    await publishRaw(ECHO, message);
    await stillAnswers();
    expect(seen.filter((entry) => entry.topic === responseTopic)).toEqual([]);
    expect((await storedLogs('more than MQTT_MAX_PAYLOAD')).length).toBeGreaterThan(0);
  });

  it('the embedded broker closes a connection that publishes a packet over the limit, except the service own', async () => {
    // A broker of its own, so that this also runs where the service uses an external broker (CI).
    const access = new BrokerAccess({ serviceCredentials: { username: 'TheService', password: 'its-secret' }, bindCertificates: false });
    const { broker, port } = await EmbeddedBroker.start(0, '127.0.0.1', undefined, access, {
      maxPayloadBytes: 1024,
      isExempt: (client) => access.isService(client),
    });
    try {
      const open = (options: IClientOptions) => connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, ...options });
      // The same client id does not make a connection the service's: its login does.
      const intruder = await open({ clientId: 'TheService' });
      const own = await open({ clientId: 'own', username: 'TheService', password: 'its-secret' });
      const closed = new Promise<void>((resolve) => intruder.once('close', () => resolve()));
      intruder.publish('any/topic', Buffer.alloc(100 * 1024, 'x'), { qos: 0 });
      await closed;
      await own.subscribeAsync('own/topic', { qos: 1 });
      const received = new Promise<number>((resolve) => own.once('message', (_, message) => resolve(message.length)));
      await own.publishAsync('own/topic', Buffer.alloc(100 * 1024, 'x'), { qos: 1 });
      expect(await received).toBe(100 * 1024);
      await own.endAsync();
      await intruder.endAsync();
    } finally {
      await broker.close();
    }
    await stillAnswers();
  });

  describe.each(TRANSPORTS)('JSON nesting over %s', (transport) => {
    it('answers 400 beyond 64 levels, however deep', async () => {
      // 20,000 levels: 70 KB, within this suite's MQTT_MAX_PAYLOAD.
      for (const levels of [65, 20_000]) {
        const body = deepText(levels);
        const reply =
          transport === 'http'
            ? await service.http.post(LOCK_CREATE.path).set('Authorization', SYSOP).set('Content-Type', 'application/json').send(body).then((response) => ({ status: response.status, body: response.body }))
            : await mqttText(LOCK_CREATE.topic, (responseTopic) => `{"authentication":"${MQTT_SYSOP}","responseTopic":"${responseTopic}","payload":${body}}`).then((answer) => ({ status: answer.status, body: answer.payload }));
        expect([levels, reply.status]).toEqual([levels, 400]);
        expect(reply.body).toMatchObject({
          errorMessage: 'Could not parse payload. Reason: JSON is nested deeper than 64 levels',
          errorCode: 400,
          exceptionType: 'INVALID_PARAMETER',
        });
      }
      await stillAnswers();
    });

    it('reads 64 levels as ordinary input', async () => {
      const reply = await invoke(service, transport, { ...LOCK_CREATE, body: JSON.parse(deepText(64)) });
      expect(reply.status).toBe(400);
      expect(reply.body.errorMessage).not.toMatch(/nested/);
      await stillAnswers();
    });
  });

  it.each([
    ['an object', { owner: { name: 'Owner' } }],
    ['an array', { owner: ['Owner'] }],
    ['an object without a string form', { owner: { toString: 'x', valueOf: 'y' } }],
  ])('answers 400 to MQTT params with %s as a value', async (_, params) => {
    const reply = await service.mqtt(`${T}/orchestration/management/lock/remove`, { params, payload: ['Provider|kelvinInfo|1.0.0'] });
    expect(reply.status).toBe(400);
    expect(reply.payload).toEqual({
      errorMessage: "Invalid params: the value of 'owner' must be a string, number or boolean",
      errorCode: 400,
      exceptionType: 'INVALID_PARAMETER',
      origin: `${T}/orchestration/management/lock/remove`,
    });
    await stillAnswers();
  });

  it('answers 400 to a qosRequirement without a string form', async () => {
    const client = await service.mqttClient();
    const responseTopic = `${service.topicPrefix}/qos`;
    await client.subscribeAsync(responseTopic, { qos: 1 });
    const reply = new Promise<any>((resolve) => client.once('message', (_, message) => resolve(JSON.parse(message.toString()))));
    await client.publishAsync(ECHO, JSON.stringify({ authentication: MQTT_SYSOP, responseTopic, qosRequirement: { toString: 'x' } }), { qos: 1 });
    expect(await reply).toEqual({
      status: 400,
      payload: { errorMessage: 'Unknown MQTT QoS value:[object]', errorCode: 400, exceptionType: 'INVALID_PARAMETER', origin: ECHO },
    });
    await stillAnswers();
  });

  describe.each(TRANSPORTS)('MQTT notify topics of subscriptions over %s', (transport) => {
    const notify = (topic: string) => ({ protocol: 'MQTT', properties: { topic } });
    const request = { serviceRequirement: { serviceDefinition: 'kelvinInfo' } };
    it.each([
      ['#', '#', 'Invalid notify topic: must not contain +, # or NUL'],
      ['+/x', '+/x', 'Invalid notify topic: must not contain +, # or NUL'],
      ['$SYS/x', '$SYS/x', 'Invalid notify topic: must not start with $'],
      // NUL and length are refused earlier, by the bounds on every notify property.
      ['a NUL', 'a\u0000b', /^Invalid character in '(subscriptions\[0\]\.)?notifyInterface\.properties\.topic': NUL is not allowed$/],
      ['70,000 bytes', 'a'.repeat(70_000), 'Notify property topic is too long, at most 1024 characters are allowed'],
      ['its own request tree', `${T}/orchestration/pull`, `Invalid notify topic: must not be inside ${T}/`],
    ] as Array<[string, string, string | RegExp]>)('refuses %s with 400', async (_, topic, message) => {
      const consumer = await invoke(service, transport, { ...SUBSCRIBE, body: { orchestrationRequest: request, notifyInterface: notify(topic) } }, { authorization: 'Bearer SYSTEM//TemperatureConsumer' });
      const management = await invoke(service, transport, {
        ...PUSH_SUBSCRIBE,
        body: { subscriptions: [{ targetSystemName: 'TemperatureConsumer', orchestrationRequest: request, notifyInterface: notify(topic) }] },
      });
      for (const reply of [consumer, management]) {
        expect(reply.status).toBe(400);
        expect(reply.body).toMatchObject({
          errorMessage: typeof message === 'string' ? message : expect.stringMatching(message),
          errorCode: 400,
          exceptionType: 'INVALID_PARAMETER',
        });
      }
      await stillAnswers();
    });
  });

  it('stores a bounded number of log records for a flood of malformed messages', async () => {
    const client = await service.mqttClient();
    for (let index = 0; index < 1000; index++) client.publish(ECHO, `not json ${index}`, { qos: 0 });
    await client.endAsync();
    await stillAnswers();
    const stored = await storedLogs('not JSON');
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThanOrEqual(10);
  });

  it('keeps at most LOG_MAX_ROWS log records, removing the oldest', async () => {
    const logs = service.dataSource.getRepository(LogEntry);
    await service.running.app.get(LogPersistenceService).flush();
    // Within LOG_MAX_AGE_DAYS, older than anything this run logged.
    const base = Date.now() - 24 * 60 * 60 * 1000;
    const rows = Array.from({ length: 150 }, (_, index) => ({
      logId: `old-${index}`,
      entryDate: new Date(base + index * 1000),
      logger: 'Test',
      logLevel: 'INFO',
      message: `old ${index}`,
      exception: null,
    }));
    await logs.insert(rows);
    await service.running.app.get(CleanerService).runOnce();
    await service.running.app.get(LogPersistenceService).flush();
    const remaining = await logs.find({ order: { entryDate: 'DESC' } });
    // 100 kept, plus the cleaner's own report of what it removed.
    expect(remaining.length).toBeLessThanOrEqual(100 + 5);
    expect(remaining.length).toBeGreaterThanOrEqual(100);
    expect(remaining.some((entry) => entry.logId === 'old-0')).toBe(false);
    await stillAnswers();
  });
});
