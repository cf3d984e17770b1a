import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { MqttClient } from 'mqtt';
import { MetricsService } from '../src/metrics/metrics.service';
import { OrchestrationJob } from '../src/orchestration/entities/orchestration-job.entity';
import { PushQueue } from '../src/push/push-queue';
import { invoke, TRANSPORTS } from './support/operations';
import { TestService } from './support/service';
import { waitFor } from './support/wait';

/*
 * Push receivers cannot hold, flood or redirect the orchestrator (issue 8, "Push delivery is
 * bounded"): the HTTP deadline covers the whole call, at most 64 KiB of an answer is read, a
 * running job keeps its lease and loses it only to a replica that takes it over (after which its
 * outcome is dropped), and PUSH_HTTP_BLOCKED_NETWORKS keeps pushes off loopback and link-local.
 */

const BASE = '/serviceorchestration/orchestration';
const MQTT_BASE = 'arrowhead/serviceorchestration/orchestration';
const SYSOP = 'Bearer SYSTEM//Sysop';
const KELVIN = { serviceRequirement: { serviceDefinition: 'kelvinInfo' } };

interface Receiver {
  server: Server;
  port: number;
  /** Requests that arrived, with their responses still open unless the handler ended them. */
  requests: { request: IncomingMessage; response: ServerResponse }[];
  /** Connections the service (or the receiver) has closed. */
  closed: number;
}

/** A push receiver on loopback whose behaviour is `handle`; connections are counted as they close. */
async function startReceiver(handle: (request: IncomingMessage, response: ServerResponse) => void = () => undefined): Promise<Receiver> {
  const receiver: Receiver = { server: createServer(), port: 0, requests: [], closed: 0 };
  receiver.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    receiver.requests.push({ request, response });
    request.resume();
    handle(request, response);
  });
  receiver.server.on('connection', (socket) => socket.on('close', () => receiver.closed++));
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.port = (receiver.server.address() as AddressInfo).port;
  return receiver;
}

async function stopReceiver(receiver: Receiver): Promise<void> {
  receiver.server.closeAllConnections();
  await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
}

function httpNotify(address: string, port: number | string) {
  return { protocol: 'HTTP', properties: { address, port: String(port), method: 'POST', path: '/push' } };
}

async function subscribeFor(service: TestService, target: string, notifyInterface: object): Promise<string> {
  const response = await service.http
    .post(`${BASE}/mgmt/push/subscribe`)
    .set('Authorization', SYSOP)
    .send({ subscriptions: [{ targetSystemName: target, orchestrationRequest: KELVIN, notifyInterface }] });
  expect(response.status).toBe(201);
  return response.body.entries[0].id;
}

async function trigger(service: TestService, subscriptionIds: string[]): Promise<void> {
  const response = await service.http.post(`${BASE}/mgmt/push/trigger`).set('Authorization', SYSOP).send({ subscriptionIds });
  expect(response.status).toBe(201);
}

interface JobRow {
  id: string;
  status: string;
  message: string | null;
  claim_token: string | null;
  lease_expires_at: Date | null;
}

async function jobOf(service: TestService, subscriptionId: string): Promise<JobRow | undefined> {
  const [job] = await service.dataSource.query(
    'SELECT id, status, message, claim_token, lease_expires_at FROM orchestration_job WHERE subscription_id = $1 ORDER BY created_at',
    [subscriptionId],
  );
  return job;
}

/** The subscription's job once it is DONE or ERROR. */
async function ended(service: TestService, subscriptionId: string, timeoutMs = 10_000): Promise<JobRow> {
  return waitFor(
    `the job of ${subscriptionId} to end`,
    async () => {
      const job = await jobOf(service, subscriptionId);
      return job !== undefined && (job.status === 'DONE' || job.status === 'ERROR') ? job : undefined;
    },
    timeoutMs,
  ) as Promise<JobRow>;
}

async function pushOutcomes(service: TestService): Promise<Record<string, number>> {
  const metric = await service.running.app.get(MetricsService).registry.getSingleMetric('arrowhead_push_notifications_total')!.get();
  return Object.fromEntries(metric.values.map((value) => [`${value.labels.protocol} ${value.labels.outcome}`, value.value]));
}

describe('push delivery bounds (loopback allowed: PUSH_HTTP_BLOCKED_NETWORKS empty)', () => {
  let service: TestService;
  beforeAll(async () => {
    // One worker, so that "the worker is free again" is visible as the next job running; no
    // retries; a lease shorter than the HTTP deadline, so that only renewal keeps a slow delivery's job.
    service = await TestService.start({
      PUSH_MAX_WORKERS: '1',
      PUSH_HTTP_RETRIES: '0',
      PUSH_HTTP_TIMEOUT_MS: '4000',
      PUSH_LEASE_MS: '1500',
      PUSH_POLL_INTERVAL_MS: '200',
      PUSH_HTTP_BLOCKED_NETWORKS: '',
    });
  });
  afterAll(async () => service?.close());
  beforeEach(async () => service.truncate('subscription', 'orchestration_job'));

  it('ends a push to a receiver that trickles its answer at the deadline, closes the connection and frees the worker', async () => {
    const trickler = await startReceiver((request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      const timer = setInterval(() => response.write('.'), 100);
      response.on('close', () => clearInterval(timer));
    });
    const topic = `${service.topicPrefix}/push/after-trickle`;
    const listener: MqttClient = await service.mqttClient();
    const arrived: string[] = [];
    listener.on('message', (at) => arrived.push(at));
    await listener.subscribeAsync(topic, { qos: 2 });
    try {
      const trickled = await subscribeFor(service, 'Trickled', httpNotify('127.0.0.1', trickler.port));
      const next = await subscribeFor(service, 'Next', { protocol: 'MQTT', properties: { topic } });
      await trigger(service, [trickled]);
      await waitFor('the receiver to be called', () => trickler.requests.length === 1);
      await trigger(service, [next]);

      const job = await ended(service, trickled, 15_000);
      expect(job.status).toBe('ERROR');
      expect(job.message).toBe(
        `Error occurred while sending push orchestration via HTTP to subscription: ${trickled}. Reason: no answer within 4000 ms (1 attempt(s) to POST http://127.0.0.1:${trickler.port}/push)`,
      );
      await waitFor('the service to close the trickling connection', () => trickler.closed === 1);
      // The only worker ran the next job after the trickled one.
      await waitFor('the next push', () => arrived.length === 1);
      expect((await ended(service, next)).status).toBe('DONE');
    } finally {
      await stopReceiver(trickler);
    }
  });

  it('reads at most 64 KiB of a huge answer, closes the connection, and counts the 2xx status as delivered', async () => {
    const GIGABYTE = 1024 ** 3;
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const flood = await startReceiver((request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(GIGABYTE) });
      const pump = () => {
        while (sent < GIGABYTE && !response.destroyed) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
      };
      pump();
    });
    try {
      const id = await subscribeFor(service, 'Flooded', httpNotify('127.0.0.1', flood.port));
      await trigger(service, [id]);
      const job = await ended(service, id, 15_000);
      expect(job).toMatchObject({ status: 'DONE', message: '0 local result(s)' });
      await waitFor('the service to close the flooding connection', () => flood.closed === 1);
      // What the receiver got out before the close is the 64 KiB plus the sockets' buffers, nowhere near its gigabyte.
      expect(sent).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await stopReceiver(flood);
    }
  });

  it('renews the lease of a job whose delivery outlasts PUSH_LEASE_MS, so that no other replica can claim it', async () => {
    const holder = await startReceiver();
    try {
      const id = await subscribeFor(service, 'Held', httpNotify('127.0.0.1', holder.port));
      await trigger(service, [id]);
      await waitFor('the receiver to be called', () => holder.requests.length === 1);
      const claimed = (await jobOf(service, id))!;
      expect(claimed.status).toBe('IN_PROGRESS');

      // Wait (on the database clock) until the first lease would have run out.
      await waitFor('the first lease to be over', async () => {
        const [row] = await service.dataSource.query('SELECT now() > $1::timestamptz AS over FROM orchestration_job WHERE id = $2', [claimed.lease_expires_at, claimed.id]);
        return row.over;
      });
      const [renewed] = await service.dataSource.query('SELECT lease_expires_at > now() AS held, claim_token FROM orchestration_job WHERE id = $1', [claimed.id]);
      expect(renewed).toEqual({ held: true, claim_token: claimed.claim_token });
      // Another replica looking for work finds nothing to take.
      expect(await service.running.app.get(PushQueue).claimNext(60_000)).toBeNull();

      holder.requests[0].response.end();
      expect(await ended(service, id)).toMatchObject({ status: 'DONE' });
      expect(holder.requests).toHaveLength(1);
    } finally {
      await stopReceiver(holder);
    }
  });

  it('drops the outcome of a job taken over by another replica; only the new holder can finish it', async () => {
    const holder = await startReceiver();
    const jobs = service.running.app.get(PushQueue);
    try {
      const id = await subscribeFor(service, 'TakenOver', httpNotify('127.0.0.1', holder.port));
      await trigger(service, [id]);
      await waitFor('the receiver to be called', () => holder.requests.length === 1);
      const first = (await jobOf(service, id))!;
      const before = await pushOutcomes(service);

      // Play a second replica: the lease runs out (set by SQL), it claims the job. The service's
      // own dispatcher cannot claim it meanwhile: its only worker is busy with this very job. A
      // renewal by the first holder between the two statements is answered by claiming again.
      const takenOver = (await waitFor('the job to be claimed by another replica', async () => {
        await service.dataSource.query(`UPDATE orchestration_job SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [first.id]);
        return jobs.claimNext(60_000);
      })) as OrchestrationJob;
      expect(takenOver).toMatchObject({ id: first.id, status: 'IN_PROGRESS' });
      expect(takenOver.claimToken).not.toBe(first.claim_token);

      // The first holder notices at its next renewal (or when its receiver answers) and its finish is refused.
      holder.requests[0].response.end();
      await waitFor('the first holder to give the job up', async () => ((await pushOutcomes(service))['HTTP LEASE_LOST'] ?? 0) > (before['HTTP LEASE_LOST'] ?? 0));
      expect(await jobOf(service, id)).toMatchObject({ status: 'IN_PROGRESS', message: null, claim_token: takenOver.claimToken });

      expect(await jobs.finish(takenOver, 'DONE', '0 local result(s)')).toBe(true);
      expect(await jobOf(service, id)).toMatchObject({ status: 'DONE', message: '0 local result(s)', claim_token: null });
      // A stale holder cannot change a finished job either.
      expect(await jobs.finish({ ...takenOver, claimToken: first.claim_token } as OrchestrationJob, 'ERROR', 'late')).toBe(false);
      expect(await jobOf(service, id)).toMatchObject({ status: 'DONE' });
    } finally {
      await stopReceiver(holder);
    }
  });
});

describe('PUSH_HTTP_BLOCKED_NETWORKS by default (loopback, link-local, "this host")', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await TestService.start({ PUSH_HTTP_RETRIES: '1', PUSH_POLL_INTERVAL_MS: '200' });
  });
  afterAll(async () => service?.close());
  beforeEach(async () => service.truncate('subscription', 'orchestration_job'));

  const blockedLiterals = ['127.0.0.1', '127.1.2.3', '169.254.169.254', '::1', '[::1]', 'fe80::1', '0.0.0.0', '2130706433', '::ffff:127.0.0.1'];

  describe.each(TRANSPORTS)('over %s', (transport) => {
    it.each(blockedLiterals)('refuses a consumer subscription to %s with 400', async (address) => {
      const reply = await invoke(
        service,
        transport,
        { method: 'POST', path: `${BASE}/subscribe`, topic: `${MQTT_BASE}/subscribe`, body: { orchestrationRequest: KELVIN, notifyInterface: httpNotify(address, 8080) } },
        { authorization: 'Bearer SYSTEM//TemperatureConsumer' },
      );
      expect(reply).toEqual({
        status: 400,
        body: expect.objectContaining({ errorMessage: `Notify address is in a blocked network: ${address}`, errorCode: 400, exceptionType: 'INVALID_PARAMETER' }),
      });
    });

    it('refuses a push management subscription to a blocked address with 400, and stores none of the list', async () => {
      const reply = await invoke(service, transport, {
        method: 'POST',
        path: `${BASE}/mgmt/push/subscribe`,
        topic: `${MQTT_BASE}/management/push/subscribe`,
        body: {
          subscriptions: [
            { targetSystemName: 'Fine', notifyInterface: httpNotify('192.0.2.10', 8080) },
            { targetSystemName: 'Metadata', notifyInterface: { protocol: 'HTTPS', properties: { address: '169.254.169.254', port: '443', method: 'PUT', path: '/' } } },
          ],
        },
      });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ errorMessage: 'Notify address is in a blocked network: 169.254.169.254', exceptionType: 'INVALID_PARAMETER' });
      expect(await service.dataSource.query('SELECT id FROM subscription')).toEqual([]);
    });
  });

  it('accepts addresses outside the blocked networks and host names (checked when the push connects)', async () => {
    for (const address of ['192.0.2.10', '2001:db8::1', 'receiver.example', 'localhost']) {
      await subscribeFor(service, `Target${address.replace(/[^a-z0-9]/gi, '')}`, httpNotify(address, 8080));
    }
  });

  it('ends a push to a host name that resolves into a blocked network in ERROR with the reason, without connecting or retrying', async () => {
    const receiver = await startReceiver((request, response) => response.end());
    try {
      const id = await subscribeFor(service, 'LocalhostConsumer', httpNotify('localhost', receiver.port));
      await trigger(service, [id]);
      const job = await ended(service, id);
      expect(job.status).toBe('ERROR');
      expect(job.message).toMatch(
        new RegExp(
          `^Error occurred while sending push orchestration via HTTP to subscription: ${id}\\. Reason: localhost \\((127\\.0\\.0\\.1|::1)\\) is in a blocked network \\(PUSH_HTTP_BLOCKED_NETWORKS\\) \\(1 attempt\\(s\\) to POST http://localhost:${receiver.port}/push\\)$`,
        ),
      );
      expect(receiver.requests).toEqual([]);
    } finally {
      await stopReceiver(receiver);
    }
  });

  it('ends a push to a literal blocked address stored earlier (blocked since) in ERROR without connecting', async () => {
    const receiver = await startReceiver((request, response) => response.end());
    try {
      const id = await subscribeFor(service, 'EarlierConsumer', httpNotify('192.0.2.10', receiver.port));
      await service.dataSource.query(`UPDATE subscription SET notify_properties = jsonb_set(notify_properties, '{address}', '"127.0.0.1"') WHERE id = $1`, [id]);
      await trigger(service, [id]);
      const job = await ended(service, id);
      expect(job.message).toContain('Reason: 127.0.0.1 is in a blocked network (PUSH_HTTP_BLOCKED_NETWORKS) (1 attempt(s)');
      expect(receiver.requests).toEqual([]);
    } finally {
      await stopReceiver(receiver);
    }
  });
});
