import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CloudJoinError } from '../src/cloud/core-call.error';
import { TestPki } from './support/certificates';
import { FakeCloud, RecordedCall } from './support/fake-cloud';
import { freePort } from './support/ports';
import { TestService, usingRealBroker } from './support/service';
import { waitFor } from './support/wait';

/** SPEC-cloud.md §10: the calls a fake local cloud observes while the real service joins, works in and leaves it. */

const NAME = 'SimpleStoreServiceOrchestration';
const DECLARED = `Bearer SYSTEM//${NAME}`;
const LOOKUP = 'POST /serviceregistry/service-discovery/lookup?verbose=false';
const SYSTEM_REVOKE = 'DELETE /serviceregistry/system-discovery/revoke';
const SYSTEM_REGISTER = 'POST /serviceregistry/system-discovery/register';
const SERVICE_REGISTER = 'POST /serviceregistry/service-discovery/register';
const PULL = '/serviceorchestration/orchestration/pull';
const PULL_TOPIC = 'arrowhead/serviceorchestration/orchestration/pull';
const STORE_QUERY = '/serviceorchestration/orchestration/mgmt/simple-store/query';
const STORE_QUERY_BODY = { pagination: { page: 0, size: 10 }, consumerNames: ['Nobody'] };

/** §3.4 as written in the spec (not derived from the code under test). */
const SERVICES = [
  ['generalManagement', '/serviceorchestration/general/mgmt', { 'get-log': ['POST', '/logs'], 'get-config': ['GET', '/get-config'] }, 'arrowhead/serviceorchestration/general/management/'],
  [
    'serviceOrchestrationPushManagement',
    '/serviceorchestration/orchestration/mgmt/push',
    { subscribe: ['POST', '/subscribe'], unsubscribe: ['DELETE', '/unsubscribe'], trigger: ['POST', '/trigger'], query: ['POST', '/query'] },
    'arrowhead/serviceorchestration/orchestration/management/push/',
  ],
  [
    'serviceOrchestrationSimpleStoreManagement',
    '/serviceorchestration/orchestration/mgmt/simple-store',
    { query: ['POST', '/query'], create: ['POST', '/create'], 'modify-priorities': ['PUT', '/modify-priorities'], remove: ['DELETE', '/remove'] },
    'arrowhead/serviceorchestration/orchestration/management/store/',
  ],
  [
    'serviceOrchestrationLockManagement',
    '/serviceorchestration/orchestration/mgmt/lock',
    { create: ['POST', '/create'], query: ['POST', '/query'], remove: ['DELETE', '/remove/{owner}'] },
    'arrowhead/serviceorchestration/orchestration/management/lock/',
  ],
  ['serviceOrchestrationHistoryManagement', '/serviceorchestration/orchestration/mgmt/history', { query: ['POST', '/query'] }, 'arrowhead/serviceorchestration/orchestration/management/history/'],
  [
    'serviceOrchestration',
    '/serviceorchestration/orchestration',
    { pull: ['POST', '/pull'], subscribe: ['POST', '/subscribe'], unsubscribe: ['DELETE', '/unsubscribe/{id}'] },
    'arrowhead/serviceorchestration/orchestration/',
  ],
] as const;

interface BrokerInterface {
  port: number;
  tls?: boolean;
  address?: string;
}

/**
 * The broker the service registered: its embedded one under DOMAIN_NAME, or (TEST_MQTT_URL) the
 * external broker under the address the service connects to.
 */
function brokerOf(service: TestService): BrokerInterface {
  const url = new URL(service.running.mqttUrl!);
  return { port: Number(url.port), tls: url.protocol === 'mqtts:', address: usingRealBroker ? url.hostname : undefined };
}

function expectedRegister(index: number, httpPort: number, mqtt?: BrokerInterface, tls = false) {
  const [definition, basePath, operations, baseTopic] = SERVICES[index];
  const interfaces: unknown[] = [
    {
      templateName: tls ? 'generic_https' : 'generic_http',
      protocol: tls ? 'https' : 'http',
      policy: 'NONE',
      properties: {
        accessAddresses: ['orch.test'],
        accessPort: httpPort,
        basePath,
        operations: Object.fromEntries(Object.entries(operations).map(([name, [method, path]]) => [name, { path, method }])),
      },
    },
  ];
  if (mqtt) {
    interfaces.push({
      templateName: mqtt.tls ? 'generic_mqtts' : 'generic_mqtt',
      protocol: mqtt.tls ? 'ssl' : 'tcp',
      policy: 'NONE',
      properties: { accessAddresses: [mqtt.address ?? 'orch.test'], accessPort: mqtt.port, baseTopic, operations: Object.keys(operations).sort() },
    });
  }
  return {
    serviceDefinitionName: definition,
    version: '1.0.0',
    metadata: definition === 'serviceOrchestration' ? { orchestrationStrategy: 'simpleStore', unrestrictedDiscovery: true } : {},
    interfaces,
  };
}

/** Bodies compare as JSON with `operations` arrays as sets. */
function normalized(body: any): any {
  const copy = JSON.parse(JSON.stringify(body));
  for (const item of copy.interfaces ?? []) if (Array.isArray(item.properties?.operations)) item.properties.operations.sort();
  return copy;
}

const lookupBody = (definition: string, provider?: string, template = 'generic_http') => ({
  ...(provider ? { providerNames: [provider] } : {}),
  serviceDefinitionNames: [definition],
  interfaceTemplateNames: [template],
});

/** 1.'s sequence, starting at `calls[0]`. */
function expectRegistration(calls: RecordedCall[], authorization: string | undefined, httpPort: number, mqtt?: BrokerInterface, tls = false) {
  expect(calls.map((call) => `${call.method} ${call.rawPath}`)).toEqual([LOOKUP, SYSTEM_REVOKE, SYSTEM_REGISTER, LOOKUP, ...SERVICES.map(() => SERVICE_REGISTER)]);
  const template = tls ? 'generic_https' : 'generic_http';
  expect(calls[0].body).toEqual(lookupBody('systemDiscovery', 'ServiceRegistry', template));
  expect(calls[1].body).toBeUndefined();
  expect(calls[2].body).toEqual({ metadata: {}, version: '5.2.0', addresses: ['orch.test'] });
  expect(calls[3].body).toEqual(lookupBody('serviceDiscovery', 'ServiceRegistry', template));
  calls.slice(4).forEach((call, index) => expect(normalized(call.body)).toEqual(expectedRegister(index, httpPort, mqtt, tls)));
  for (const call of calls) expect(call.authorization).toBe(authorization);
}

const cloudEnv = (cloud: FakeCloud, extra: Record<string, string> = {}) => ({
  SERVICE_REGISTRY_URL: cloud.url,
  DOMAIN_NAME: 'orch.test',
  SERVICE_REGISTRY_RETRY_INTERVAL_MS: '100',
  MQTT_ENABLED: 'false',
  ...extra,
});

describe('registration in the Service Registry (declared policy)', () => {
  let cloud: FakeCloud;
  afterEach(async () => cloud?.stop());

  it('registers the system and six services in order, and is ready only after the sixth', async () => {
    cloud = await new FakeCloud().start();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    cloud.beforeAnswer = (call) => (call.path.endsWith('/service-discovery/register') && call.body?.serviceDefinitionName === 'serviceOrchestration' ? held : undefined);
    const port = await freePort();
    const starting = TestService.start(cloudEnv(cloud, { PORT: String(port) }));
    const probes: number[] = [];
    let probeError: unknown;
    try {
      await waitFor('the sixth registration to arrive', () => cloud.calls.some((call) => call.body?.serviceDefinitionName === 'serviceOrchestration'), 30_000);
      probes.push((await request(`http://127.0.0.1:${port}`).get('/health/ready')).status);
      probes.push((await request(`http://127.0.0.1:${port}`).get('/health/live')).status);
    } catch (error) {
      probeError = error;
    } finally {
      release();
    }
    const service = await starting;
    try {
      if (probeError) throw probeError;
      // HTTP answers already, but the service is not ready (any status but 200 keeps it out of a Service's endpoints).
      expect(probes[0]).not.toBe(200);
      expect(probes[1]).toBe(200);
      expect((await service.http.get('/health/ready')).status).toBe(200);
      expectRegistration(cloud.calls, DECLARED, port);
      expect([...cloud.instances.keys()]).toHaveLength(6);
      // The registered service answers what consumers discover there.
      expect((await service.http.post(PULL).set('Authorization', 'Bearer SYSTEM//TemperatureConsumer')).status).toBe(200);
    } finally {
      await service.close();
    }
  });

  it('adds the embedded broker as a generic_mqtt interface with a base topic ending in /', async () => {
    cloud = await new FakeCloud().start();
    const service = await TestService.start(cloudEnv(cloud, { MQTT_ENABLED: 'true' }));
    try {
      expectRegistration(cloud.calls, DECLARED, service.running.httpPort, brokerOf(service));
    } finally {
      await service.close();
    }
  });

  it('registers HTTPS and MQTTS interfaces with TLS, and asks the registry for generic_https', async () => {
    const pki = new TestPki('TestCloud');
    const peer = pki.issue('peers', 'ServiceRegistry.TestCloud.Company.arrowhead.eu', 'sy');
    const own = pki.issue('own', 'SimpleStoreServiceOrchestration.TestCloud.Company.arrowhead.eu', 'sy');
    cloud = await new FakeCloud({ tls: { key: peer.keyPem, cert: peer.certPem } }).start();
    const service = await TestService.start(
      cloudEnv(cloud, { MQTT_ENABLED: 'true', ...pki.serviceTlsEnv(own) }),
    );
    try {
      expectRegistration(cloud.calls, DECLARED, service.running.httpPort, brokerOf(service), true);
    } finally {
      await service.close();
    }
  });

  it("accepts the reference's SERVICE_REGISTRY_ADDRESS + SERVICE_REGISTRY_PORT instead of the URL", async () => {
    cloud = await new FakeCloud().start();
    const { SERVICE_REGISTRY_URL: _url, ...env } = cloudEnv(cloud);
    const service = await TestService.start({ ...env, SERVICE_REGISTRY_ADDRESS: '127.0.0.1', SERVICE_REGISTRY_PORT: String(cloud.port) });
    try {
      expectRegistration(cloud.calls, DECLARED, service.running.httpPort);
    } finally {
      await service.close();
    }
  });

  it('revokes its six services at shutdown, from the cache, and keeps the system record', async () => {
    cloud = await new FakeCloud().start();
    const service = await TestService.start(cloudEnv(cloud));
    const before = cloud.calls.length;
    await service.close();
    const revokes = cloud.lines(before);
    expect(revokes.sort()).toEqual(SERVICES.map(([definition]) => `DELETE /serviceregistry/service-discovery/revoke/${NAME}%7C${definition}%7C1.0.0`).sort());
    for (const call of cloud.calls.slice(before)) expect(call.authorization).toBe(DECLARED);
    expect(cloud.instances.size).toBe(0);
    expect(cloud.systems.has(NAME)).toBe(true);
  });

  it('leaves the registration alone at shutdown with LEAVE_CLOUD_ON_SHUTDOWN=false', async () => {
    cloud = await new FakeCloud().start();
    const service = await TestService.start(cloudEnv(cloud, { LEAVE_CLOUD_ON_SHUTDOWN: 'false' }));
    const before = cloud.calls.length;
    await service.close();
    expect(cloud.lines(before)).toEqual([]);
    expect(cloud.instances.size).toBe(6);
  });

  it('replaces an old registration with other addresses (system revoke first)', async () => {
    cloud = await new FakeCloud().start();
    cloud.systems.set(NAME, { metadata: {}, version: '5.2.0', addresses: ['old.address'] });
    const service = await TestService.start(cloudEnv(cloud, { LEAVE_CLOUD_ON_SHUTDOWN: 'false' }));
    await service.close();
    expect(cloud.systems.get(NAME)?.addresses).toEqual(['orch.test']);
  });

  it('keeps trying the registry while it is down, then registers once it is up', async () => {
    // Refuses the first two connections by closing them, then makes room for the fake on the same port.
    const port = await freePort();
    let connections = 0;
    const sockets = new Set<Socket>();
    const closer: Server = createServer((socket) => {
      connections++;
      sockets.add(socket);
      socket.destroy();
    });
    await new Promise<void>((resolve) => closer.listen(port, '127.0.0.1', resolve));
    cloud = new FakeCloud();
    const starting = TestService.start({ DOMAIN_NAME: 'orch.test', MQTT_ENABLED: 'false', SERVICE_REGISTRY_URL: `http://127.0.0.1:${port}`, SERVICE_REGISTRY_CONNECT_ATTEMPTS: '3', SERVICE_REGISTRY_RETRY_INTERVAL_MS: '1500' });
    await waitFor('two failed connection checks', () => connections >= 2, 30_000);
    await new Promise<void>((resolve) => closer.close(() => resolve()));
    await cloud.start(port);
    const service = await starting;
    try {
      expectRegistration(cloud.calls, DECLARED, service.running.httpPort);
    } finally {
      await service.close();
    }
  });

  it('gives up without retrying when the registry refuses the system registration', async () => {
    cloud = await new FakeCloud().start();
    cloud.overrides.set('/serviceregistry/system-discovery/register', { status: 403, body: { errorMessage: 'Forbidden by policy', errorCode: 403, exceptionType: 'FORBIDDEN' } });
    const failure = await TestService.start(cloudEnv(cloud)).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(CloudJoinError);
    expect((failure as Error).message).toBe(`Cannot join the local cloud: system-discovery register at ${cloud.url} failed: 403 Forbidden by policy`);
    expect(cloud.lines()).toEqual([LOOKUP, SYSTEM_REVOKE, SYSTEM_REGISTER]);
  });
});

describe('standalone and discovery-only', () => {
  let cloud: FakeCloud;
  afterEach(async () => cloud?.stop());

  it('talks to nobody without a registry', async () => {
    cloud = await new FakeCloud().start();
    const service = await TestService.start({ MQTT_ENABLED: 'false' });
    try {
      expect((await service.http.get('/health/ready')).status).toBe(200);
      expect((await service.http.post(PULL).set('Authorization', 'Bearer SYSTEM//TemperatureConsumer')).status).toBe(200);
    } finally {
      await service.close();
    }
    expect(cloud.calls).toEqual([]);
  });

  it('with SERVICE_REGISTRY_REGISTER=false registers nothing and looks up ConsumerAuthorization once, when first needed', async () => {
    cloud = await new FakeCloud({ authorize: (question) => question.consumer === 'Operator1' }).start();
    const service = await TestService.start(cloudEnv(cloud, { SERVICE_REGISTRY_REGISTER: 'false', MANAGEMENT_POLICY: 'authorization' }));
    try {
      expect(cloud.calls).toEqual([]);
      expect((await service.http.post(STORE_QUERY).set('Authorization', 'Bearer SYSTEM//Operator1').send(STORE_QUERY_BODY)).status).toBe(200);
      expect((await service.http.post(STORE_QUERY).set('Authorization', 'Bearer SYSTEM//Operator2').send(STORE_QUERY_BODY)).status).toBe(403);
      expect(cloud.lines()).toEqual([LOOKUP, 'POST /consumerauthorization/authorization/verify', 'POST /consumerauthorization/authorization/verify']);
      expect(cloud.calls[0].body).toEqual(lookupBody('authorization'));
      expect(cloud.calls[1].body).toEqual({
        provider: NAME,
        consumer: 'Operator1',
        cloud: 'LOCAL',
        targetType: 'SERVICE_DEF',
        target: 'serviceOrchestrationSimpleStoreManagement',
        scope: 'query',
      });
      const refused = await service.http.post(STORE_QUERY).set('Authorization', 'Bearer SYSTEM//Operator2').send(STORE_QUERY_BODY);
      expect(refused.body.errorMessage).toBe('Requester has no management permission');
    } finally {
      await service.close();
    }
    expect(cloud.lines().filter((line) => line.startsWith('DELETE'))).toEqual([]);
  });

  it('looks up again after a call to the found address fails', async () => {
    cloud = await new FakeCloud({ authorize: () => true }).start();
    const service = await TestService.start(cloudEnv(cloud, { SERVICE_REGISTRY_REGISTER: 'false', MANAGEMENT_POLICY: 'authorization' }));
    try {
      cloud.overrides.set('/consumerauthorization/authorization/verify', { status: 503, body: { errorMessage: 'busy', errorCode: 503, exceptionType: 'EXTERNAL_SERVER_ERROR' } });
      expect((await service.http.post(STORE_QUERY).set('Authorization', 'Bearer SYSTEM//Operator1').send(STORE_QUERY_BODY)).status).toBe(403);
      cloud.overrides.clear();
      expect((await service.http.post(STORE_QUERY).set('Authorization', 'Bearer SYSTEM//Operator1').send(STORE_QUERY_BODY)).status).toBe(200);
      expect(cloud.lines()).toEqual([LOOKUP, 'POST /consumerauthorization/authorization/verify', LOOKUP, 'POST /consumerauthorization/authorization/verify']);
    } finally {
      await service.close();
    }
  });
});

describe('outsourced policy: the own identity', () => {
  let cloud: FakeCloud;
  afterEach(async () => cloud?.stop());
  const outsourcedEnv = (extra: Record<string, string> = {}) => cloudEnv(cloud, { AUTH_POLICY: 'outsourced', AUTH_LOGIN_PASSWORD: 'pw', AUTH_TOKEN_CACHE_MS: '0', ...extra });

  it('logs in first, registers with its token, verifies callers with it, and logs out last', async () => {
    cloud = await new FakeCloud({ policy: 'outsourced', callerTokens: { C1: { systemName: 'TemperatureConsumer' } } }).start();
    const service = await TestService.start(outsourcedEnv());
    const [lookup, login, ...registration] = cloud.calls;
    expect(`${lookup.method} ${lookup.rawPath}`).toBe(LOOKUP);
    expect(lookup.body).toEqual(lookupBody('identity'));
    expect(lookup.authorization).toBeUndefined();
    expect(`${login.method} ${login.rawPath}`).toBe('POST /authentication/identity/login');
    expect(login.body).toEqual({ systemName: NAME, credentials: { password: 'pw' } });
    expect(login.authorization).toBeUndefined();
    expectRegistration(registration, 'Bearer IDENTITY-TOKEN//T1', service.running.httpPort);

    const before = cloud.calls.length;
    const pulled = await service.http.post(PULL).set('Authorization', 'Bearer IDENTITY-TOKEN//C1');
    expect(pulled.status).toBe(200);
    expect(cloud.calls.slice(before).map((call) => [`${call.method} ${call.rawPath}`, call.authorization])).toEqual([['GET /authentication/identity/verify/C1', 'Bearer IDENTITY-TOKEN//T1']]);

    const closing = cloud.calls.length;
    await service.close();
    const leaving = cloud.calls.slice(closing);
    expect(leaving.map((call) => call.method)).toEqual([...SERVICES.map(() => 'DELETE'), 'POST']);
    const logout = leaving[leaving.length - 1];
    expect([logout.rawPath, logout.authorization, logout.body]).toEqual(['/authentication/identity/logout', 'Bearer IDENTITY-TOKEN//T1', { systemName: NAME, credentials: { password: 'pw' } }]);
    expect(cloud.tokenOf()).toBeUndefined();
  });

  it('does not start when Authentication refuses the login, and asks the registry nothing more', async () => {
    cloud = await new FakeCloud({ policy: 'outsourced', passwords: { [NAME]: 'other' } }).start();
    const failure = await TestService.start(outsourcedEnv()).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(CloudJoinError);
    expect((failure as Error).message).toBe('Login to the Authentication system failed: Invalid name and/or credentials');
    expect(cloud.lines()).toEqual([LOOKUP, 'POST /authentication/identity/login']);
  });

  it('logs in once more after a 401 and repeats the verification; the caller never notices', async () => {
    cloud = await new FakeCloud({ policy: 'outsourced', callerTokens: { C1: { systemName: 'TemperatureConsumer' } } }).start();
    const service = await TestService.start(outsourcedEnv({ LEAVE_CLOUD_ON_SHUTDOWN: 'false' }));
    try {
      cloud.forgetSessions();
      const before = cloud.calls.length;
      const pulled = await service.http.post(PULL).set('Authorization', 'Bearer IDENTITY-TOKEN//C1');
      expect(pulled.status).toBe(200);
      expect(cloud.calls.slice(before).map((call) => [`${call.method} ${call.rawPath}`, call.authorization ?? null])).toEqual([
        ['GET /authentication/identity/verify/C1', 'Bearer IDENTITY-TOKEN//T1'],
        ['POST /authentication/identity/login', null],
        ['GET /authentication/identity/verify/C1', 'Bearer IDENTITY-TOKEN//T2'],
      ]);
      // The new session is shared through the database.
      const [row] = await service.dataSource.query('SELECT token FROM own_identity_session WHERE system_name = $1', [NAME]);
      expect(row.token).toBe('T2');
    } finally {
      await service.close();
    }
  });

  it("takes over the session another replica logged in to, instead of logging in again", async () => {
    cloud = await new FakeCloud({ policy: 'outsourced', callerTokens: { C1: { systemName: 'TemperatureConsumer' } } }).start();
    const service = await TestService.start(outsourcedEnv({ LEAVE_CLOUD_ON_SHUTDOWN: 'false' }));
    try {
      // Another replica logs in (T1 stops working at once) and stores its session in the shared table.
      const other = await request(cloud.url).post('/authentication/identity/login').send({ systemName: NAME, credentials: { password: 'pw' } });
      expect(other.body.token).toBe('T2');
      await service.dataSource.query('UPDATE own_identity_session SET token = $1, expires_at = $2 WHERE system_name = $3', ['T2', other.body.expirationTime, NAME]);
      const before = cloud.calls.length;
      expect((await service.http.post(PULL).set('Authorization', 'Bearer IDENTITY-TOKEN//C1')).status).toBe(200);
      expect(cloud.calls.slice(before).map((call) => [`${call.method} ${call.rawPath}`, call.authorization])).toEqual([
        ['GET /authentication/identity/verify/C1', 'Bearer IDENTITY-TOKEN//T1'],
        ['GET /authentication/identity/verify/C1', 'Bearer IDENTITY-TOKEN//T2'],
      ]);
    } finally {
      await service.close();
    }
  });

  it('renews its token before it expires, and uses the new one', async () => {
    cloud = await new FakeCloud({ policy: 'outsourced', tokenLifetimeMs: 8000, callerTokens: { C1: { systemName: 'TemperatureConsumer' } } }).start();
    const service = await TestService.start(outsourcedEnv({ AUTH_LOGIN_INTERVAL_MS: '1000', LEAVE_CLOUD_ON_SHUTDOWN: 'false' }));
    try {
      const logins = () => cloud.calls.filter((call) => call.path === '/authentication/identity/login');
      await waitFor('the second login', () => logins().length >= 2, 20_000);
      // Not before expirationTime − (5 × interval + 1 ms).
      expect(logins()[1].at - logins()[0].at).toBeGreaterThanOrEqual(8000 - 5001);
      const before = cloud.calls.length;
      expect((await service.http.post(PULL).set('Authorization', 'Bearer IDENTITY-TOKEN//C1')).status).toBe(200);
      expect(cloud.calls[before].authorization).toBe('Bearer IDENTITY-TOKEN//T2');
    } finally {
      await service.close();
    }
  });
});

describe('Blacklist filter', () => {
  let cloud: FakeCloud;
  let service: TestService;
  beforeAll(async () => {
    cloud = await new FakeCloud({ blacklisted: ['BadSystem'] }).start();
    service = await TestService.start(cloudEnv(cloud, { SERVICE_REGISTRY_REGISTER: 'false', BLACKLIST_ENABLED: 'true', MQTT_ENABLED: 'true' }));
  });
  afterAll(async () => {
    await service?.close();
    await cloud?.stop();
  });
  afterEach(() => cloud.overrides.clear());

  it('refuses a blacklisted caller on HTTP and MQTT after asking the Blacklist found through the registry', async () => {
    const before = cloud.calls.length;
    const refused = await service.http.post(PULL).set('Authorization', 'Bearer SYSTEM//BadSystem');
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ errorMessage: 'BadSystem system is blacklisted', errorCode: 403, exceptionType: 'FORBIDDEN' });
    const calls = cloud.calls.slice(before);
    expect(calls.map((call) => `${call.method} ${call.rawPath}`)).toEqual([LOOKUP, 'GET /blacklist/check/BadSystem']);
    expect(calls[0].body).toEqual(lookupBody('blacklistDiscovery', 'Blacklist'));
    expect(calls[1].authorization).toBe(DECLARED);
    const reply = await service.mqtt(PULL_TOPIC, { authentication: 'SYSTEM//BadSystem' });
    expect(reply.status).toBe(403);
    expect(reply.payload).toEqual({ errorMessage: 'BadSystem system is blacklisted', errorCode: 403, exceptionType: 'FORBIDDEN', origin: PULL_TOPIC });
  });

  it('lets others through, checking each request, and skips the sysop and the excluded core systems', async () => {
    const before = cloud.calls.length;
    expect((await service.http.post(PULL).set('Authorization', 'Bearer SYSTEM//GoodSystem')).status).toBe(200);
    expect((await service.http.post(PULL).set('Authorization', 'Bearer SYSTEM//GoodSystem')).status).toBe(200);
    expect((await service.http.post(PULL).set('Authorization', 'Bearer SYSTEM//Sysop')).status).toBe(200);
    expect((await service.http.post(PULL).set('Authorization', 'Bearer SYSTEM//ServiceRegistry')).status).toBe(200);
    expect(cloud.lines(before)).toEqual(['GET /blacklist/check/GoodSystem', 'GET /blacklist/check/GoodSystem']);
  });

  it('refuses everyone it must check while the Blacklist is not available (fail closed)', async () => {
    cloud.overrides.set('/blacklist/check/*', { status: 503, body: { errorMessage: 'down', errorCode: 503, exceptionType: 'EXTERNAL_SERVER_ERROR' } });
    const refused = await service.http.post(PULL).set('Authorization', 'Bearer SYSTEM//GoodSystem');
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ errorMessage: 'Blacklist system is not available, the system might be blacklisted', errorCode: 403, exceptionType: 'FORBIDDEN' });
  });

  it('reports the real filter settings in get-config', async () => {
    const config = await service.http.get('/serviceorchestration/general/mgmt/get-config?keys=enable.blacklist.filter&keys=force.blacklist.filter').set('Authorization', 'Bearer SYSTEM//Sysop');
    expect(config.body).toEqual({ map: { 'enable.blacklist.filter': 'true', 'force.blacklist.filter': 'true' } });
  });

  it('with BLACKLIST_FAIL_OPEN=true lets callers through while the Blacklist is down', async () => {
    const open = await TestService.start({ BLACKLIST_ENABLED: 'true', BLACKLIST_FAIL_OPEN: 'true', BLACKLIST_URL: 'http://127.0.0.1:1', MQTT_ENABLED: 'false' });
    try {
      expect((await open.http.post(PULL).set('Authorization', 'Bearer SYSTEM//GoodSystem')).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

/** The real process: exit codes and the one ERROR line (main.ts). */
describe('the service process', () => {
  let cloud: FakeCloud | undefined;
  let child: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'ah-orch-cloud-'));
  afterEach(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await cloud?.stop();
    cloud = undefined;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  function start(env: Record<string, string>): { output: () => string; exited: Promise<number | null> } {
    let output = '';
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: join(__dirname, '..'),
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        SERVER_ADDRESS: '127.0.0.1',
        MQTT_ENABLED: 'false',
        CLEANER_INTERVAL_MS: '3600000',
        ...(process.env.TEST_DATABASE_URL ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : { DATA_DIR: dataDir }),
        ...env,
      },
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    return { output: () => output, exited };
  }

  it('exits non-zero with one ERROR line when the registry stays unreachable', async () => {
    const registry = `http://127.0.0.1:${await freePort()}`;
    const run = start({ SERVICE_REGISTRY_URL: registry, DOMAIN_NAME: 'orch.test', SERVICE_REGISTRY_CONNECT_ATTEMPTS: '3', SERVICE_REGISTRY_RETRY_INTERVAL_MS: '100' });
    expect(await run.exited).toBe(1);
    const errors = run.output().split('\n').filter((line) => /\bERROR\b/.test(line));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`Cannot join the local cloud: the Service Registry at ${registry} did not answer the lookup after 3 attempts`);
    expect(run.output().match(/attempt \d of 3/g)).toEqual(['attempt 1 of 3', 'attempt 2 of 3']);
  });

  it('revokes its services on SIGTERM and exits 0', async () => {
    cloud = await new FakeCloud().start();
    const run = start({ SERVICE_REGISTRY_URL: cloud.url, DOMAIN_NAME: 'orch.test' });
    await waitFor('the six registrations', () => cloud!.instances.size === 6, 60_000);
    await waitFor('the service to report it is ready', () => run.output().includes('ServiceOrchestration ready'), 10_000);
    const before = cloud.calls.length;
    child!.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(cloud.lines(before).filter((line) => line.startsWith('DELETE /serviceregistry/service-discovery/revoke/'))).toHaveLength(6);
    expect(cloud.lines(before)).toHaveLength(6);
  });
});
