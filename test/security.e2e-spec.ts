import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import Aedes from 'aedes';
import { createServer as createTlsServer, Server as TlsServer, TLSSocket } from 'node:tls';
import { Credential, TestPki } from './support/certificates';
import { FakeCloud } from './support/fake-cloud';
import { TestService } from './support/service';

const PULL = '/serviceorchestration/orchestration/pull';
const PULL_TOPIC = 'arrowhead/serviceorchestration/orchestration/pull';
const LOCK_QUERY = '/serviceorchestration/orchestration/mgmt/lock/query';
const LOCK_TOPIC = 'arrowhead/serviceorchestration/orchestration/management/lock';
const base64 = (credential: Credential) => Buffer.from(credential.certPem).toString('base64');

describe('certificate authentication over HTTPS and MQTTS', () => {
  const pki = new TestPki('TestCloud');
  const strangerPki = new TestPki('TestCloud');
  const server = pki.issue('server', 'SimpleStoreServiceOrchestration.TestCloud.Company.arrowhead.eu', 'sy');
  const consumer = pki.issue('consumer', 'temperature-consumer.TestCloud.Company.arrowhead.eu', 'sy');
  const operator = pki.issue('operator', 'cloud-admin.TestCloud.Company.arrowhead.eu', 'op');
  const device = pki.issue('device', 'sensor-box.TestCloud.Company.arrowhead.eu', 'de');
  const foreigner = pki.issue('foreigner', 'visitor.OtherCloud.Company.arrowhead.eu', 'sy');
  const stranger = pki.issue('stranger', 'intruder.TestCloud.Company.arrowhead.eu', 'op', strangerPki);
  let service: TestService;
  let baseUrl: string;

  beforeAll(async () => {
    service = await TestService.start({
      ...pki.serviceTlsEnv(server),
      TLS_CLIENT_AUTH: 'request',
      AUTH_POLICY: 'certificate',
      MQTT_URL: '', // the embedded broker, over TLS
    });
    baseUrl = `https://127.0.0.1:${service.running.httpPort}`;
  });
  afterAll(async () => service?.close());

  const get = (path: string, credential?: Credential) => {
    const call = service.http.post(path).ca(pki.caPem);
    return credential ? call.key(credential.keyPem).cert(credential.certPem) : call;
  };

  it('serves MQTT over TLS from the embedded broker', () => {
    expect(service.running.mqttUrl).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
  });

  it("identifies a system by its certificate's CN and lets it pull, not manage", async () => {
    expect((await get(PULL, consumer)).status).toBe(200);
    const refused = await get(LOCK_QUERY, consumer);
    expect(refused.status).toBe(403);
    expect(refused.body.errorMessage).toBe('Requester has no management permission');
  });

  it('treats an operator certificate as the sysop', async () => {
    expect((await get(LOCK_QUERY, operator)).status).toBe(200);
  });

  it.each([
    ['no certificate', undefined, 401, 'AUTH', () => `Unauthenticated access attempt: ${baseUrl}${PULL}`],
    ['a certificate of another CA', stranger, 401, 'AUTH', () => `Unauthenticated access attempt: ${baseUrl}${PULL}`],
    ['a device certificate', device, 403, 'FORBIDDEN', () => `Unauthorized access: ${baseUrl}${PULL}, invalid certificate type: DEVICE`],
    ['a certificate of another cloud', foreigner, 403, 'FORBIDDEN', () => `Unauthorized access: ${baseUrl}${PULL}, from foreign cloud`],
  ])('refuses %s over HTTPS', async (_, credential, status, type, message) => {
    const response = await get(PULL, credential);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ errorMessage: message(), errorCode: status, exceptionType: type });
  });

  it('identifies MQTT callers by the base64 PEM in authentication, their own connection\'s certificate', async () => {
    const pulled = await service.mqttAs(consumer, PULL_TOPIC, { authentication: base64(consumer) });
    expect(pulled).toMatchObject({ status: 200, receiver: 'TemperatureConsumer' });
    expect((await service.mqttAs(operator, `${LOCK_TOPIC}/query`, { authentication: base64(operator) })).status).toBe(200);
    expect((await service.mqttAs(consumer, `${LOCK_TOPIC}/query`, { authentication: base64(consumer) })).status).toBe(403);
  });

  it.each([
    ['nothing', consumer, undefined, 401, 'No authentication key has been provided'],
    ['something that is not a certificate', consumer, Buffer.from('hello').toString('base64'), 401, 'Invalid authentication key has been provided'],
    ['a certificate of another CA', consumer, base64(stranger), 401, 'Invalid authentication key has been provided'],
    ['a device certificate', device, base64(device), 403, `Unauthorized access: ${PULL_TOPIC}, invalid certificate type: DEVICE`],
    ['a certificate of another cloud', foreigner, base64(foreigner), 403, `Unauthorized access: ${PULL_TOPIC}, from foreign cloud`],
  ])('refuses %s over MQTT', async (_, connection, authentication, status, message) => {
    const reply = await service.mqttAs(connection, PULL_TOPIC, { authentication });
    expect(reply.status).toBe(status);
    expect(reply.payload).toMatchObject({ errorMessage: message, origin: PULL_TOPIC });
  });
});

describe('outsourced authentication (identity tokens of the Authentication system)', () => {
  let cloud: FakeCloud;
  let service: TestService;

  beforeAll(async () => {
    cloud = await new FakeCloud({
      policy: 'outsourced',
      callerTokens: { 'consumer-token': { systemName: 'temperature-consumer' }, 'operator-token': { systemName: 'CloudAdmin', sysop: true } },
    }).start();
    service = await TestService.start({ AUTH_POLICY: 'outsourced', AUTHENTICATION_URL: cloud.url, AUTH_LOGIN_PASSWORD: 'pw' });
  });
  afterAll(async () => {
    await service?.close();
    await cloud?.stop();
  });

  it('verifies a token once, with its own token, then serves its holder from the cache', async () => {
    const before = cloud.calls.length;
    for (let i = 0; i < 3; i++) {
      const response = await service.http.post(PULL).set('Authorization', 'Bearer IDENTITY-TOKEN//consumer-token');
      expect(response.status).toBe(200);
    }
    expect(cloud.lines(before)).toEqual(['GET /authentication/identity/verify/consumer-token']);
    expect(cloud.calls[before].authorization).toBe(`Bearer IDENTITY-TOKEN//${cloud.tokenOf()}`);
  });

  it('takes the sysop flag from the verification, over MQTT too', async () => {
    expect((await service.mqtt(`${LOCK_TOPIC}/query`, { authentication: 'IDENTITY-TOKEN//operator-token' })).status).toBe(200);
    expect((await service.mqtt(`${LOCK_TOPIC}/query`, { authentication: 'IDENTITY-TOKEN//consumer-token' })).status).toBe(403);
  });

  it.each([
    ['an unknown token', 'Bearer IDENTITY-TOKEN//forged'],
    ['a declared identity', 'Bearer SYSTEM//Sysop'],
    ['an empty token', 'Bearer IDENTITY-TOKEN//'],
    ['a token longer than any real one', `Bearer IDENTITY-TOKEN//${'x'.repeat(2000)}`],
  ])('refuses %s with 401', async (_, authorization) => {
    const response = await service.http.post(PULL).set('Authorization', authorization);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errorMessage: 'Invalid authorization header', errorCode: 401, exceptionType: 'AUTH' });
  });

  it('asks once about a rejected token for a while (negative cache), and once for requests arriving together', async () => {
    const before = cloud.calls.length;
    expect((await service.http.post(PULL).set('Authorization', 'Bearer IDENTITY-TOKEN//rejected-once')).status).toBe(401);
    expect((await service.http.post(PULL).set('Authorization', 'Bearer IDENTITY-TOKEN//rejected-once')).status).toBe(401);
    cloud.options.callerTokens['together'] = { systemName: 'Together' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => service.http.post(PULL).set('Authorization', 'Bearer IDENTITY-TOKEN//together')));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(cloud.lines(before)).toEqual(['GET /authentication/identity/verify/rejected-once', 'GET /authentication/identity/verify/together']);
  });
});

describe('outsourced authentication when the Authentication system goes away', () => {
  it('answers 503 without passing on addresses or reasons', async () => {
    const cloud = await new FakeCloud({ policy: 'outsourced', callerTokens: { 'consumer-token': { systemName: 'TemperatureConsumer' } } }).start();
    const orphan = await TestService.start({ AUTH_POLICY: 'outsourced', AUTHENTICATION_URL: cloud.url, AUTH_LOGIN_PASSWORD: 'pw', MQTT_ENABLED: 'false' });
    try {
      await cloud.stop();
      const response = await orphan.http.post(PULL).set('Authorization', 'Bearer IDENTITY-TOKEN//consumer-token');
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ errorMessage: 'Authentication system is not available', errorCode: 503, exceptionType: 'EXTERNAL_SERVER_ERROR' });
    } finally {
      await orphan.close();
    }
  });
});

describe('authorization management policy (ConsumerAuthorization decides)', () => {
  let cloud: FakeCloud;
  let service: TestService;

  beforeAll(async () => {
    cloud = await new FakeCloud({
      authorize: (question) => question.consumer === 'Auditor' && question.target === 'serviceOrchestrationLockManagement' && ['query', 'remove'].includes(question.scope),
    }).start();
    service = await TestService.start({ MANAGEMENT_POLICY: 'authorization', CONSUMER_AUTHORIZATION_URL: cloud.url, MANAGEMENT_WHITELIST: 'Trusted' });
  });
  afterAll(async () => {
    await service?.close();
    await cloud?.stop();
  });

  it('asks ConsumerAuthorization about the service definition and operation, on both transports', async () => {
    const before = cloud.calls.length;
    expect((await service.http.post(LOCK_QUERY).set('Authorization', 'Bearer SYSTEM//Auditor')).status).toBe(200);
    expect((await service.mqtt(`${LOCK_TOPIC}/query`, { authentication: 'SYSTEM//Auditor' })).status).toBe(200);
    expect(cloud.calls[before]).toMatchObject({ method: 'POST', rawPath: '/consumerauthorization/authorization/verify', authorization: 'Bearer SYSTEM//SimpleStoreServiceOrchestration' });
    expect(cloud.calls[before].body).toEqual({
      provider: 'SimpleStoreServiceOrchestration',
      consumer: 'Auditor',
      cloud: 'LOCAL',
      targetType: 'SERVICE_DEF',
      target: 'serviceOrchestrationLockManagement',
      scope: 'query',
    });
  });

  it('maps routes with path variables too (lock remove)', async () => {
    const response = await service.http
      .delete('/serviceorchestration/orchestration/mgmt/lock/remove/Owner?instanceIds=A%7Cb%7C1.0.0')
      .set('Authorization', 'Bearer SYSTEM//Auditor');
    expect(response.status).toBe(200);
  });

  it('refuses what ConsumerAuthorization does not allow', async () => {
    const response = await service.http.post('/serviceorchestration/orchestration/mgmt/lock/create').set('Authorization', 'Bearer SYSTEM//Auditor').send({ locks: [] });
    expect(response.status).toBe(403);
    expect((await service.http.post(LOCK_QUERY).set('Authorization', 'Bearer SYSTEM//Stranger')).status).toBe(403);
  });

  it('lets the sysop and whitelisted systems in without asking', async () => {
    const before = cloud.calls.length;
    expect((await service.http.post(LOCK_QUERY).set('Authorization', 'Bearer SYSTEM//Sysop')).status).toBe(200);
    expect((await service.http.post(LOCK_QUERY).set('Authorization', 'Bearer SYSTEM//Trusted')).status).toBe(200);
    expect(cloud.calls.length).toBe(before);
  });

  it('counts an unreachable ConsumerAuthorization as a no', async () => {
    const orphan = await TestService.start({ MANAGEMENT_POLICY: 'authorization', CONSUMER_AUTHORIZATION_URL: 'http://127.0.0.1:1', MQTT_ENABLED: 'false' });
    try {
      expect((await orphan.http.post(LOCK_QUERY).set('Authorization', 'Bearer SYSTEM//Auditor')).status).toBe(403);
    } finally {
      await orphan.close();
    }
  });
});

describe('an external broker over MQTTS', () => {
  const pki = new TestPki('TestCloud');
  const brokerCredential = pki.issue('broker', 'Broker.TestCloud.Company.arrowhead.eu', 'sy');
  const serviceCredential = pki.issue('service', 'SimpleStoreServiceOrchestration.TestCloud.Company.arrowhead.eu', 'sy');
  const aedes = new Aedes();
  let broker: TlsServer;
  let service: TestService;
  const presented: string[] = [];

  beforeAll(async () => {
    // A TLS broker that demands a client certificate from this CA stands in for the external one;
    // it notes the CN of every verified client certificate.
    broker = createTlsServer(
      {
        key: readFileSync(brokerCredential.keyFile),
        cert: readFileSync(brokerCredential.certFile),
        ca: readFileSync(pki.caFile),
        requestCert: true,
        rejectUnauthorized: true,
      },
      aedes.handle,
    );
    broker.on('secureConnection', (socket: TLSSocket) => {
      const commonName = socket.getPeerCertificate()?.subject?.CN;
      if (commonName) presented.push(String(commonName));
    });
    await new Promise<void>((resolve) => broker.listen(0, '127.0.0.1', resolve));
    service = await TestService.start({
      MQTT_URL: `mqtts://127.0.0.1:${(broker.address() as AddressInfo).port}`,
      MQTT_CA_FILE: pki.caFile,
      MQTT_CERT_FILE: serviceCredential.certFile,
      MQTT_KEY_FILE: serviceCredential.keyFile,
      TLS_CA_FILE: pki.caFile,
    });
  });
  afterAll(async () => {
    await service?.close();
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await new Promise((resolve) => broker?.close(resolve));
  });

  it('connects with its client certificate and serves requests there', async () => {
    expect(presented).toContain('SimpleStoreServiceOrchestration.TestCloud.Company.arrowhead.eu');
    const client = await service.mqttClient();
    expect(client.connected).toBe(true);
  });
});
