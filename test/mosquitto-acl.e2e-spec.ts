/**
 * The service against an external Mosquitto configured as docs/deployment.md recommends: client
 * certificates required, the certificate's CN as username, ACLs so that only the service reads
 * the request tree and each system reads only its own topics. The test starts its own mosquitto.
 */
import { randomBytes } from 'node:crypto';
import { MqttClient, connect } from 'mqtt';
import { Credential, TestPki } from './support/certificates';
import { mosquittoAvailable, MOSQUITTO_BINARY, TestMosquitto } from './support/mosquitto';
import { MqttReply, TestService } from './support/service';
import { describeIf } from './support/real-parts';

const PULL_TOPIC = 'arrowhead/serviceorchestration/orchestration/pull';
const LOCK_QUERY_TOPIC = 'arrowhead/serviceorchestration/orchestration/management/lock/query';
const base64 = (credential: Credential) => Buffer.from(credential.certPem).toString('base64');

describeIf(mosquittoAvailable, `the mosquitto binary at ${MOSQUITTO_BINARY}`, 'the service on a Mosquitto with client certificates and ACLs', () => {
  const pki = new TestPki('TestCloud');
  const brokerCredential = pki.issue('broker', 'Broker.TestCloud.Company.arrowhead.eu', 'sy');
  const serviceIdentity = 'SimpleStoreServiceOrchestration.TestCloud.Company.arrowhead.eu';
  const serviceCredential = pki.issue('service', serviceIdentity, 'sy');
  const consumerIdentity = 'temperature-consumer.TestCloud.Company.arrowhead.eu';
  const consumer = pki.issue('consumer', consumerIdentity, 'sy');
  const operatorIdentity = 'cloud-admin.TestCloud.Company.arrowhead.eu';
  const operator = pki.issue('operator', operatorIdentity, 'op');
  let mosquitto: TestMosquitto;
  let service: TestService;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    mosquitto = await TestMosquitto.start(pki.dir, { caFile: pki.caFile, certFile: brokerCredential.certFile, keyFile: brokerCredential.keyFile }, serviceIdentity);
    service = await TestService.start({
      ...pki.serviceTlsEnv(serviceCredential),
      AUTH_POLICY: 'certificate',
      MQTT_URL: mosquitto.url,
      // As the Kubernetes base runs it: replicas share the request subscriptions.
      MQTT_SHARED_GROUP: 'serviceorchestration',
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync()));
    await service?.close();
    await mosquitto?.stop();
  });

  async function clientOf(credential: Credential): Promise<MqttClient> {
    const client = connect(mosquitto.url, { reconnectPeriod: 0, ca: pki.caPem, cert: credential.certPem, key: credential.keyPem });
    clients.push(client);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    return client;
  }

  /** A request from `client` with its own certificate, answered on a topic under its own identity. */
  async function request(client: MqttClient, identity: string, credential: Credential, topic: string): Promise<MqttReply> {
    const responseTopic = `${identity}/replies/${randomBytes(4).toString('hex')}`;
    await client.subscribeAsync(responseTopic, { qos: 1 });
    return new Promise<MqttReply>((resolve) => {
      const onMessage = (received: string, message: Buffer) => {
        if (received !== responseTopic) return;
        client.off('message', onMessage);
        resolve(JSON.parse(message.toString()) as MqttReply);
      };
      client.on('message', onMessage);
      client.publish(topic, JSON.stringify({ authentication: base64(credential), responseTopic, qosRequirement: 1 }), { qos: 1 });
    });
  }

  it('serves requests over it, replying on topics under the caller\'s identity', async () => {
    const consumerClient = await clientOf(consumer);
    expect(await request(consumerClient, consumerIdentity, consumer, PULL_TOPIC)).toMatchObject({ status: 200, receiver: 'TemperatureConsumer' });
    const operatorClient = await clientOf(operator);
    expect(await request(operatorClient, operatorIdentity, operator, LOCK_QUERY_TOPIC)).toMatchObject({ status: 200, receiver: 'CloudAdmin' });
  });

  it('does not let a foreign client read the request tree or another system\'s replies', async () => {
    const spy = await clientOf(consumer);
    // Mosquitto 2.0 grants wildcard subscriptions and checks read access per message instead.
    await spy.subscribeAsync(['#', 'arrowhead/serviceorchestration/#', `${operatorIdentity}/#`], { qos: 1 });
    const seen: string[] = [];
    spy.on('message', (topic) => {
      if (!topic.startsWith(`${consumerIdentity}/`)) seen.push(topic);
    });
    // The operator's request and reply pass the broker first; the spy's own reply comes after
    // them from the same service connection, so anything the spy could read has arrived by then.
    const operatorClient = await clientOf(operator);
    expect((await request(operatorClient, operatorIdentity, operator, LOCK_QUERY_TOPIC)).status).toBe(200);
    expect((await request(spy, consumerIdentity, consumer, PULL_TOPIC)).status).toBe(200);
    expect(seen).toEqual([]);
  });
});
