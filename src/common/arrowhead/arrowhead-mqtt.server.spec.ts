import Aedes from 'aedes';
import { createServer, Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { MqttClient } from 'mqtt';
import { ArrowheadMqttServer } from './arrowhead-mqtt.server';

/**
 * The reply path against a real broker (aedes) that refuses the service's reply: the broker
 * closes the connection without acknowledging it. MQTT.js would keep such a QoS 1 reply and send
 * it again after reconnecting, i.e. the broker would cut the connection again and again.
 */
describe('ArrowheadMqttServer reply path', () => {
  let aedes: Aedes;
  let broker: Server;
  let server: ArrowheadMqttServer;
  let client: MqttClient;

  beforeEach(async () => {
    aedes = new Aedes({
      // Refusing a publish makes aedes close an MQTT 3.1.1 connection, with no PUBACK.
      authorizePublish: (_client, packet, callback) => callback(packet.topic.startsWith('refused/') ? new Error('refused') : null),
    });
    broker = createServer(aedes.handle);
    await new Promise<void>((resolve) => broker.listen(0, '127.0.0.1', resolve));
    server = new ArrowheadMqttServer({ url: `mqtt://127.0.0.1:${(broker.address() as AddressInfo).port}`, clientId: 'reply-path-test' });
    await new Promise<void>((resolve, reject) => server.listen((error?: unknown) => (error ? reject(error as Error) : resolve())));
    client = server.unwrap<MqttClient>();
  });

  afterEach(async () => {
    await server.close();
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await new Promise<void>((resolve) => broker.close(() => resolve()));
  });

  const request = (responseTopic: string) =>
    // An unknown QoS is answered by the server itself (400), so no handler is needed.
    Buffer.from(JSON.stringify({ traceId: 't', responseTopic, qosRequirement: 1, params: { owner: { nested: true } } }));

  it('drops an unacknowledged reply when the connection closes instead of keeping it for the reconnect', async () => {
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await server.handleMessage('arrowhead/serviceorchestration/orchestration/management/lock/remove', request('refused/replies'), client);
    await closed;
    expect(Object.keys(client.outgoing)).toEqual([]);
    const stored = await new Promise<unknown[]>((resolve) => {
      const packets: unknown[] = [];
      client.outgoingStore.createStream().on('data', (packet: unknown) => packets.push(packet)).on('end', () => resolve(packets));
    });
    expect(stored).toEqual([]);
  });

  it('never rejects, even when publishing throws', async () => {
    const failing = Object.assign(Object.create(client) as MqttClient, {
      connected: true,
      publish: () => {
        throw new TypeError('The "chunk" argument must be of type string or an instance of Buffer');
      },
    });
    await expect(server.handleMessage('arrowhead/serviceorchestration/monitor/echo', request('fine/replies'), failing)).resolves.toBeUndefined();
  });

  it('never rejects for a message that is not JSON, and does not answer an invalid responseTopic', async () => {
    const publish = jest.spyOn(client, 'publish');
    await expect(server.handleMessage('arrowhead/serviceorchestration/monitor/echo', Buffer.from('{not json'), client)).resolves.toBeUndefined();
    await server.handleMessage('arrowhead/serviceorchestration/monitor/echo', request('#'), client);
    await server.handleMessage('arrowhead/serviceorchestration/monitor/echo', request('a'.repeat(70_000)), client);
    expect(publish).not.toHaveBeenCalled();
  });
});
