import { randomBytes, randomUUID } from 'node:crypto';
import { invoke, Reply, Transport, TRANSPORTS } from './support/operations';
import { TestService } from './support/service';

/**
 * Issue 8, the HTTP side and the input bounds: what a hostile or careless client sends gets the
 * documented ErrorResponse (never a 2xx it should not get, never a 500), and afterwards the
 * service still answers on both transports.
 */
const H = '/serviceorchestration';
const T = 'arrowhead/serviceorchestration';
const PLAIN = 'Bearer SYSTEM//PlainSystem';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
interface Operation {
  method: Method;
  path: string;
  topic: string;
}

const MANAGEMENT: Operation[] = [
  { method: 'POST', path: `${H}/orchestration/mgmt/simple-store/query`, topic: `${T}/orchestration/management/store/query` },
  { method: 'POST', path: `${H}/orchestration/mgmt/simple-store/create`, topic: `${T}/orchestration/management/store/create` },
  { method: 'PUT', path: `${H}/orchestration/mgmt/simple-store/modify-priorities`, topic: `${T}/orchestration/management/store/modify-priorities` },
  { method: 'DELETE', path: `${H}/orchestration/mgmt/simple-store/remove`, topic: `${T}/orchestration/management/store/remove` },
  { method: 'POST', path: `${H}/orchestration/mgmt/lock/create`, topic: `${T}/orchestration/management/lock/create` },
  { method: 'POST', path: `${H}/orchestration/mgmt/lock/query`, topic: `${T}/orchestration/management/lock/query` },
  { method: 'DELETE', path: `${H}/orchestration/mgmt/lock/remove/Owner`, topic: `${T}/orchestration/management/lock/remove` },
  { method: 'POST', path: `${H}/orchestration/mgmt/push/subscribe`, topic: `${T}/orchestration/management/push/subscribe` },
  { method: 'DELETE', path: `${H}/orchestration/mgmt/push/unsubscribe`, topic: `${T}/orchestration/management/push/unsubscribe` },
  { method: 'POST', path: `${H}/orchestration/mgmt/push/trigger`, topic: `${T}/orchestration/management/push/trigger` },
  { method: 'POST', path: `${H}/orchestration/mgmt/push/query`, topic: `${T}/orchestration/management/push/query` },
  { method: 'POST', path: `${H}/orchestration/mgmt/history/query`, topic: `${T}/orchestration/management/history/query` },
  { method: 'POST', path: `${H}/general/mgmt/logs`, topic: `${T}/general/management/get-log` },
  { method: 'GET', path: `${H}/general/mgmt/get-config`, topic: `${T}/general/management/get-config` },
];
const PULL: Operation = { method: 'POST', path: `${H}/orchestration/pull`, topic: `${T}/orchestration/pull` };
const SUBSCRIBE: Operation = { method: 'POST', path: `${H}/orchestration/subscribe`, topic: `${T}/orchestration/subscribe` };
const PUSH_SUBSCRIBE = MANAGEMENT[7];
const BODY_OPERATIONS: Operation[] = [PULL, SUBSCRIBE, ...MANAGEMENT.filter((operation) => operation.method === 'POST' || operation.method === 'PUT')];

/** Every spelling of a path a client could try instead of the documented one. */
function variants(path: string): [string, string][] {
  // The first letter after `/mgmt/`: the service (simple-store, lock, ...) or the operation (get-config).
  const letter = path.indexOf('/mgmt/') + '/mgmt/'.length;
  const code = path.charCodeAt(letter).toString(16).toUpperCase();
  return [
    ['upper case', path.toUpperCase()],
    ['MGMT', path.replace('/mgmt/', '/MGMT/')],
    ['Mgmt', path.replace('/mgmt/', '/Mgmt/')],
    ['capitalized service', `${path.slice(0, letter)}${path.charAt(letter).toUpperCase()}${path.slice(letter + 1)}`],
    ['trailing slash', `${path}/`],
    ['doubled slash', path.replace('/mgmt/', '//mgmt/')],
    ['leading doubled slash', `/${path}`],
    ['percent-encoded letter', `${path.slice(0, letter)}%${code}${path.slice(letter + 1)}`],
    ['percent-encoded m of mgmt', path.replace('/mgmt/', '/%6Dgmt/')],
  ];
}

function expectErrorResponse(reply: Reply, status: number, message?: string | RegExp): void {
  expect(reply.status).toBe(status);
  expect(reply.body).toMatchObject({ errorCode: status, errorMessage: message ?? expect.any(String), exceptionType: expect.any(String) });
}

/** A list of `count` distinct strings. */
function many(count: number, make: (index: number) => string = (index) => `E${index}`): string[] {
  return Array.from({ length: count }, (_, index) => make(index));
}

describe('hostile input (HTTP edges and input bounds)', () => {
  let service: TestService;

  async function stillAnswers(): Promise<void> {
    const http = await service.http.get(`${H}/monitor/echo`).set('Authorization', PLAIN);
    expect([http.status, http.text]).toEqual([200, 'Got it!']);
    const mqtt = await service.mqtt(`${T}/monitor/echo`, { authentication: 'SYSTEM//PlainSystem' });
    expect([mqtt.status, mqtt.payload]).toEqual([200, 'Got it']);
  }

  beforeAll(async () => {
    // 15,000-entry MQTT requests (about 1.3 MB) must reach the MAX_BULK check, not the payload limit.
    service = await TestService.start({ MQTT_MAX_PAYLOAD: '4mb' });
  });
  afterAll(async () => service?.close());

  describe('management is a property of the operation, and paths are exact', () => {
    it.each(MANAGEMENT.map((operation) => [`${operation.method} ${operation.path}`, operation]))(
      'no spelling of %s reaches a handler (404 ErrorResponse, for a plain system and the sysop alike)',
      async (_, operation) => {
        for (const [how, path] of variants(operation.path)) {
          for (const authorization of [PLAIN, 'Bearer SYSTEM//Sysop']) {
            const reply = await invoke(service, 'http', { ...operation, path, body: operation.method === 'GET' || operation.method === 'DELETE' ? undefined : {} }, { authorization });
            expect([how, path, reply.status]).toEqual([how, path, 404]);
            expectErrorResponse(reply, 404);
          }
        }
        const exact = await invoke(service, 'http', { ...operation, body: operation.method === 'GET' || operation.method === 'DELETE' ? undefined : {} }, { authorization: PLAIN });
        expectErrorResponse(exact, 403, 'Requester has no management permission');
        await stillAnswers();
      },
    );

    it('a management topic in another letter case is not served (no reply), the documented one refuses a plain system', async () => {
      const client = await service.mqttClient();
      const replies: string[] = [];
      const prefix = `hostile-${randomBytes(4).toString('hex')}`;
      client.on('message', (topic) => replies.push(topic));
      await client.subscribeAsync(`${prefix}/#`, { qos: 1 });
      for (const topic of [`${T}/orchestration/MANAGEMENT/lock/query`, `${T}/orchestration/management/lock/Query`, `${T}/orchestration/management//lock/query`]) {
        client.publish(topic, JSON.stringify({ authentication: 'SYSTEM//PlainSystem', responseTopic: `${prefix}/variant`, payload: {} }), { qos: 1 });
      }
      // The documented topic, sent last on the same connection, is answered; the variants never are.
      const refused = await service.mqtt(`${T}/orchestration/management/lock/query`, { authentication: 'SYSTEM//PlainSystem', payload: {} });
      expect(refused.status).toBe(403);
      await stillAnswers();
      expect(replies).toEqual([]);
    });

    it('the API description and the metrics say which operations are management', async () => {
      const document = (await service.http.get('/v3/api-docs')).body;
      expect(document.paths[`${H}/orchestration/mgmt/lock/query`].post['x-management']).toBe(true);
      expect(document.paths[`${H}/orchestration/pull`].post['x-management']).toBe(false);
      expect(document.paths[`${H}/monitor/echo`].get['x-management']).toBe(false);
      const metrics = (await service.http.get('/metrics')).text;
      expect(metrics).toMatch(/arrowhead_requests_total\{transport="http",operation="POST \/serviceorchestration\/orchestration\/mgmt\/lock\/query",status="403",management="true"\} [1-9]/);
      expect(metrics).toMatch(/arrowhead_requests_total\{transport="mqtt",operation="arrowhead\/serviceorchestration\/monitor\/echo",status="200",management="false"\} [1-9]/);
    });
  });

  describe('Content-Type charset', () => {
    it.each(BODY_OPERATIONS.map((operation) => [`${operation.method} ${operation.path}`, operation]))('%s refuses every charset but UTF-8 with 415', async (_, operation) => {
      for (const charset of ['ISO-8859-1', 'utf-16', 'UTF-16LE', '"latin1"', 'us-ascii', 'utf8']) {
        const response = await service.http[operation.method.toLowerCase() as 'post' | 'put'](operation.path)
          .set('Authorization', 'Bearer SYSTEM//Sysop')
          .set('Content-Type', `application/json; charset=${charset}`)
          .send('{}');
        expect([charset, response.status]).toEqual([charset, 415]);
        expectErrorResponse({ status: response.status, body: response.body }, 415, /^Content-Type charset '.+' is not supported, use UTF-8$/);
      }
      const utf8 = await service.http[operation.method.toLowerCase() as 'post' | 'put'](operation.path)
        .set('Authorization', 'Bearer SYSTEM//Sysop')
        .set('Content-Type', 'application/json; charset=UTF-8')
        .send('{}');
      expect(utf8.status).not.toBe(415);
      expect(utf8.status).toBeLessThan(500);
      await stillAnswers();
    });

    it.each(['gzip', 'deflate'])('a body that claims %s and is not compressed is a 400 ErrorResponse, not a 500', async (encoding) => {
      const response = await service.http.post(PULL.path).set('Authorization', PLAIN).set('Content-Type', 'application/json').set('Content-Encoding', encoding).send('{}');
      expectErrorResponse({ status: response.status, body: response.body }, 400, /^Failed to read request: /);
    });

    it('an unknown Content-Encoding is a 415 ErrorResponse too', async () => {
      const response = await service.http.post(PULL.path).set('Authorization', PLAIN).set('Content-Type', 'application/json').set('Content-Encoding', 'compress').send('{}');
      expectErrorResponse({ status: response.status, body: response.body }, 415, "Content-Encoding 'compress' is not supported");
      await stillAnswers();
    });
  });

  describe('MAX_BULK (default 1000) entries in any list of a request', () => {
    const TOO_MANY = 1001;
    const uuids = (count: number) => many(count, () => randomUUID());
    const CASES: { name: string; operation: Operation; body?: unknown; query?: string; params?: Record<string, unknown> }[] = [
      { name: 'store create entries', operation: MANAGEMENT[1], body: { entries: many(TOO_MANY, (i) => ({ consumer: 'C', serviceInstanceId: `P${i}|svc|1.0.0`, priority: i + 1 }) as never) } },
      { name: 'store create candidates', operation: MANAGEMENT[1], body: { candidates: many(TOO_MANY, (i) => ({ consumer: 'C', serviceInstanceId: `P${i}|svc|1.0.0`, priority: i + 1 }) as never) } },
      { name: 'store query filter', operation: MANAGEMENT[0], body: { consumerNames: many(TOO_MANY) } },
      { name: 'priority map', operation: MANAGEMENT[2], body: Object.fromEntries(uuids(TOO_MANY).map((id, index) => [id, index + 1])) },
      // Short values on HTTP: a URL of 1001 UUIDs would exceed Node's 16 KiB header limit (431) first.
      { name: 'store remove ids', operation: MANAGEMENT[3], body: uuids(TOO_MANY), query: many(TOO_MANY, () => 'uuids=a').join('&') },
      { name: 'lock create', operation: MANAGEMENT[4], body: { locks: many(TOO_MANY, (i) => ({ serviceInstanceId: `P${i}|svc|1.0.0`, owner: 'Owner', expiresAt: '2099-01-01T00:00:00Z' }) as never) } },
      { name: 'lock query filter', operation: MANAGEMENT[5], body: { owners: many(TOO_MANY) } },
      { name: 'lock remove instance ids', operation: MANAGEMENT[6], body: many(TOO_MANY, (i) => `P${i}|svc|1.0.0`), query: `instanceIds=${many(TOO_MANY, () => 'a').join(',')}`, params: { owner: 'Owner' } },
      { name: 'bulk subscribe', operation: MANAGEMENT[7], body: { subscriptions: many(TOO_MANY, () => ({}) as never) } },
      { name: 'push unsubscribe ids', operation: MANAGEMENT[8], body: uuids(TOO_MANY), query: many(TOO_MANY, () => 'ids=a').join('&') },
      { name: 'trigger target systems', operation: MANAGEMENT[9], body: { targetSystems: many(TOO_MANY) } },
      { name: 'trigger subscription ids', operation: MANAGEMENT[9], body: { subscriptionIds: uuids(TOO_MANY) } },
      { name: 'push query filter', operation: MANAGEMENT[10], body: { serviceDefinitions: many(TOO_MANY) } },
      { name: 'history query filter', operation: MANAGEMENT[11], body: { requesterSystems: many(TOO_MANY) } },
      { name: 'get-config keys', operation: MANAGEMENT[13], body: many(TOO_MANY), query: many(TOO_MANY).map((key) => `keys=${key}`).join('&') },
      { name: 'pull preferred providers', operation: PULL, body: { serviceRequirement: { serviceDefinition: 'svc', preferredProviders: many(TOO_MANY) } } },
      { name: 'pull orchestration flags', operation: PULL, body: { orchestrationFlags: Object.fromEntries(many(TOO_MANY).map((key) => [key, true])) } },
    ];

    describe.each(TRANSPORTS)('over %s', (transport: Transport) => {
      it.each(CASES.map((entry) => [entry.name, entry]))('%s: 1001 entries → 400', async (_, entry) => {
        const viaUrl = transport === 'http' && (entry.operation.method === 'GET' || entry.operation.method === 'DELETE');
        const reply = await invoke(service, transport, {
          ...entry.operation,
          body: viaUrl ? undefined : entry.body,
          query: viaUrl ? entry.query : undefined,
          params: entry.params,
        });
        expectErrorResponse(reply, 400, /^Too many entries in .+: 1001, at most 1000 are allowed$/);
        await stillAnswers();
      });
    });

    it('a lock create and a store create of 15,000 entries over MQTT are a 400, not a database error', async () => {
      const locks = many(15_000, (i) => ({ serviceInstanceId: `P${i}|svc|1.0.0`, owner: 'Owner', expiresAt: '2099-01-01T00:00:00Z' }) as never);
      const lockReply = await service.mqtt(MANAGEMENT[4].topic, { payload: { locks } });
      expectErrorResponse({ status: lockReply.status, body: lockReply.payload }, 400, "Too many entries in 'locks': 15000, at most 1000 are allowed");
      const entries = many(15_000, (i) => ({ consumer: 'C', serviceInstanceId: `P${i}|svc|1.0.0`, priority: i + 1 }) as never);
      const storeReply = await service.mqtt(MANAGEMENT[1].topic, { payload: { entries } });
      expectErrorResponse({ status: storeReply.status, body: storeReply.payload }, 400, "Too many entries in 'entries': 15000, at most 1000 are allowed");
      await stillAnswers();
    });

    it('exactly MAX_BULK entries are accepted (store create, then remove)', async () => {
      const consumer = `Bulk${randomBytes(3).toString('hex')}`;
      const entries = many(1000, (i) => ({ consumer, serviceInstanceId: `P${i}|svc|1.0.0`, priority: i + 1 }) as never);
      const created = await service.mqtt(MANAGEMENT[1].topic, { payload: { entries } }, 30_000);
      expect(created.status).toBe(201);
      expect(created.payload.count).toBe(1000);
      const removed = await service.mqtt(MANAGEMENT[3].topic, { payload: created.payload.entries.map((rule: { id: string }) => rule.id) }, 30_000);
      expect(removed.status).toBe(200);
      await stillAnswers();
    });
  });

  describe('notify properties and NUL characters', () => {
    const notify = (properties: Record<string, string>) => ({ notifyInterface: { protocol: 'MQTT', properties } });
    const PROPERTY_CASES: [string, Record<string, string>, string | RegExp][] = [
      ['33 properties', Object.fromEntries([['topic', 'consumer/push'], ...many(32).map((key) => [key, 'x'])]), 'Notify properties has too many entries: 33, at most 32 are allowed'],
      ['a key of 1,025 characters', { topic: 'consumer/push', ['k'.repeat(1025)]: 'x' }, 'Notify property key is too long, at most 1024 characters are allowed'],
      ['a value of 1,025 characters', { topic: 'consumer/push', extra: 'v'.repeat(1025) }, 'Notify property extra is too long, at most 1024 characters are allowed'],
      ['a control character in a value', { topic: 'consumer/push', extra: 'a\u0007b' }, 'Notify property extra contains a control character'],
      ['a line break inside a value', { topic: 'consumer/push', extra: 'a\nb' }, 'Notify property extra contains a control character'],
      ['a control character in a key', { topic: 'consumer/push', 'ex\u001btra': 'x' }, 'Notify property key contains a control character'],
      ['a NUL in a value', { topic: 'consumer/\u0000push' }, "Invalid character in 'notifyInterface.properties.topic': NUL is not allowed"],
      ['a NUL in a key', { topic: 'consumer/push', 'a\u0000': 'x' }, "Invalid character in a key of 'notifyInterface.properties': NUL is not allowed"],
    ];

    describe.each(TRANSPORTS)('over %s', (transport: Transport) => {
      it.each(PROPERTY_CASES)('subscribe with %s → 400', async (_, properties, message) => {
        const own = await invoke(service, transport, { ...SUBSCRIBE, body: notify(properties) }, { authorization: PLAIN });
        expectErrorResponse(own, 400, message);
        const bulk = await invoke(service, transport, {
          ...PUSH_SUBSCRIBE,
          body: { subscriptions: [{ targetSystemName: 'Target', ...notify(properties) }] },
        });
        expectErrorResponse(bulk, 400, message.toString().startsWith('Invalid character') ? /NUL is not allowed$/ : message);
        await stillAnswers();
      });

      it('32 properties with keys and values of 1,024 characters are accepted', async () => {
        const properties = Object.fromEntries([['topic', `consumer/${'t'.repeat(1015)}`], ...many(31, (i) => `${i}`.padEnd(1024, 'k')).map((key) => [key, 'v'.repeat(1024)])]);
        const reply = await invoke(service, transport, { ...SUBSCRIBE, body: notify(properties) }, { authorization: PLAIN });
        expect([200, 201]).toContain(reply.status);
        await stillAnswers();
      });

      it.each<[string, Operation, unknown, string]>([
        ['a store rule', MANAGEMENT[1], { entries: [{ consumer: 'Con\u0000sumer', serviceInstanceId: 'P|svc|1.0.0', priority: 1 }] }, "'entries[0].consumer'"],
        ['a lock owner', MANAGEMENT[4], { locks: [{ serviceInstanceId: 'P|svc|1.0.0', owner: 'Ow\u0000ner', expiresAt: '2099-01-01T00:00:00Z' }] }, "'locks[0].owner'"],
        ['a pull request', PULL, { serviceRequirement: { serviceDefinition: 'svc\u0000' } }, "'serviceRequirement.serviceDefinition'"],
        ['a log filter', MANAGEMENT[12], { logger: 'a\u0000' }, "'logger'"],
        ['a history filter', MANAGEMENT[11], { requesterSystems: ['A\u0000'] }, "'requesterSystems[0]'"],
        ['a priority map key', MANAGEMENT[2], { 'a\u0000': 1 }, 'a key of the payload'],
      ])('a NUL in %s → 400 before the database sees it', async (_, operation, body, where) => {
        const reply = await invoke(service, transport, { ...operation, body });
        expectErrorResponse(reply, 400, `Invalid character in ${where}: NUL is not allowed`);
        await stillAnswers();
      });
    });

    it('a NUL in an unsubscribe id (HTTP path, MQTT payload) → 400', async () => {
      const http = await service.http.delete(`${H}/orchestration/unsubscribe/a%00b`).set('Authorization', PLAIN);
      expectErrorResponse({ status: http.status, body: http.body }, 400, "Invalid character in 'id': NUL is not allowed");
      const mqtt = await service.mqtt(`${T}/orchestration/unsubscribe`, { authentication: 'SYSTEM//PlainSystem', payload: 'a\u0000b' });
      expectErrorResponse({ status: mqtt.status, body: mqtt.payload }, 400, "Invalid character in 'id': NUL is not allowed");
      await stillAnswers();
    });

    it('a NUL in the declared requester name (MQTT) → 400, never a database error', async () => {
      const reply = await service.mqtt(PULL.topic, { authentication: 'SYSTEM//Plain\u0000System', payload: {} });
      expectErrorResponse({ status: reply.status, body: reply.payload }, 400, "Invalid character in 'requester.systemName': NUL is not allowed");
      await stillAnswers();
    });
  });

  describe('unsubscribe paths a client should not send', () => {
    it.each([
      ['5,000 [', '['.repeat(5000)],
      ['2,000 percent-encoded [', '%5B'.repeat(2000)],
      ['[] and ]', '[]]['.repeat(1000)],
      ['a malformed percent escape', '%E0%A4%A'],
      ['a lone %', '%'],
    ])('%s → 400 ErrorResponse', async (_, id) => {
      const response = await service.http.delete(`${H}/orchestration/unsubscribe/${id}`).set('Authorization', PLAIN);
      expectErrorResponse({ status: response.status, body: response.body }, 400);
      await stillAnswers();
    });

    it('5,000 nested [ as the MQTT unsubscribe payload → 4xx', async () => {
      // Written out by hand: JSON.stringify itself overflows on such nesting.
      const client = await service.mqttClient();
      const responseTopic = `hostile-${randomBytes(4).toString('hex')}/reply`;
      await client.subscribeAsync(responseTopic, { qos: 1 });
      const reply = new Promise<{ status: number }>((resolve) => client.on('message', (topic, message) => topic === responseTopic && resolve(JSON.parse(message.toString()))));
      const nested = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      client.publish(`${T}/orchestration/unsubscribe`, `{"authentication":"SYSTEM//PlainSystem","responseTopic":"${responseTopic}","payload":${nested}}`, { qos: 1 });
      const { status } = await reply;
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      await stillAnswers();
    });
  });

  describe('identities', () => {
    it.each([['SYSTEM//ſysop'], ['SYSTEM// ſysop '], ['SYSTEM//ſ_ysop']])('%s is not the sysop (403 on management, 400 on pull)', async (authentication) => {
      const management = await service.mqtt(`${T}/orchestration/management/lock/query`, { authentication, payload: {} });
      expectErrorResponse({ status: management.status, body: management.payload }, 403, 'Requester has no management permission');
      expect(management.receiver).not.toBe('Sysop');
      const pull = await service.mqtt(PULL.topic, { authentication, payload: {} });
      expectErrorResponse({ status: pull.status, body: pull.payload }, 400, /^The specified system name does not match the naming convention: /);
      await stillAnswers();
    });
  });
});

describe('hostile input under a whitelist and a smaller MAX_BULK', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await TestService.start({ MANAGEMENT_POLICY: 'whitelist', MANAGEMENT_WHITELIST: 'ſysop, Ünïcode, operator', MAX_BULK: '3' });
  });
  afterAll(async () => service?.close());

  it.each<[string, number]>([
    ['SYSTEM//operator', 200],
    ['SYSTEM//Operator', 200],
    ['SYSTEM//ſysop', 403],
    ['SYSTEM//Sysop', 200],
    ['SYSTEM//Ünïcode', 403],
    ['SYSTEM//ünïcode', 403],
  ])('%s → %d on a management operation', async (authentication, status) => {
    const reply = await service.mqtt(`${T}/orchestration/management/lock/query`, { authentication, payload: {} });
    expect(reply.status).toBe(status);
  });

  it.each(TRANSPORTS)('MAX_BULK is configurable (%s)', async (transport) => {
    const reply = await invoke(service, transport, { ...MANAGEMENT[5], body: { owners: ['A', 'B', 'C', 'D'] } });
    expectErrorResponse(reply, 400, "Too many entries in 'owners': 4, at most 3 are allowed");
    const fine = await invoke(service, transport, { ...MANAGEMENT[5], body: { owners: ['A', 'B', 'C'] } });
    expect(fine.status).toBe(200);
    expect((await service.http.get(`${H}/monitor/echo`).set('Authorization', PLAIN)).status).toBe(200);
    expect((await service.mqtt(`${T}/monitor/echo`)).status).toBe(200);
  });
});
