import { randomUUID } from 'node:crypto';
import { CleanerService } from '../src/cleaner/cleaner.service';
import { pick } from './support/cases/refusal';
import { CONSUMER, MQTT_NOTIFY, OTHER, SUBSCRIBE_REFUSALS, subscriber, subscription } from './support/cases/subscriptions';
import { invoke, Reply, Transport, TRANSPORTS } from './support/operations';
import { describeOnRealDatabase } from './support/real-parts';
import { TestService } from './support/service';
import { waitFor } from './support/wait';

/**
 * Subscriptions over HTTP and MQTT: serviceOrchestration subscribe/unsubscribe
 * (SPEC-orchestration.md §3–4) and serviceOrchestrationPushManagement subscribe, unsubscribe,
 * trigger and query (SPEC-management.md §2–3). Only the API contract and the stored state are
 * asserted here; push delivery is covered elsewhere.
 */

const ORCH_HTTP = '/serviceorchestration/orchestration';
const ORCH_MQTT = 'arrowhead/serviceorchestration/orchestration';
const PUSH_HTTP = `${ORCH_HTTP}/mgmt/push`;
const PUSH_MQTT = `${ORCH_MQTT}/management/push`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const ACTIVE_OR_DONE = ['PENDING', 'IN_PROGRESS', 'DONE'];

const HTTP_NOTIFY = { protocol: 'http', properties: { address: '127.0.0.1', port: '8080', method: 'POST', path: '/notify' } };

/** The subscribe example of the seed (orchestration-simple-http.md). */
const SEED_SUBSCRIPTION = {
  orchestrationRequest: {
    serviceRequirement: { serviceDefinition: 'kelvinInfo', preferredProviders: [] },
    orchestrationFlags: { MATCHMAKING: 'true', ONLY_PREFERRED: 'false' },
  },
  notifyInterface: MQTT_NOTIFY,
  duration: 100000,
};

let service: TestService;

beforeAll(async () => {
  // The dispatcher still wakes on every enqueue; the long poll only keeps it from picking up
  // rows this file inserts by SQL on its own. Receivers here are on loopback, which is blocked by default.
  service = await TestService.start({ PUSH_POLL_INTERVAL_MS: '3600000', PUSH_HTTP_BLOCKED_NETWORKS: '' });
});
afterAll(async () => service?.close());
beforeEach(async () => service.truncate('subscription', 'orchestration_job', 'orchestration_store'));

const bearer = (system: string): string => `Bearer SYSTEM//${system}`;

/**
 * HTTP subscribe answers success as text/plain; its error bodies must be JSON (checked on its own
 * in "subscribe wire details"). The error tables read a JSON error body whatever its declared
 * content type, so that one wrong header does not hide what the validation answered.
 */
async function readingJsonErrors(reply: Promise<Reply>): Promise<Reply> {
  const { status, body } = await reply;
  if (status >= 400 && typeof body === 'string' && body.startsWith('{')) return { status, body: JSON.parse(body) };
  return { status, body };
}

const subscribe = (
  transport: Transport,
  body: unknown,
  options: { consumer?: string | null; trigger?: unknown } = {},
): Promise<Reply> =>
  readingJsonErrors(
    invoke(
      service,
      transport,
      {
        method: 'POST',
        path: `${ORCH_HTTP}/subscribe`,
        topic: `${ORCH_MQTT}/subscribe`,
        body,
        query: options.trigger === undefined ? undefined : `trigger=${String(options.trigger)}`,
        params: options.trigger === undefined ? undefined : { trigger: options.trigger },
      },
      { authorization: options.consumer === null ? null : bearer(options.consumer ?? CONSUMER) },
    ),
  );

/** HTTP carries the id in the path, MQTT as the JSON string payload (undefined: no payload). */
const unsubscribe = (transport: Transport, id: string | undefined, consumer: string | null = CONSUMER): Promise<Reply> =>
  invoke(
    service,
    transport,
    {
      method: 'DELETE',
      path: `${ORCH_HTTP}/unsubscribe/${id ?? ''}`,
      topic: `${ORCH_MQTT}/unsubscribe`,
      body: transport === 'mqtt' ? id : undefined,
    },
    { authorization: consumer === null ? null : bearer(consumer) },
  );

const pushSubscribe = (transport: Transport, body: unknown, caller = 'Sysop'): Promise<Reply> =>
  invoke(service, transport, { method: 'POST', path: `${PUSH_HTTP}/subscribe`, topic: `${PUSH_MQTT}/subscribe`, body }, { authorization: bearer(caller) });

/** HTTP: repeated `ids` query parameters; MQTT: the JSON array payload (undefined: none). */
const pushUnsubscribe = (transport: Transport, ids: string[] | undefined, caller = 'Sysop'): Promise<Reply> =>
  invoke(
    service,
    transport,
    {
      method: 'DELETE',
      path: `${PUSH_HTTP}/unsubscribe`,
      topic: `${PUSH_MQTT}/unsubscribe`,
      query: ids === undefined || ids.length === 0 ? undefined : ids.map((id) => `ids=${encodeURIComponent(id)}`).join('&'),
      body: transport === 'mqtt' ? ids : undefined,
    },
    { authorization: bearer(caller) },
  );

const trigger = (transport: Transport, body: unknown, caller = 'Sysop'): Promise<Reply> =>
  invoke(service, transport, { method: 'POST', path: `${PUSH_HTTP}/trigger`, topic: `${PUSH_MQTT}/trigger`, body }, { authorization: bearer(caller) });

const query = (transport: Transport, body?: unknown, caller = 'Sysop'): Promise<Reply> =>
  invoke(service, transport, { method: 'POST', path: `${PUSH_HTTP}/query`, topic: `${PUSH_MQTT}/query`, body }, { authorization: bearer(caller) });

function invalid(message: string, origin: string) {
  return { errorMessage: message, errorCode: 400, exceptionType: 'INVALID_PARAMETER', origin };
}

function orchestrationOrigin(transport: Transport, operation: string, method = 'POST'): string {
  return transport === 'http' ? `${method} ${ORCH_HTTP}/${operation}` : `${ORCH_MQTT}/${operation}`;
}

function pushOrigin(transport: Transport, operation: string, method = 'POST'): string {
  return transport === 'http' ? `${method} ${PUSH_HTTP}/${operation}` : `${PUSH_MQTT}/${operation}`;
}

/** Every stored subscription as push query shows it, oldest first. */
async function storedSubscriptions(): Promise<any[]> {
  const response = await service.http
    .post(`${PUSH_HTTP}/query`)
    .set('Authorization', bearer('Sysop'))
    .send({ pagination: { page: 0, size: 100, sortField: 'createdAt', direction: 'ASC' } });
  expect(response.status).toBe(200);
  return response.body.entries;
}

async function storedRows(): Promise<{ id: string; owner: string; target: string; definition: string | null }[]> {
  return service.dataSource.query(
    'SELECT id, owner_system AS owner, target_system AS target, service_definition AS definition FROM subscription ORDER BY created_at, id',
  );
}

interface JobRow {
  id: string;
  status: string;
  type: string;
  requesterSystem: string;
  targetSystem: string;
  serviceDefinition: string | null;
  subscriptionId: string | null;
}

async function storedJobs(): Promise<JobRow[]> {
  return service.dataSource.query(
    `SELECT id, status, type, requester_system AS "requesterSystem", target_system AS "targetSystem",
            service_definition AS "serviceDefinition", subscription_id AS "subscriptionId"
       FROM orchestration_job ORDER BY created_at, id`,
  );
}

async function insertJob(subscriptionId: string, target: string, status: 'PENDING' | 'IN_PROGRESS', definition: string | null = null): Promise<string> {
  const id = randomUUID();
  await service.dataSource.query(
    `INSERT INTO orchestration_job (id, status, type, requester_system, target_system, service_definition, subscription_id, created_at, started_at, lease_expires_at)
     VALUES ($1, $2, 'PUSH', 'Sysop', $3, $4, $5, now() - interval '5 seconds', $6, $7)`,
    [
      id,
      status,
      target,
      definition,
      subscriptionId,
      status === 'IN_PROGRESS' ? new Date(Date.now() - 5000) : null,
      status === 'IN_PROGRESS' ? new Date(Date.now() + 3_600_000) : null,
    ],
  );
  return id;
}

/** Creates subscriptions through push management (no job is created) and returns their ids. */
async function managed(...entries: unknown[]): Promise<string[]> {
  const reply = await pushSubscribe('http', { subscriptions: entries });
  expect(reply.status).toBe(201);
  return reply.body.entries.map((entry: any) => entry.id);
}

/** A consumer's own subscription, created over HTTP. */
async function own(consumer: string, body: unknown = subscription('kelvinInfo')): Promise<string> {
  const reply = await subscribe('http', body, { consumer });
  expect([200, 201]).toContain(reply.status);
  return reply.body;
}


// ---------------------------------------------------------------------------------------------
// serviceOrchestration.subscribe
// ---------------------------------------------------------------------------------------------

describe.each(TRANSPORTS)('subscribe over %s', (transport) => {
  it('creates the seed example: 201 with the new UUID, stored for the requester', async () => {
    const reply = await subscribe(transport, SEED_SUBSCRIPTION);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatch(UUID);

    const [stored, ...rest] = await storedSubscriptions();
    expect(rest).toEqual([]);
    expect(stored).toEqual({
      id: reply.body,
      ownerSystemName: CONSUMER,
      targetSystemName: CONSUMER,
      orchestrationRequest: {
        serviceRequirement: expect.objectContaining({ serviceDefinition: 'kelvinInfo' }),
        orchestrationFlags: { MATCHMAKING: true, ONLY_PREFERRED: false },
      },
      notifyInterface: { protocol: 'MQTT', properties: { topic: 'arrowhead/orchestration-push' } },
      expiredAt: expect.stringMatching(DATE_TIME),
      createdAt: expect.stringMatching(DATE_TIME),
    });
    expect(await storedJobs()).toEqual([]);
  });

  it('replaces a subscription with the same key: 200, a new id, the old id gone', async () => {
    const first = await subscribe(transport, subscription('kelvinInfo'));
    expect(first.status).toBe(201);
    const second = await subscribe(transport, subscription('kelvin-info', HTTP_NOTIFY));
    expect(second.status).toBe(200);
    expect(second.body).toMatch(UUID);
    expect(second.body).not.toBe(first.body);

    const stored = await storedSubscriptions();
    expect(stored.map((entry) => [entry.id, entry.notifyInterface.protocol])).toEqual([[second.body, 'HTTP']]);
    // the old id no longer names anything
    expect((await unsubscribe(transport, first.body)).status).toBe(204);
  });

  it('keeps separate subscriptions per service definition (no definition is a key of its own)', async () => {
    const kelvin = await subscribe(transport, subscription('kelvinInfo'));
    const celsius = await subscribe(transport, subscription('celsiusInfo'));
    const all = await subscribe(transport, subscription());
    const allAgain = await subscribe(transport, subscription(undefined, HTTP_NOTIFY));
    expect([kelvin.status, celsius.status, all.status, allAgain.status]).toEqual([201, 201, 201, 200]);

    const rows = await storedRows();
    expect(rows.map((row) => [row.id, row.definition])).toEqual([
      [kelvin.body, 'kelvinInfo'],
      [celsius.body, 'celsiusInfo'],
      [allAgain.body, null],
    ]);
  });

  it('does not replace a subscription of another owner for the same target', async () => {
    const [managedId] = await managed(subscriber(CONSUMER, 'kelvinInfo'));
    const reply = await subscribe(transport, subscription('kelvinInfo'));
    expect(reply.status).toBe(201);
    expect((await storedRows()).map((row) => [row.id, row.owner, row.target])).toEqual([
      [managedId, 'Sysop', CONSUMER],
      [reply.body, CONSUMER, CONSUMER],
    ]);
  });

  it('sets expiredAt to creation time + duration, and omits it without a duration', async () => {
    const before = Date.now();
    const timed = await subscribe(transport, subscription('kelvinInfo', MQTT_NOTIFY, { duration: 3600 }));
    const endless = await subscribe(transport, subscription('celsiusInfo'));
    expect([timed.status, endless.status]).toEqual([201, 201]);

    const stored = await storedSubscriptions();
    const timedEntry = stored.find((entry) => entry.id === timed.body);
    const endlessEntry = stored.find((entry) => entry.id === endless.body);
    expect(timedEntry.expiredAt).toMatch(DATE_TIME);
    const expiresAt = Date.parse(timedEntry.expiredAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000 + 1000);
    expect(Math.abs(expiresAt - Date.parse(timedEntry.createdAt) - 3_600_000)).toBeLessThanOrEqual(1000);
    expect(timedEntry).not.toHaveProperty('expiresAt');
    expect(endlessEntry).not.toHaveProperty('expiredAt');
    expect(endlessEntry).not.toHaveProperty('expiresAt');
  });

  it('accepts a targetSystemName equal to the requester (after normalization)', async () => {
    const reply = await subscribe(transport, { targetSystemName: 'temperature-consumer', ...subscription('kelvinInfo') });
    expect(reply.status).toBe(201);
    expect((await storedRows()).map((row) => [row.owner, row.target])).toEqual([[CONSUMER, CONSUMER]]);
  });

  it('normalizes the request: upper-case protocol, lower-case property keys, trimmed values, numeric port', async () => {
    const reply = await subscribe(transport, {
      orchestrationRequest: {
        serviceRequirement: { serviceDefinition: 'Kelvin_Info', preferredProviders: ['temperature-provider2'], versions: ['1.0.0'] },
        orchestrationFlags: { matchmaking: true, ALLOW_INTERCLOUD: false },
      },
      notifyInterface: { protocol: ' Http ', properties: { ' Address ': ' 127.0.0.1 ', PORT: 8080, Method: 'put', Path: '/push/notify' } },
    });
    expect(reply.status).toBe(201);
    const [stored] = await storedSubscriptions();
    expect(stored).toEqual({
      id: reply.body,
      ownerSystemName: CONSUMER,
      targetSystemName: CONSUMER,
      orchestrationRequest: {
        serviceRequirement: { serviceDefinition: 'kelvinInfo', preferredProviders: ['TemperatureProvider2'] },
        orchestrationFlags: { MATCHMAKING: true },
      },
      notifyInterface: { protocol: 'HTTP', properties: { address: '127.0.0.1', port: '8080', method: 'put', path: '/push/notify' } },
      createdAt: expect.stringMatching(DATE_TIME),
    });
  });

  it('accepts an MQTTS notify interface and an HTTPS one with PATCH', async () => {
    const mqtts = await subscribe(transport, subscription('kelvinInfo', { protocol: 'mqtts', properties: { Topic: 'push/here' } }));
    const https = await subscribe(
      transport,
      subscription('celsiusInfo', { protocol: 'HTTPS', properties: { address: 'example.org', port: '65535', method: 'PATCH', path: 'x' } }),
    );
    expect([mqtts.status, https.status]).toEqual([201, 201]);
    const stored = await storedSubscriptions();
    const byId = new Map(stored.map((entry) => [entry.id, entry.notifyInterface]));
    expect([byId.get(mqtts.body), byId.get(https.body)]).toEqual([
      { protocol: 'MQTTS', properties: { topic: 'push/here' } },
      { protocol: 'HTTPS', properties: { address: 'example.org', port: '65535', method: 'PATCH', path: 'x' } },
    ]);
  });

  it('creates no job without trigger or with trigger=false', async () => {
    expect((await subscribe(transport, subscription('kelvinInfo'))).status).toBe(201);
    expect((await subscribe(transport, subscription('celsiusInfo'), { trigger: 'false' })).status).toBe(201);
    if (transport === 'mqtt') {
      // MQTT params.trigger: anything but "true" (case-insensitive) means false (SPEC-orchestration.md §3.1)
      expect((await subscribe(transport, subscription('fahrenheitInfo'), { trigger: 'yes' })).status).toBe(201);
      expect((await subscribe(transport, subscription('rankineInfo'), { trigger: false })).status).toBe(201);
    }
    expect(await storedJobs()).toEqual([]);
  });

  it.each([
    ['"true"', 'true'],
    ['"TRUE"', 'TRUE'],
    ...(transport === 'mqtt' ? [['a JSON boolean true', true] as [string, unknown]] : []),
  ])('with trigger %s creates one PUSH job for the new subscription, for the requester', async (_, triggerValue) => {
    const reply = await subscribe(transport, subscription('Kelvin-Info'), { trigger: triggerValue });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatch(UUID);
    const jobs = await storedJobs();
    expect(jobs).toEqual([
      {
        id: expect.stringMatching(UUID),
        status: expect.stringMatching(/^(PENDING|IN_PROGRESS|DONE)$/),
        type: 'PUSH',
        requesterSystem: CONSUMER,
        targetSystem: CONSUMER,
        serviceDefinition: 'kelvinInfo',
        subscriptionId: reply.body,
      },
    ]);
  });

  it('triggers on a replacing subscribe too, for the new id', async () => {
    await subscribe(transport, subscription('kelvinInfo'));
    const reply = await subscribe(transport, subscription('kelvinInfo'), { trigger: 'true' });
    expect(reply.status).toBe(200);
    const jobs = await storedJobs();
    expect(jobs.map((job) => job.subscriptionId)).toEqual([reply.body]);
  });

  // Every rule, text and order of the parser: subscription-request.parser.spec.ts and the contract
  // table; here a few of them, on both transports, with nothing stored and no push queued.
  it.each(
    pick(SUBSCRIBE_REFUSALS, [
      'a blank preferred provider (checked before the notify interface)',
      'another target system (checked before names)',
      'an unsupported protocol (printed as sent)',
    ]),
  )('rejects %s with 400 and stores nothing', async (_, body, message) => {
    const reply = await subscribe(transport, body, { trigger: 'true' });
    expect(reply).toEqual({ status: 400, body: invalid(message, orchestrationOrigin(transport, 'subscribe')) });
    expect(await storedRows()).toEqual([]);
    expect(await storedJobs()).toEqual([]);
  });

  it('rejects a requester whose name breaks the naming convention', async () => {
    const reply = await subscribe(transport, subscription('kelvinInfo'), { consumer: '9Consumer' });
    expect(reply).toEqual({
      status: 400,
      body: invalid('The specified system name does not match the naming convention: 9Consumer', orchestrationOrigin(transport, 'subscribe')),
    });
  });

  it.each([
    ['a duration that is not a number', subscription('kelvinInfo', MQTT_NOTIFY, { duration: 'long' })],
  ])('rejects %s as a malformed payload', async (_, body) => {
    const reply = await subscribe(transport, body);
    expect(reply.status).toBe(400);
    expect(reply.body.exceptionType).toBe('INVALID_PARAMETER');
    expect(await storedRows()).toEqual([]);
  });

  it('is open to any authenticated system (not a management operation) but not to anonymous callers', async () => {
    expect((await subscribe(transport, subscription('kelvinInfo'), { consumer: 'SomeRandomSystem' })).status).toBe(201);
    const anonymous = await subscribe(transport, subscription('celsiusInfo'), { consumer: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.exceptionType).toBe('AUTH');
    expect((await storedRows()).map((row) => row.owner)).toEqual(['SomeRandomSystem']);
  });
});

describe('subscribe wire details', () => {
  it('answers HTTP with the id as text/plain', async () => {
    const response = await service.http.post(`${ORCH_HTTP}/subscribe`).set('Authorization', bearer(CONSUMER)).send(SEED_SUBSCRIPTION);
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toMatch(UUID);
  });

  it.each([
    ['a validation error', subscription('kelvinInfo', { protocol: 'CoAP', properties: { uri: 'x' } }), 400],
    ['a malformed body', subscription('kelvinInfo', MQTT_NOTIFY, { duration: 'long' }), 400],
  ])('answers HTTP %s with a JSON ErrorResponse (application/json), not text/plain', async (_, body, status) => {
    const response = await service.http.post(`${ORCH_HTTP}/subscribe`).set('Authorization', bearer(CONSUMER)).send(body as object);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toMatchObject({ errorCode: status, exceptionType: 'INVALID_PARAMETER' });
  });

  it('answers HTTP 401 with a JSON ErrorResponse without origin', async () => {
    const response = await service.http.post(`${ORCH_HTTP}/subscribe`).send(SEED_SUBSCRIPTION);
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({ errorMessage: 'No authorization header has been provided', errorCode: 401, exceptionType: 'AUTH' });
  });

  it('answers MQTT with the id as a JSON string payload, receiver = requester', async () => {
    const reply = await service.mqtt(`${ORCH_MQTT}/subscribe`, { authentication: `SYSTEM//${CONSUMER}`, payload: SEED_SUBSCRIPTION });
    expect(reply.status).toBe(201);
    expect(reply.receiver).toBe(CONSUMER);
    expect(typeof reply.payload).toBe('string');
    expect(reply.payload).toMatch(UUID);
  });

  it('answers MQTT without payload with "Request payload is missing"', async () => {
    const reply = await subscribe('mqtt', undefined);
    expect(reply).toEqual({ status: 400, body: invalid('Request payload is missing', `${ORCH_MQTT}/subscribe`) });
  });

  it('answers HTTP without body with 400', async () => {
    const reply = await readingJsonErrors(invoke(service, 'http', { method: 'POST', path: `${ORCH_HTTP}/subscribe`, topic: '' }, { authorization: bearer(CONSUMER) }));
    expect(reply.status).toBe(400);
    expect(reply.body.exceptionType).toBe('INVALID_PARAMETER');
    expect(await storedRows()).toEqual([]);
  });

  it('creates one job per trigger=true subscribe over HTTP query and MQTT params', async () => {
    const viaHttp = await subscribe('http', subscription('kelvinInfo'), { trigger: 'true' });
    const viaMqtt = await subscribe('mqtt', subscription('celsiusInfo'), { trigger: true });
    const jobs = await storedJobs();
    expect(jobs.map((job) => job.subscriptionId).sort()).toEqual([viaHttp.body, viaMqtt.body].sort());
    for (const job of jobs) expect(ACTIVE_OR_DONE).toContain(job.status);
  });
});

describeOnRealDatabase('subscribe under concurrency', () => {
  it('serializes 20 concurrent subscribes for one key: one 201, the rest 200, one record left', async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, index) => subscribe(index % 2 === 0 ? 'http' : 'mqtt', subscription('kelvinInfo'))),
    );
    expect(replies.filter((reply) => reply.status === 201)).toHaveLength(1);
    expect(replies.filter((reply) => reply.status === 200)).toHaveLength(19);
    const rows = await storedRows();
    expect(rows).toHaveLength(1);
    expect(replies.map((reply) => reply.body)).toContain(rows[0].id);
  });
});

describe('subscription expiry', () => {
  it('lets the cleaner delete expired subscriptions and keeps the others', async () => {
    const expiring = await own(CONSUMER, subscription('kelvinInfo', MQTT_NOTIFY, { duration: 60 }));
    const timed = await own(CONSUMER, subscription('celsiusInfo', MQTT_NOTIFY, { duration: 3600 }));
    const endless = await own(CONSUMER, subscription());
    await service.dataSource.query(`UPDATE subscription SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring]);
    await service.running.app.get(CleanerService).runOnce();
    expect((await storedRows()).map((row) => row.id).sort()).toEqual([timed, endless].sort());
  });
});

// ---------------------------------------------------------------------------------------------
// serviceOrchestration.unsubscribe
// ---------------------------------------------------------------------------------------------

describe.each(TRANSPORTS)('unsubscribe over %s', (transport) => {
  it('removes its own subscription with 200 and no body, then answers 204', async () => {
    const id = await own(CONSUMER);
    const keep = await own(CONSUMER, subscription('celsiusInfo'));
    expect(await unsubscribe(transport, id)).toEqual({ status: 200, body: '' });
    expect((await storedRows()).map((row) => row.id)).toEqual([keep]);
    expect(await unsubscribe(transport, id)).toEqual({ status: 204, body: '' });
  });

  it('answers 204 for an id that was never stored', async () => {
    expect(await unsubscribe(transport, randomUUID())).toEqual({ status: 204, body: '' });
  });

  it('accepts the id in upper case and with surrounding blanks', async () => {
    const id = await own(CONSUMER);
    const reply = await unsubscribe(transport, transport === 'mqtt' ? ` ${id.toUpperCase()} ` : id.toUpperCase());
    expect(reply).toEqual({ status: 200, body: '' });
    expect(await storedRows()).toEqual([]);
  });

  it("refuses someone else's subscription with 403 and keeps it", async () => {
    const id = await own(OTHER);
    const reply = await unsubscribe(transport, id);
    expect(reply).toEqual({
      status: 403,
      body: {
        errorMessage: `${CONSUMER} is not the subscription owner`,
        errorCode: 403,
        exceptionType: 'FORBIDDEN',
        origin: transport === 'http' ? `DELETE ${ORCH_HTTP}/unsubscribe/${id}` : `${ORCH_MQTT}/unsubscribe`,
      },
    });
    expect((await storedRows()).map((row) => row.id)).toEqual([id]);
  });

  it('refuses the target of a push-management subscription (the creator owns it)', async () => {
    const [id] = await managed(subscriber(CONSUMER, 'kelvinInfo'));
    const reply = await unsubscribe(transport, id);
    expect(reply.status).toBe(403);
    expect(reply.body.errorMessage).toBe(`${CONSUMER} is not the subscription owner`);
    expect((await storedRows()).map((row) => row.id)).toEqual([id]);
  });

  it('rejects a non-UUID id with "Invalid subscription id" (origin with the raw id on HTTP)', async () => {
    await own(CONSUMER);
    const reply = await unsubscribe(transport, 'not-a-uuid');
    expect(reply).toEqual({
      status: 400,
      body: invalid('Invalid subscription id', transport === 'http' ? `DELETE ${ORCH_HTTP}/unsubscribe/not-a-uuid` : `${ORCH_MQTT}/unsubscribe`),
    });
    expect(await storedRows()).toHaveLength(1);
  });

  it('is open to any authenticated system but not to anonymous callers', async () => {
    const id = await own(CONSUMER);
    const reply = await unsubscribe(transport, id, null);
    expect(reply.status).toBe(401);
    expect(await storedRows()).toHaveLength(1);
  });
});

describe('unsubscribe over MQTT specifics', () => {
  it('rejects a request without payload with "Subscription id is missing"', async () => {
    const reply = await unsubscribe('mqtt', undefined);
    expect(reply).toEqual({ status: 400, body: invalid('Subscription id is missing', `${ORCH_MQTT}/unsubscribe`) });
  });

  it('rejects a blank id with "UUID is missing"', async () => {
    const reply = await unsubscribe('mqtt', '  ');
    expect(reply).toEqual({ status: 400, body: invalid('UUID is missing', `${ORCH_MQTT}/unsubscribe`) });
  });

  it('answers 200 and 204 with an empty-string payload and the requester as receiver', async () => {
    const id = await own(CONSUMER);
    const removed = await service.mqtt(`${ORCH_MQTT}/unsubscribe`, { authentication: `SYSTEM//${CONSUMER}`, payload: id });
    expect([removed.status, removed.payload, removed.receiver]).toEqual([200, '', CONSUMER]);
    const missing = await service.mqtt(`${ORCH_MQTT}/unsubscribe`, { authentication: `SYSTEM//${CONSUMER}`, payload: id });
    expect([missing.status, missing.payload]).toEqual([204, '']);
  });
});

// ---------------------------------------------------------------------------------------------
// serviceOrchestrationPushManagement.subscribe
// ---------------------------------------------------------------------------------------------

describe.each(TRANSPORTS)('push management subscribe over %s', (transport) => {
  it('creates subscriptions for other systems: 201, entries in request order, owner = caller', async () => {
    const reply = await pushSubscribe(transport, {
      subscriptions: [
        {
          targetSystemName: 'temperature-consumer',
          orchestrationRequest: {
            serviceRequirement: { serviceDefinition: 'Kelvin_Info', preferredProviders: ['temperature-provider2'], versions: ['1.0.0'], operations: ['op'] },
            orchestrationFlags: { matchmaking: 'true', ONLY_PREFERRED: false, ALLOW_INTERCLOUD: false },
            qualityRequirements: [{ type: 'x' }],
            exclusivityDuration: 10,
          },
          notifyInterface: { protocol: 'Mqtt', properties: { Topic: ' arrowhead/orchestration-push ' } },
          duration: 3600,
        },
        {
          targetSystemName: OTHER,
          orchestrationRequest: { orchestrationFlags: { ONLY_EXCLUSIVE: true, allow_translation: false } },
          notifyInterface: { protocol: 'http', properties: { address: '10.0.0.1', port: 9000, method: 'post', path: '/push' } },
        },
        { targetSystemName: 'ThirdConsumer', notifyInterface: MQTT_NOTIFY },
      ],
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      entries: [
        {
          id: expect.stringMatching(UUID),
          ownerSystemName: 'Sysop',
          targetSystemName: CONSUMER,
          orchestrationRequest: {
            serviceRequirement: { serviceDefinition: 'kelvinInfo', preferredProviders: ['TemperatureProvider2'] },
            orchestrationFlags: { MATCHMAKING: true, ONLY_PREFERRED: false },
          },
          notifyInterface: { protocol: 'MQTT', properties: { topic: 'arrowhead/orchestration-push' } },
          expiredAt: expect.stringMatching(DATE_TIME),
          createdAt: expect.stringMatching(DATE_TIME),
        },
        {
          id: expect.stringMatching(UUID),
          ownerSystemName: 'Sysop',
          targetSystemName: OTHER,
          orchestrationRequest: { orchestrationFlags: {} },
          notifyInterface: { protocol: 'HTTP', properties: { address: '10.0.0.1', port: '9000', method: 'post', path: '/push' } },
          createdAt: expect.stringMatching(DATE_TIME),
        },
        {
          id: expect.stringMatching(UUID),
          ownerSystemName: 'Sysop',
          targetSystemName: 'ThirdConsumer',
          orchestrationRequest: {},
          notifyInterface: { protocol: 'MQTT', properties: { topic: 'arrowhead/orchestration-push' } },
          createdAt: expect.stringMatching(DATE_TIME),
        },
      ],
      count: 3,
    });
    const [first] = reply.body.entries;
    expect(Math.abs(Date.parse(first.expiredAt) - Date.parse(first.createdAt) - 3_600_000)).toBeLessThanOrEqual(1000);

    // the query shows the same records; creating never triggers a push
    const stored = await storedSubscriptions();
    expect([...stored].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...reply.body.entries].sort((a: any, b: any) => a.id.localeCompare(b.id)));
    expect(await storedJobs()).toEqual([]);
  });

  it('replaces its existing subscription with the same (owner, target, definition), leaving other owners alone', async () => {
    const consumerOwn = await own(CONSUMER);
    const [oldId, otherId] = await managed(subscriber(CONSUMER, 'kelvinInfo'), subscriber(CONSUMER, 'celsiusInfo'));
    const reply = await pushSubscribe(transport, { subscriptions: [subscriber('temperature-consumer', 'kelvin-info', HTTP_NOTIFY)] });
    expect(reply.status).toBe(201);
    const newId = reply.body.entries[0].id;
    expect(newId).not.toBe(oldId);

    const rows = await storedRows();
    expect(rows.map((row) => row.id).sort()).toEqual([consumerOwn, otherId, newId].sort());
    expect(rows.find((row) => row.id === newId)).toMatchObject({ owner: 'Sysop', target: CONSUMER, definition: 'kelvinInfo' });
  });

  it('creates nothing when one entry is bad (all or nothing)', async () => {
    const [existing] = await managed(subscriber(CONSUMER, 'kelvinInfo'));
    const reply = await pushSubscribe(transport, {
      subscriptions: [subscriber(CONSUMER, 'kelvinInfo', HTTP_NOTIFY), subscriber(OTHER, 'kelvinInfo'), subscriber('1bad', 'kelvinInfo')],
    });
    expect(reply).toEqual({
      status: 400,
      body: invalid('The specified system name does not match the naming convention: 1bad', pushOrigin(transport, 'subscribe')),
    });
    expect((await storedRows()).map((row) => row.id)).toEqual([existing]);
  });

  it.each([
    ['no list', {}, 'Subscription request list is empty'],
    ['an entry with a blank target', { subscriptions: [subscriber('  ', 'kelvinInfo')] }, 'Target system name is missing'],
    [
      'two entries for one target and definition',
      { subscriptions: [subscriber(CONSUMER, 'kelvinInfo'), subscriber(OTHER, 'kelvinInfo'), subscriber(CONSUMER, 'kelvinInfo', HTTP_NOTIFY)] },
      `Duplicated subscription request for system ${CONSUMER} and service definition kelvinInfo`,
    ],
  ])('rejects %s with 400 and stores nothing', async (_, body, message) => {
    const reply = await pushSubscribe(transport, body);
    expect(reply).toEqual({ status: 400, body: invalid(message, pushOrigin(transport, 'subscribe')) });
    expect(await storedRows()).toEqual([]);
  });

  it('is a management operation: 403 for a non-sysop', async () => {
    const reply = await pushSubscribe(transport, { subscriptions: [subscriber(OTHER, 'kelvinInfo')] }, CONSUMER);
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ errorMessage: 'Requester has no management permission', errorCode: 403, exceptionType: 'FORBIDDEN' });
    expect(await storedRows()).toEqual([]);
  });
});

describe('push management subscribe over MQTT without payload', () => {
  it('answers "Request payload is missing"', async () => {
    const reply = await pushSubscribe('mqtt', undefined);
    expect(reply).toEqual({ status: 400, body: invalid('Request payload is missing', `${PUSH_MQTT}/subscribe`) });
  });
});

// ---------------------------------------------------------------------------------------------
// serviceOrchestrationPushManagement.unsubscribe
// ---------------------------------------------------------------------------------------------

describe.each(TRANSPORTS)('push management unsubscribe over %s', (transport) => {
  it('removes its own subscriptions with 200 and no body, ignoring unknown ids', async () => {
    const [a, b, c] = await managed(subscriber(CONSUMER, 'kelvinInfo'), subscriber(OTHER, 'kelvinInfo'), subscriber(OTHER, 'celsiusInfo'));
    const reply = await pushUnsubscribe(transport, [a, c.toUpperCase(), randomUUID()]);
    expect(reply).toEqual({ status: 200, body: '' });
    expect((await storedRows()).map((row) => row.id)).toEqual([b]);
  });

  it('answers 200 when none of the ids exists', async () => {
    expect(await pushUnsubscribe(transport, [randomUUID()])).toEqual({ status: 200, body: '' });
  });

  it('refuses with 403 and deletes nothing when one subscription is owned by someone else (sysop included)', async () => {
    const [mine] = await managed(subscriber(CONSUMER, 'kelvinInfo'));
    const foreign = await own(OTHER);
    const reply = await pushUnsubscribe(transport, [mine, foreign]);
    expect(reply).toEqual({
      status: 403,
      body: { errorMessage: `${foreign} is not owned by the requester`, errorCode: 403, exceptionType: 'FORBIDDEN', origin: pushOrigin(transport, 'unsubscribe', 'DELETE') },
    });
    expect((await storedRows()).map((row) => row.id).sort()).toEqual([mine, foreign].sort());
  });

  it.each([
    ['a non-UUID id next to a valid one', (own: string): string[] | undefined => [own, 'abc'], 'Invalid UUID id'],
  ])('rejects %s with 400 and deletes nothing', async (_, ids, message) => {
    const [id] = await managed(subscriber(CONSUMER, 'kelvinInfo'));
    const reply = await pushUnsubscribe(transport, ids(id));
    expect(reply).toEqual({ status: 400, body: invalid(message, pushOrigin(transport, 'unsubscribe', 'DELETE')) });
    expect(await storedRows()).toHaveLength(1);
  });

  it('is a management operation: 403 for a non-sysop, even for its own subscription', async () => {
    const id = await own(CONSUMER);
    const reply = await pushUnsubscribe(transport, [id], CONSUMER);
    expect(reply.status).toBe(403);
    expect(reply.body.errorMessage).toBe('Requester has no management permission');
    expect(await storedRows()).toHaveLength(1);
  });
});

describe('push management unsubscribe list forms', () => {
  it('accepts comma-separated ids on HTTP', async () => {
    const [a, b, c] = await managed(subscriber(CONSUMER, 'kelvinInfo'), subscriber(OTHER, 'kelvinInfo'), subscriber(OTHER, 'celsiusInfo'));
    const response = await service.http.delete(`${PUSH_HTTP}/unsubscribe?ids=${a},${b}`).set('Authorization', bearer('Sysop'));
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    expect((await storedRows()).map((row) => row.id)).toEqual([c]);
  });

  it('accepts repeated and comma-separated ids mixed on HTTP', async () => {
    const [a, b, c] = await managed(subscriber(CONSUMER, 'kelvinInfo'), subscriber(OTHER, 'kelvinInfo'), subscriber(OTHER, 'celsiusInfo'));
    const response = await service.http.delete(`${PUSH_HTTP}/unsubscribe?ids=${a},${b}&ids=${c}`).set('Authorization', bearer('Sysop'));
    expect(response.status).toBe(200);
    expect(await storedRows()).toEqual([]);
  });

  it('rejects a payload that is not a JSON array on MQTT', async () => {
    const reply = await service.mqtt(`${PUSH_MQTT}/unsubscribe`, { payload: { ids: [randomUUID()] } });
    expect(reply.status).toBe(400);
    expect(reply.payload.errorMessage).toMatch(/^Could not parse payload\. Reason: /);
  });
});

// ---------------------------------------------------------------------------------------------
// serviceOrchestrationPushManagement.trigger
// ---------------------------------------------------------------------------------------------

describe.each(TRANSPORTS)('push management trigger over %s', (transport) => {
  const jobOf = (subscriptionId: string, targetSystem: string, serviceDefinition?: string) => ({
    id: expect.stringMatching(UUID),
    status: expect.stringMatching(/^(PENDING|IN_PROGRESS|DONE)$/),
    type: 'PUSH',
    requesterSystem: 'Sysop',
    targetSystem,
    ...(serviceDefinition === undefined ? {} : { serviceDefinition }),
    subscriptionId,
    createdAt: expect.stringMatching(DATE_TIME),
  });
  const bySubscription = (jobs: any[]) => [...jobs].sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId));

  // A job the dispatcher still runs when the next test starts would, on finishing, wake it to claim
  // that test's planted PENDING job: each test here ends when its jobs have.
  afterEach(async () => {
    await waitFor('the push jobs of the test to end', async () => {
      const [{ running }] = await service.dataSource.query(
        `SELECT count(*)::int AS running FROM orchestration_job WHERE status = 'PENDING' OR (status = 'IN_PROGRESS' AND claim_token IS NOT NULL)`,
      );
      return running === 0;
    });
  });

  it("queues a job for each of the caller's own subscriptions on an empty request; 201 {jobs}, no count", async () => {
    const [a, b] = await managed(subscriber(CONSUMER, 'kelvinInfo'), subscriber(OTHER));
    await own(CONSUMER);
    const reply = await trigger(transport, {});
    expect(reply.status).toBe(201);
    expect(Object.keys(reply.body)).toEqual(['jobs']);
    expect(bySubscription(reply.body.jobs)).toEqual(bySubscription([jobOf(a, CONSUMER, 'kelvinInfo'), jobOf(b, OTHER)]));
    const other = reply.body.jobs.find((job: any) => job.subscriptionId === b);
    expect(other).not.toHaveProperty('serviceDefinition');

    const rows = await storedJobs();
    expect(rows.map((row) => row.id).sort()).toEqual(reply.body.jobs.map((job: any) => job.id).sort());
    for (const row of rows) {
      expect(row).toMatchObject({ type: 'PUSH', requesterSystem: 'Sysop' });
      expect(ACTIVE_OR_DONE).toContain(row.status);
    }
  });

  it('selects by target systems, whoever owns the subscriptions', async () => {
    const [forConsumer] = await managed(subscriber(CONSUMER, 'celsiusInfo'), subscriber(OTHER, 'kelvinInfo'));
    const consumerOwn = await own(CONSUMER);
    const reply = await trigger(transport, { targetSystems: ['temperature-consumer'] });
    expect(reply.status).toBe(201);
    expect(bySubscription(reply.body.jobs)).toEqual(bySubscription([jobOf(forConsumer, CONSUMER, 'celsiusInfo'), jobOf(consumerOwn, CONSUMER, 'kelvinInfo')]));
    expect(await storedJobs()).toHaveLength(2);
  });

  it('selects exactly the given subscription ids, ignoring targetSystems then', async () => {
    await managed(subscriber(CONSUMER, 'celsiusInfo'), subscriber(OTHER, 'kelvinInfo'));
    const notOwned = await own(CONSUMER); // no ownership check for ids
    const reply = await trigger(transport, { targetSystems: [OTHER], subscriptionIds: [notOwned.toUpperCase(), randomUUID()] });
    expect(reply.status).toBe(201);
    expect(reply.body.jobs).toEqual([jobOf(notOwned, CONSUMER, 'kelvinInfo')]);
    expect((await storedJobs()).map((job) => job.subscriptionId)).toEqual([notOwned]);
  });

  it('answers 201 {"jobs": []} when nothing is selected', async () => {
    await own(CONSUMER);
    expect(await trigger(transport, { subscriptionIds: [randomUUID()] })).toEqual({ status: 201, body: { jobs: [] } });
    expect(await trigger(transport, { targetSystems: ['Nobody'] })).toEqual({ status: 201, body: { jobs: [] } });
    expect(await trigger(transport, {})).toEqual({ status: 201, body: { jobs: [] } });
    expect(await storedJobs()).toEqual([]);
  });

  it('reports an existing PENDING job instead of creating a second one', async () => {
    const [id] = await managed(subscriber(CONSUMER, 'kelvinInfo'));
    const pending = await insertJob(id, CONSUMER, 'PENDING', 'kelvinInfo');
    const reply = await trigger(transport, { subscriptionIds: [id] });
    expect(reply.status).toBe(201);
    expect(reply.body.jobs).toEqual([{ ...jobOf(id, CONSUMER, 'kelvinInfo'), id: pending, status: 'PENDING' }]);
    expect((await storedJobs()).map((job) => job.id)).toEqual([pending]);
  });

  it('reports an existing IN_PROGRESS job first, then the newly created ones', async () => {
    const [first, second] = await managed(subscriber(CONSUMER, 'kelvinInfo'), subscriber(OTHER, 'kelvinInfo'));
    const running = await insertJob(second, OTHER, 'IN_PROGRESS', 'kelvinInfo');
    const reply = await trigger(transport, {});
    expect(reply.status).toBe(201);
    expect(reply.body.jobs).toEqual([
      { ...jobOf(second, OTHER, 'kelvinInfo'), id: running, status: 'IN_PROGRESS', startedAt: expect.stringMatching(DATE_TIME) },
      jobOf(first, CONSUMER, 'kelvinInfo'),
    ]);
    const rows = await storedJobs();
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.id === running)?.status).toBe('IN_PROGRESS');
  });

  it.each([
    ['a target system twice (after normalization)', { targetSystems: ['temperature-consumer', CONSUMER] }, `Duplicated target system name: ${CONSUMER}`],
    ['a non-UUID subscription id', { subscriptionIds: ['abc123'] }, 'Invalid subscription id: abc123'],
  ])('rejects %s with 400 and creates no job', async (_, body, message) => {
    await managed(subscriber(CONSUMER, 'kelvinInfo'));
    const reply = await trigger(transport, body);
    expect(reply).toEqual({ status: 400, body: invalid(message, pushOrigin(transport, 'trigger')) });
    expect(await storedJobs()).toEqual([]);
  });

  it('is a management operation: 403 for a non-sysop', async () => {
    await own(CONSUMER);
    const reply = await trigger(transport, {}, CONSUMER);
    expect(reply.status).toBe(403);
    expect(reply.body.errorMessage).toBe('Requester has no management permission');
    expect(await storedJobs()).toEqual([]);
  });
});

describe('push management trigger over MQTT without payload', () => {
  it('answers "Request payload is missing"', async () => {
    const reply = await trigger('mqtt', undefined);
    expect(reply).toEqual({ status: 400, body: invalid('Request payload is missing', `${PUSH_MQTT}/trigger`) });
  });
});

// ---------------------------------------------------------------------------------------------
// serviceOrchestrationPushManagement.query
// ---------------------------------------------------------------------------------------------

describe.each(TRANSPORTS)('push management query over %s', (transport) => {
  let ids: { consumerKelvin: string; consumerAll: string; sysopOther: string; sysopConsumer: string };

  beforeEach(async () => {
    const consumerKelvin = await own(CONSUMER, subscription('kelvinInfo'));
    const consumerAll = await own(CONSUMER, subscription());
    const [sysopOther, sysopConsumer] = await managed(subscriber(OTHER, 'celsiusInfo'), subscriber(CONSUMER, 'kelvinInfo', HTTP_NOTIFY, { duration: 60 }));
    ids = { consumerKelvin, consumerAll, sysopOther, sysopConsumer };
    // Records made in one request (or one millisecond) share createdAt; space them out for the sort test.
    for (const [index, id] of [consumerKelvin, consumerAll, sysopOther, sysopConsumer].entries()) {
      await service.dataSource.query(`UPDATE subscription SET created_at = now() - make_interval(secs => $1) WHERE id = $2`, [10 - index, id]);
    }
  });

  const idsOf = (reply: Reply): string[] => reply.body.entries.map((entry: any) => entry.id);

  it('returns every subscription without a payload, by id descending', async () => {
    const reply = await query(transport);
    expect(reply.status).toBe(200);
    expect(reply.body.count).toBe(4);
    expect(idsOf(reply)).toEqual(Object.values(ids).sort().reverse());
  });

  it('returns the complete record of a push-management subscription', async () => {
    const reply = await query(transport, { ownerSystems: ['Sysop'], targetSystems: [CONSUMER] });
    expect(reply.body).toEqual({
      entries: [
        {
          id: ids.sysopConsumer,
          ownerSystemName: 'Sysop',
          targetSystemName: CONSUMER,
          orchestrationRequest: { serviceRequirement: { serviceDefinition: 'kelvinInfo' } },
          notifyInterface: { protocol: 'HTTP', properties: HTTP_NOTIFY.properties },
          expiredAt: expect.stringMatching(DATE_TIME),
          createdAt: expect.stringMatching(DATE_TIME),
        },
      ],
      count: 1,
    });
  });

  it.each([
    ['owner systems', { ownerSystems: ['sysop'] }, ['sysopOther', 'sysopConsumer']],
    ['target systems', { targetSystems: ['temperature-consumer'] }, ['consumerKelvin', 'consumerAll', 'sysopConsumer']],
    ['several target systems', { targetSystems: [OTHER, CONSUMER] }, ['consumerKelvin', 'consumerAll', 'sysopOther', 'sysopConsumer']],
    ['service definitions (no definition never matches)', { serviceDefinitions: ['kelvin-info'] }, ['consumerKelvin', 'sysopConsumer']],
    ['several service definitions', { serviceDefinitions: ['kelvinInfo', 'celsiusInfo'] }, ['consumerKelvin', 'sysopOther', 'sysopConsumer']],
    ['filters combined with AND', { ownerSystems: [CONSUMER], serviceDefinitions: ['kelvinInfo'] }, ['consumerKelvin']],
    ['a filter matching nothing', { ownerSystems: ['Nobody'] }, []],
  ])('filters by %s', async (_, body, expected) => {
    const reply = await query(transport, body);
    expect(reply.status).toBe(200);
    const expectedIds = expected.map((key) => ids[key as keyof typeof ids]);
    expect([...idsOf(reply)].sort()).toEqual([...expectedIds].sort());
    expect(reply.body.count).toBe(expectedIds.length);
  });

  it('pages and sorts by createdAt, counting every match', async () => {
    const firstPage = await query(transport, { pagination: { page: 0, size: 3, sortField: 'createdAt', direction: 'asc' } });
    const secondPage = await query(transport, { pagination: { page: 1, size: 3, sortField: 'createdAt', direction: 'ASC' } });
    expect(firstPage.body.count).toBe(4);
    expect(secondPage.body.count).toBe(4);
    expect(idsOf(firstPage)).toEqual([ids.consumerKelvin, ids.consumerAll, ids.sysopOther]);
    expect(idsOf(secondPage)).toEqual([ids.sysopConsumer]);
  });

  it.each([
    ['ownerSystem', (entry: any) => entry.ownerSystemName],
    ['targetSystem', (entry: any) => entry.targetSystemName],
    ['id', (entry: any) => entry.id],
  ])('sorts by %s', async (sortField, key) => {
    const ascending = await query(transport, { pagination: { page: 0, size: 10, sortField, direction: 'ASC' } });
    const descending = await query(transport, { pagination: { page: 0, size: 10, sortField, direction: 'DESC' } });
    expect(ascending.status).toBe(200);
    const ascendingKeys = ascending.body.entries.map(key);
    expect(ascendingKeys).toEqual([...ascendingKeys].sort());
    expect(descending.body.entries.map(key)).toEqual([...ascendingKeys].sort().reverse());
  });

  it('sorts by serviceDefinition', async () => {
    const reply = await query(transport, { pagination: { page: 0, size: 10, sortField: 'serviceDefinition', direction: 'ASC' }, serviceDefinitions: ['kelvinInfo', 'celsiusInfo'] });
    expect(reply.body.entries.map((entry: any) => entry.orchestrationRequest.serviceRequirement.serviceDefinition)).toEqual(['celsiusInfo', 'kelvinInfo', 'kelvinInfo']);
  });

  it.each([
    [{ ownerSystems: [CONSUMER, ''] }, 'Owner system list contains empty element'],
    [{ serviceDefinitions: ['1kelvin'] }, 'The specified service definition name does not match the naming convention: 1kelvin'],
  ])('rejects %j with 400', async (body, message) => {
    const reply = await query(transport, body);
    expect(reply).toEqual({ status: 400, body: invalid(message, pushOrigin(transport, 'query')) });
  });

  it('is a management operation: 403 for a non-sysop', async () => {
    const reply = await query(transport, {}, CONSUMER);
    expect(reply.status).toBe(403);
    expect(reply.body.errorMessage).toBe('Requester has no management permission');
  });
});
