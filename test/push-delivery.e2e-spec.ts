import { createServer, IncomingMessage, Server } from 'node:http';
import { orchestrationResult } from './support/cases/orchestration';
import { freePort } from './support/ports';
import { AddressInfo } from 'node:net';
import { MqttClient } from 'mqtt';
import { TestService, usingRealBroker, usingRealDatabase } from './support/service';
import { waitFor } from './support/wait';

const BASE = '/serviceorchestration/orchestration';
const SYSOP = 'Bearer SYSTEM//Sysop';
const CONSUMER = 'TemperatureConsumer';

interface ReceivedRequest {
  method: string;
  url: string;
  contentType?: string;
  body: any;
}

/** A small HTTP receiver standing in for a subscriber; answers with `status`. */
async function startReceiver(status = 200): Promise<{ server: Server; port: number; received: ReceivedRequest[] }> {
  const received: ReceivedRequest[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      received.push({ method: request.method!, url: request.url!, contentType: request.headers['content-type'], body: JSON.parse(text) });
      response.statusCode = status;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, received };
}


async function createRules(service: TestService, consumer = CONSUMER): Promise<void> {
  const response = await service.http
    .post(`${BASE}/mgmt/simple-store/create`)
    .set('Authorization', SYSOP)
    .send({
      entries: [
        { consumer, serviceInstanceId: 'TemperatureProvider1|kelvinInfo|1.0.0', priority: 1 },
        { consumer, serviceInstanceId: 'TemperatureProvider2|kelvinInfo|1.0.0', priority: 2 },
      ],
    });
  expect(response.status).toBe(201);
}

/** Push-management subscribe of `target` with this notify interface; returns the subscription id. */
async function subscribeFor(service: TestService, target: string, notifyInterface: object, orchestrationRequest: object = { serviceRequirement: { serviceDefinition: 'kelvinInfo' } }): Promise<string> {
  const response = await service.http
    .post(`${BASE}/mgmt/push/subscribe`)
    .set('Authorization', SYSOP)
    .send({ subscriptions: [{ targetSystemName: target, orchestrationRequest, notifyInterface }] });
  expect(response.status).toBe(201);
  return response.body.entries[0].id;
}

async function trigger(service: TestService, body: object): Promise<any[]> {
  const response = await service.http.post(`${BASE}/mgmt/push/trigger`).set('Authorization', SYSOP).send(body);
  expect(response.status).toBe(201);
  return response.body.jobs;
}

async function jobsOf(service: TestService, subscriptionId: string): Promise<{ status: string; message: string | null }[]> {
  return service.dataSource.query('SELECT status, message FROM orchestration_job WHERE subscription_id = $1 ORDER BY created_at', [subscriptionId]);
}

/** An MQTT client subscribed to `topic`, collecting what arrives there and when (ms since epoch). */
async function listen(service: TestService, topic: string): Promise<{ client: MqttClient; messages: any[]; arrivals: number[] }> {
  const client = await service.mqttClient();
  const messages: any[] = [];
  const arrivals: number[] = [];
  client.on('message', (arrived, payload) => {
    if (arrived !== topic) return;
    const message = JSON.parse(payload.toString());
    if (message?.marker !== undefined) return;
    messages.push(message);
    arrivals.push(Date.now());
  });
  await client.subscribeAsync(topic, { qos: 2 });
  return { client, messages, arrivals };
}

/**
 * Resolves once everything the broker received for `topic` before now has reached `client`: a
 * marker published after it arrives after it. What the service publishes before it finishes a job
 * has reached the broker, so once the job is over this bounds any late duplicate.
 */
async function drained(client: MqttClient, topic: string): Promise<void> {
  const marker = `${Date.now()}-${Math.random()}`;
  let seen = false;
  const onMessage = (arrived: string, payload: Buffer) => {
    if (arrived === topic && payload.toString().includes(marker)) seen = true;
  };
  client.on('message', onMessage);
  try {
    await client.publishAsync(topic, JSON.stringify({ marker }), { qos: 2 });
    await waitFor(`the marker on ${topic}`, () => seen, 5000);
  } finally {
    client.off('message', onMessage);
  }
}

describe('push delivery', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await TestService.start({ PUSH_HTTP_TIMEOUT_MS: '400', PUSH_HTTP_RETRIES: '1', PUSH_POLL_INTERVAL_MS: '200', PUSH_HTTP_BLOCKED_NETWORKS: '' });
  });
  afterAll(async () => service?.close());
  beforeEach(async () => {
    await service.truncate('subscription', 'orchestration_job', 'orchestration_store', 'orchestration_lock');
    await createRules(service);
  });

  it('delivers one MQTT notification, at QoS 2, with the orchestration results', async () => {
    const topic = `${service.topicPrefix}/push/mqtt`;
    const { client, messages } = await listen(service, topic);
    const id = await subscribeFor(service, CONSUMER, { protocol: 'MQTT', properties: { topic } }, {
      serviceRequirement: { serviceDefinition: 'kelvinInfo', preferredProviders: ['TemperatureProvider2'], versions: ['1.0.0'] },
      orchestrationFlags: { MATCHMAKING: true },
    });
    const [job] = await trigger(service, { subscriptionIds: [id] });
    expect(job).toMatchObject({ type: 'PUSH', requesterSystem: 'Sysop', targetSystem: CONSUMER, subscriptionId: id, serviceDefinition: 'kelvinInfo' });
    await waitFor('the job to be DONE', async () => (await jobsOf(service, id))[0]?.status === 'DONE');
    await drained(client, topic);
    expect(messages).toEqual([
      {
        receiver: CONSUMER,
        sender: 'SimpleStoreServiceOrchestration',
        payload: {
          results: [orchestrationResult('TemperatureProvider2|kelvinInfo|1.0.0')],
          warnings: ['ignoredFields: [versions]'],
        },
      },
    ]);
    await waitFor('the job to be DONE', async () => (await jobsOf(service, id))[0]?.status === 'DONE');
    expect(await jobsOf(service, id)).toEqual([{ status: 'DONE', message: '1 local result(s)' }]);
  });

  it('delivers to an HTTP receiver by the subscribed method and path', async () => {
    const receiver = await startReceiver();
    try {
      const id = await subscribeFor(service, CONSUMER, { protocol: 'http', properties: { address: '127.0.0.1', port: receiver.port, method: 'put', path: 'orchestration/push' } });
      await trigger(service, { targetSystems: [CONSUMER] });
      await waitFor('the HTTP notification', () => receiver.received.length > 0);
      expect(receiver.received).toEqual([
        {
          method: 'PUT',
          url: '/orchestration/push',
          contentType: 'application/json',
          body: { results: [expect.objectContaining({ serviceInstanceId: 'TemperatureProvider1|kelvinInfo|1.0.0' }), expect.objectContaining({ serviceInstanceId: 'TemperatureProvider2|kelvinInfo|1.0.0' })], warnings: [] },
        },
      ]);
      await waitFor('the job to be DONE', async () => (await jobsOf(service, id))[0]?.status === 'DONE');
    } finally {
      receiver.server.close();
    }
  });

  it("pushes the consumer's own subscription at once with subscribe?trigger=true, also when there are no results", async () => {
    const topic = `${service.topicPrefix}/push/own`;
    const { messages } = await listen(service, topic);
    const response = await service.http
      .post(`${BASE}/subscribe?trigger=true`)
      .set('Authorization', 'Bearer SYSTEM//LonelyConsumer')
      .send({ orchestrationRequest: { serviceRequirement: { serviceDefinition: 'kelvinInfo' } }, notifyInterface: { protocol: 'MQTT', properties: { topic } } });
    expect(response.status).toBe(201);
    await waitFor('the MQTT notification', () => messages.length > 0);
    expect(messages).toEqual([{ receiver: 'LonelyConsumer', sender: 'SimpleStoreServiceOrchestration', payload: { results: [], warnings: [] } }]);
    const [job] = await service.dataSource.query('SELECT requester_system, target_system, status FROM orchestration_job WHERE subscription_id = $1', [response.text]);
    expect(job).toMatchObject({ requester_system: 'LonelyConsumer', target_system: 'LonelyConsumer' });
  });

  it('records an unreachable HTTP receiver as an ERROR job without holding up other pushes', async () => {
    // One receiver takes requests and never answers; another port has nobody listening.
    const requests: IncomingMessage[] = [];
    const silent: Server = createServer((request) => requests.push(request));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const closedPort = await freePort();
    const topic = `${service.topicPrefix}/push/unblocked`;
    const { messages, arrivals } = await listen(service, topic);
    try {
      await createRules(service, 'Silent');
      await createRules(service, 'Closed');
      const silentId = await subscribeFor(service, 'Silent', { protocol: 'HTTP', properties: { address: '127.0.0.1', port: String((silent.address() as AddressInfo).port), method: 'POST', path: '/push' } });
      const closedId = await subscribeFor(service, 'Closed', { protocol: 'HTTP', properties: { address: '127.0.0.1', port: String(closedPort), method: 'POST', path: '/push' } });
      const mqttId = await subscribeFor(service, CONSUMER, { protocol: 'MQTT', properties: { topic } });
      await trigger(service, { subscriptionIds: [silentId, closedId, mqttId] });

      await waitFor('the MQTT notification', () => messages.length > 0, 5000);
      await waitFor('both HTTP jobs to end', async () => (await jobsOf(service, silentId))[0].status === 'ERROR' && (await jobsOf(service, closedId))[0].status === 'ERROR');
      const [silentJob] = await jobsOf(service, silentId);
      const [closedJob] = await jobsOf(service, closedId);
      // The MQTT push went out while the silent receiver still held its job (IN_PROGRESS, two
      // attempts of 400 ms each): compared by time, not by catching the job in that state.
      const [{ finished_at: silentFinishedAt }] = await service.dataSource.query('SELECT finished_at FROM orchestration_job WHERE subscription_id = $1', [silentId]);
      expect(arrivals[0]).toBeLessThan(new Date(silentFinishedAt).getTime());
      expect(silentJob.message).toMatch(new RegExp(`^Error occurred while sending push orchestration via HTTP to subscription: ${silentId}\\. Reason: no answer within 400 ms`));
      expect(closedJob.message).toMatch(new RegExp(`^Error occurred while sending push orchestration via HTTP to subscription: ${closedId}\\. Reason: ECONNREFUSED`));
      expect(requests.map((request) => request.url)).toEqual(['/push', '/push']); // one attempt plus PUSH_HTTP_RETRIES=1
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('retries a failing receiver, then records its status as the reason', async () => {
    const receiver = await startReceiver(503);
    try {
      const id = await subscribeFor(service, CONSUMER, { protocol: 'HTTP', properties: { address: '127.0.0.1', port: String(receiver.port), method: 'PATCH', path: '/push' } });
      await trigger(service, { subscriptionIds: [id] });
      await waitFor('the job to fail', async () => (await jobsOf(service, id))[0]?.status === 'ERROR');
      expect(receiver.received.map((request) => request.method)).toEqual(['PATCH', 'PATCH']);
      expect((await jobsOf(service, id))[0].message).toContain('Reason: HTTP 503 Service Unavailable');
    } finally {
      receiver.server.close();
    }
  });

  it('picks up a job whose replica died (its lease ran out)', async () => {
    const topic = `${service.topicPrefix}/push/orphan`;
    const { messages } = await listen(service, topic);
    const id = await subscribeFor(service, CONSUMER, { protocol: 'MQTT', properties: { topic } });
    await service.dataSource.query(
      `INSERT INTO orchestration_job (id, status, type, requester_system, target_system, service_definition, subscription_id, created_at, started_at, lease_expires_at)
       VALUES (gen_random_uuid(), 'IN_PROGRESS', 'PUSH', 'Sysop', $1, 'kelvinInfo', $2, now() - interval '2 minutes', now() - interval '2 minutes', now() - interval '1 minute')`,
      [CONSUMER, id],
    );
    await waitFor('the orphaned push to be delivered', () => messages.length > 0, 5000);
    await waitFor('the job to be DONE', async () => (await jobsOf(service, id))[0].status === 'DONE');
  });

  it('leaves a job claimed by a live replica alone', async () => {
    const topic = `${service.topicPrefix}/push/leased`;
    const { client, messages } = await listen(service, topic);
    const id = await subscribeFor(service, CONSUMER, { protocol: 'MQTT', properties: { topic } });
    await service.dataSource.query(
      `INSERT INTO orchestration_job (id, status, type, requester_system, target_system, subscription_id, created_at, started_at, lease_expires_at)
       VALUES (gen_random_uuid(), 'IN_PROGRESS', 'PUSH', 'Sysop', $1, $2, now(), now(), now() + interval '1 hour')`,
      [CONSUMER, id],
    );
    // Another push, queued after the leased job, runs to its end: the dispatcher has claimed since.
    const otherTopic = `${service.topicPrefix}/push/leased-other`;
    const otherId = await subscribeFor(service, 'OtherConsumer', { protocol: 'MQTT', properties: { topic: otherTopic } });
    await trigger(service, { subscriptionIds: [otherId] });
    await waitFor('the other push to be DONE', async () => (await jobsOf(service, otherId))[0]?.status === 'DONE');
    await drained(client, topic);
    expect(messages).toEqual([]);
    expect(await jobsOf(service, id)).toEqual([{ status: 'IN_PROGRESS', message: null }]);
  });

  it('ends a job whose subscription is gone in ERROR', async () => {
    const id = await subscribeFor(service, CONSUMER, { protocol: 'MQTT', properties: { topic: `${service.topicPrefix}/push/gone` } });
    await service.dataSource.query('DELETE FROM subscription WHERE id = $1', [id]);
    const jobId = '5d0c0e51-0000-4000-8000-000000000001';
    await service.dataSource.query(
      `INSERT INTO orchestration_job (id, status, type, requester_system, target_system, subscription_id, created_at) VALUES ($1, 'PENDING', 'PUSH', 'Sysop', $2, $3, now())`,
      [jobId, CONSUMER, id],
    );
    await service.http.post(`${BASE}/mgmt/push/trigger`).set('Authorization', SYSOP).send({ subscriptionIds: [id] }); // wakes the dispatcher
    await waitFor('the job to fail', async () => (await jobsOf(service, id))[0]?.status === 'ERROR');
    expect((await jobsOf(service, id))[0].message).toBe(`Orchestration job ${jobId} has no subscription with ${id} subscription id`);
  });

  it('removes expired subscriptions in the cleaner', async () => {
    const id = await subscribeFor(service, CONSUMER, { protocol: 'MQTT', properties: { topic: 'any' } });
    await service.dataSource.query(`UPDATE subscription SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    const { CleanerService } = await import('../src/cleaner/cleaner.service');
    await service.running.app.get(CleanerService).runOnce();
    expect(await service.dataSource.query('SELECT id FROM subscription')).toEqual([]);
  });
});

const describeWithRealParts = usingRealBroker && usingRealDatabase ? describe : describe.skip;
if (!(usingRealBroker && usingRealDatabase)) {
  console.warn('SKIPPED "push delivery with two replicas": it needs TEST_DATABASE_URL and TEST_MQTT_URL (CI sets them).');
}

describeWithRealParts('push delivery with two replicas on one database and broker (needs TEST_DATABASE_URL and TEST_MQTT_URL)', () => {
  let first: TestService;
  let second: TestService;
  beforeAll(async () => {
    first = await TestService.start({ PUSH_POLL_INTERVAL_MS: '100' });
    second = await TestService.start({ PUSH_POLL_INTERVAL_MS: '100' });
  });
  afterAll(async () => Promise.all([first?.close(), second?.close()]));

  it('delivers each push once, whichever replica runs it', async () => {
    await first.truncate('subscription', 'orchestration_job', 'orchestration_store', 'orchestration_lock');
    const consumers = Array.from({ length: 20 }, (_, index) => `Consumer${index}`);
    const topics = consumers.map((consumer) => `${first.topicPrefix}/push/${consumer}`);
    const listener = await first.mqttClient();
    const received = new Map<string, number>();
    listener.on('message', (topic) => received.set(topic, (received.get(topic) ?? 0) + 1));
    await listener.subscribeAsync(`${first.topicPrefix}/push/#`, { qos: 2 });
    for (const [index, consumer] of consumers.entries()) {
      await createRules(first, consumer);
      await subscribeFor(first, consumer, { protocol: 'MQTT', properties: { topic: topics[index] } });
    }
    // Triggers through both replicas; each queues its own jobs, both replicas claim.
    await trigger(first, { targetSystems: consumers.slice(0, 10) });
    await trigger(second, { targetSystems: consumers.slice(10) });
    await waitFor('every notification', () => topics.every((topic) => received.has(topic)), 15_000);
    await waitFor('every job to end', async () => (await first.dataSource.query(`SELECT count(*)::int AS open FROM orchestration_job WHERE status IN ('PENDING', 'IN_PROGRESS')`))[0].open === 0, 15_000);
    // A marker on the same tree after every job ended: any duplicate would have arrived before it.
    const marker = `${first.topicPrefix}/push/marker`;
    await listener.publishAsync(marker, '{}', { qos: 2 });
    await waitFor('the marker', () => received.has(marker));
    received.delete(marker);
    expect(topics.map((topic) => received.get(topic))).toEqual(topics.map(() => 1));
    const jobs = await first.dataSource.query(`SELECT status, count(*)::int AS count FROM orchestration_job GROUP BY status`);
    expect(jobs).toEqual([{ status: 'DONE', count: 20 }]);
  });
});
