import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { PushListener } from '../src/push/push-listener';
import { describeOnRealDatabase } from './support/real-parts';
import { SYSOP, TestService } from './support/service';
import { waitFor } from './support/wait';

/*
 * A push job queued on one replica wakes an idle other replica through PostgreSQL LISTEN/NOTIFY
 * (issue 9), with polling only as the slow fallback: both replicas poll once a minute here, so a
 * delivery within seconds is the notification's. The replica the triggers go to cannot deliver
 * them itself: its only worker is held by a push whose receiver does not answer.
 */

const BASE = '/serviceorchestration/orchestration';
/** Far below the poll interval: a delivery this fast was woken. */
const PROMPTLY_MS = 5_000;
const POLL_RARELY = { PUSH_POLL_INTERVAL_MS: '60000', PUSH_HTTP_BLOCKED_NETWORKS: '', MQTT_ENABLED: 'false' };

interface Receiver {
  server: Server;
  port: number;
  /** Paths of the pushes that arrived, in order. */
  arrived: string[];
  /** Pushes to /Holder, left unanswered until the end. */
  held: ServerResponse[];
}

async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { server: createServer(), port: 0, arrived: [], held: [] };
  receiver.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    receiver.arrived.push(request.url!);
    if (request.url === '/Holder') receiver.held.push(response);
    else response.end();
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.port = (receiver.server.address() as AddressInfo).port;
  return receiver;
}

/** Subscribes `target` for pushes to /<target> on the receiver and triggers it; answers the subscription id. */
async function subscribeAndTrigger(service: TestService, target: string, port: number): Promise<string> {
  const subscribed = await service.http
    .post(`${BASE}/mgmt/push/subscribe`)
    .set('Authorization', SYSOP)
    .send({
      subscriptions: [
        {
          targetSystemName: target,
          orchestrationRequest: { serviceRequirement: { serviceDefinition: 'kelvinInfo' } },
          notifyInterface: { protocol: 'HTTP', properties: { address: '127.0.0.1', port: String(port), method: 'POST', path: `/${target}` } },
        },
      ],
    });
  expect(subscribed.status).toBe(201);
  const id: string = subscribed.body.entries[0].id;
  const triggered = await service.http.post(`${BASE}/mgmt/push/trigger`).set('Authorization', SYSOP).send({ subscriptionIds: [id] });
  expect(triggered.status).toBe(201);
  return id;
}

async function statusOf(service: TestService, subscriptionId: string): Promise<string | undefined> {
  const [job] = await service.dataSource.query('SELECT status FROM orchestration_job WHERE subscription_id = $1', [subscriptionId]);
  return job?.status;
}

describeOnRealDatabase('push wake-up across replicas', () => {
  let receiver: Receiver;
  let busy: TestService;
  let idle: TestService;
  let held: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    // Alone on the database, it claims the held push with its one worker.
    busy = await TestService.start({ ...POLL_RARELY, PUSH_MAX_WORKERS: '1', PUSH_HTTP_TIMEOUT_MS: '120000', PUSH_HTTP_RETRIES: '0' });
    await busy.truncate('subscription', 'orchestration_job');
    held = await subscribeAndTrigger(busy, 'Holder', receiver.port);
    await waitFor('the held push to reach the receiver', () => receiver.held.length === 1);
    idle = await TestService.start(POLL_RARELY);
  });

  afterAll(async () => {
    for (const response of receiver?.held ?? []) response.end();
    await Promise.all([busy?.close(), idle?.close()]);
    receiver?.server.closeAllConnections();
    await new Promise<void>((resolve) => (receiver ? receiver.server.close(() => resolve()) : resolve()));
  });

  const listening = (service: TestService) => waitFor('the push listener to be connected', () => service.running.app.get(PushListener).backendPid);

  it('delivers a push triggered on a busy replica at once from the idle one', async () => {
    await listening(idle);
    const first = await subscribeAndTrigger(busy, 'First', receiver.port);
    await waitFor('the push to arrive', () => receiver.arrived.includes('/First'), PROMPTLY_MS);
    await waitFor('the job to be done', async () => (await statusOf(busy, first)) === 'DONE', PROMPTLY_MS);
    // The busy replica's worker was held all along: the other replica delivered it.
    expect(await statusOf(busy, held)).toBe('IN_PROGRESS');
  });

  it('still wakes the idle replica after its listener connection was killed', async () => {
    const killed = await listening(idle);
    await idle.dataSource.query('SELECT pg_terminate_backend($1)', [killed]);
    // Queued while the listener may still be down: found when it is back (it wakes on reconnect).
    await subscribeAndTrigger(busy, 'During', receiver.port);
    await waitFor('the push queued during the outage to arrive', () => receiver.arrived.includes('/During'), PROMPTLY_MS);

    await waitFor('the listener to be back on a new connection', () => {
      const pid = idle.running.app.get(PushListener).backendPid;
      return pid !== undefined && pid !== killed;
    });
    await subscribeAndTrigger(busy, 'After', receiver.port);
    await waitFor('the push queued after the reconnect to arrive', () => receiver.arrived.includes('/After'), PROMPTLY_MS);
    expect(await statusOf(busy, held)).toBe('IN_PROGRESS');
    expect(receiver.arrived).toEqual(['/Holder', '/First', '/During', '/After']);
  });
});
