/**
 * The embedded broker's access rules over real MQTT(S): under the certificate policy a request
 * counts only with the publishing connection's own client certificate, a client without one is
 * not let in, and in every mode only the service reads its request tree.
 */
import { randomBytes } from 'node:crypto';
import { connect, MqttClient } from 'mqtt';
import { Credential, TestPki } from './support/certificates';
import { TestService } from './support/service';

const PULL_TOPIC = 'arrowhead/serviceorchestration/orchestration/pull';
const LOCK_QUERY_TOPIC = 'arrowhead/serviceorchestration/orchestration/management/lock/query';
const ECHO_TOPIC = 'arrowhead/serviceorchestration/monitor/echo';
const base64 = (credential: Credential) => Buffer.from(credential.certPem).toString('base64');
const SUBSCRIPTION_REFUSED = 128;

/**
 * Subscribes `spy` to `filters` and returns the granted QoS of each; then sends a request from
 * `requester` whose reply goes to a topic `spy` does read, and resolves with the request-tree
 * messages `spy` got before that reply (the broker delivers them in order, so none can be late).
 */
async function requestTreeSeenBy(spy: MqttClient, filters: string[], requester: MqttClient, authentication: string): Promise<{ granted: number[]; seen: string[] }> {
  // MQTT.js rejects a SUBACK with a refusal in it; the packet still says what was granted.
  const granted = await spy.subscribeAsync(filters, { qos: 1 }).then(
    (grants) => grants.map((grant) => grant.qos),
    (error: { packet?: { granted?: number[] } }) => {
      if (!error.packet?.granted) throw error;
      return error.packet.granted;
    },
  );
  const replyTopic = `spy-${randomBytes(4).toString('hex')}/reply`;
  await spy.subscribeAsync(replyTopic, { qos: 1 });
  const seen: string[] = [];
  await new Promise<void>((resolve) => {
    spy.on('message', (topic) => {
      if (topic === replyTopic) resolve();
      else if (topic.startsWith('arrowhead/serviceorchestration/')) seen.push(topic);
    });
    requester.publish(ECHO_TOPIC, JSON.stringify({ authentication, responseTopic: replyTopic, qosRequirement: 1 }), { qos: 1 });
  });
  return { granted, seen };
}

describe('embedded MQTTS broker under the certificate policy', () => {
  const pki = new TestPki('TestCloud');
  const strangerPki = new TestPki('TestCloud');
  const server = pki.issue('server', 'SimpleStoreServiceOrchestration.TestCloud.Company.arrowhead.eu', 'sy');
  const consumer = pki.issue('consumer', 'temperature-consumer.TestCloud.Company.arrowhead.eu', 'sy');
  const operator = pki.issue('operator', 'cloud-admin.TestCloud.Company.arrowhead.eu', 'op');
  const stranger = pki.issue('stranger', 'intruder.TestCloud.Company.arrowhead.eu', 'op', strangerPki);
  let service: TestService;

  beforeAll(async () => {
    service = await TestService.start({
      ...pki.serviceTlsEnv(server),
      AUTH_POLICY: 'certificate',
      MQTT_URL: '', // the embedded broker, over TLS
    });
  });
  afterAll(async () => service?.close());

  it('accepts a request that carries its own connection\'s certificate', async () => {
    const reply = await service.mqttAs(operator, LOCK_QUERY_TOPIC, { authentication: base64(operator) });
    expect(reply).toMatchObject({ status: 200, receiver: 'CloudAdmin' });
  });

  it('answers 401 to a request carrying another system\'s certificate (pasted, not proven)', async () => {
    // The consumer has seen the operator's certificate and pastes it.
    const reply = await service.mqttAs(consumer, LOCK_QUERY_TOPIC, { authentication: base64(operator) });
    expect(reply.status).toBe(401);
    expect(reply.payload).toMatchObject({ errorCode: 401, exceptionType: 'AUTH', errorMessage: 'Invalid authentication key has been provided' });
    // Its own certificate still works on the same footing.
    expect((await service.mqttAs(consumer, PULL_TOPIC, { authentication: base64(consumer) })).status).toBe(200);
  });

  it('refuses a connection without a client certificate, and one with a certificate of another CA', async () => {
    const url = service.running.mqttUrl!;
    const ca = pki.caPem;
    for (const credential of [undefined, stranger]) {
      const client = connect(url, { reconnectPeriod: 0, ca, ...(credential ? { cert: credential.certPem, key: credential.keyPem } : {}) });
      const outcome = await new Promise<string>((resolve) => {
        client.once('connect', () => resolve('connected'));
        client.once('error', () => resolve('refused'));
        client.once('close', () => resolve('refused'));
      });
      client.end(true);
      expect(outcome).toBe('refused');
    }
  });

  it('does not let another client subscribe to the request tree, so it cannot collect authentication values', async () => {
    const spy = await service.mqttClientWith(consumer);
    const requester = await service.mqttClientWith(operator);
    const { granted, seen } = await requestTreeSeenBy(spy, ['#', 'arrowhead/serviceorchestration/#', '+/+/monitor/echo'], requester, base64(operator));
    expect(granted).toEqual([SUBSCRIPTION_REFUSED, SUBSCRIPTION_REFUSED, SUBSCRIPTION_REFUSED]);
    expect(seen).toEqual([]);
  });
});

describe('embedded plain MQTT broker (declared policy)', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await TestService.start({ MQTT_URL: '' });
  });
  afterAll(async () => service?.close());

  it('lets only the service read the request tree, and still serves requests', async () => {
    const spy = await service.mqttClient();
    const requester = await service.mqttClient();
    const { granted, seen } = await requestTreeSeenBy(spy, ['arrowhead/#', `${service.topicPrefix}/other`], requester, 'SYSTEM//Sysop');
    expect(granted).toEqual([SUBSCRIPTION_REFUSED, 1]);
    expect(seen).toEqual([]);
  });

  it('does not let a client in under the service\'s own broker username without its password', async () => {
    const client = connect(service.running.mqttUrl!, { reconnectPeriod: 0, username: 'SimpleStoreServiceOrchestration', password: 'guess' });
    const outcome = await new Promise<string>((resolve) => {
      client.once('connect', () => resolve('connected'));
      client.once('error', (error) => resolve(error.message));
    });
    client.end(true);
    expect(outcome).toMatch(/Bad username or password/i);
  });
});
