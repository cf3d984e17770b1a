import Aedes from 'aedes';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { request as httpsRequest, createServer as createHttpsServer, Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer, Server as TlsServer, TLSSocket } from 'node:tls';
import { connect, MqttClient } from 'mqtt';
import { Pkcs12Pki, Issued } from './support/pkcs12';
import { TestService } from './support/service';
import { waitFor } from './support/wait';

// SPEC-cloud.md §7, §8, §9.3 and §10.11–13: the reference's configuration names, PKCS12 key and
// trust stores for HTTPS, MQTTS and outgoing HTTPS, CORS, and the broker login.
const ALIAS = 'SimpleStoreServiceOrchestration.TestCloud.Company.arrowhead.eu';
const ECHO = '/serviceorchestration/monitor/echo';
const STORE_QUERY = '/serviceorchestration/orchestration/mgmt/simple-store/query';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  peer: X509Certificate;
  chainLength: number;
}

/** One HTTPS request that trusts only `ca` and presents `client` when given. */
function https(port: number, options: { method?: string; path: string; ca: string; client?: Issued; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const call = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        servername: 'localhost',
        ca: options.ca,
        ...(options.client ? { cert: options.client.certPem, key: options.client.keyPem } : {}),
        headers: { ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
        agent: false,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          const socket = response.socket as TLSSocket;
          let chainLength = 0;
          for (let link = socket.getPeerCertificate(true); link && chainLength < 10; link = link.issuerCertificate === link ? (undefined as never) : link.issuerCertificate) chainLength++;
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body, peer: socket.getPeerX509Certificate()!, chainLength });
        });
      },
    );
    call.on('error', reject);
    call.end(options.body);
  });
}

/** A ConsumerAuthorization stand-in over HTTPS: records callers' certificates, answers `true`, never answers `SlowOperator`. */
class FakeConsumerAuthorization {
  readonly calls: { consumer: string; clientCommonName?: string; authorized: boolean }[] = [];
  closedUnanswered = 0;
  private readonly server: HttpsServer;

  constructor(identity: Issued, ca: string[]) {
    this.server = createHttpsServer({ key: identity.keyPem, cert: identity.certPem, ca, requestCert: true, rejectUnauthorized: false }, (request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const socket = request.socket as TLSSocket;
        const consumer = (JSON.parse(body) as { consumer: string }).consumer;
        this.calls.push({ consumer, clientCommonName: socket.getPeerCertificate()?.subject?.CN as string | undefined, authorized: socket.authorized });
        if (consumer === 'SlowOperator') {
          request.socket.on('close', () => this.closedUnanswered++);
          return;
        }
        response.setHeader('Content-Type', 'application/json');
        response.end('true');
      });
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('Drop-in configuration, PKCS12 TLS, CORS and broker login', () => {
  const pki = new Pkcs12Pki();
  const own = pki.issue(ALIAS);
  // The Java tools keep the alias as given; it is configured here in another case.
  const keyStore = pki.keyStore('SimpleStoreServiceOrchestration.p12', own, ALIAS, '123456');
  // Like the reference's truststore.p12: only the cloud (intermediate) certificate, no root.
  const trustStore = pki.trustStore('truststore.p12', [pki.intermediate.certPem], '123456');
  const operator = pki.issue('Operator1.TestCloud.Company.arrowhead.eu', [], 'op');
  const reference = {
    SERVER_SSL_ENABLED: 'true',
    SERVER_SSL_KEY_STORE_TYPE: 'PKCS12',
    SERVER_SSL_KEY_STORE: `file:${keyStore}`,
    SERVER_SSL_KEY_STORE_PASSWORD: '123456',
    SERVER_SSL_KEY_ALIAS: ALIAS.toLowerCase(),
    SERVER_SSL_KEY_PASSWORD: '123456',
    SERVER_SSL_TRUST_STORE_TYPE: 'pkcs12',
    SERVER_SSL_TRUST_STORE: trustStore,
    SERVER_SSL_TRUST_STORE_PASSWORD: '123456',
  };
  afterAll(() => pki.remove());

  describe('a service configured with the reference’s SERVER_SSL_* names (client certificates needed)', () => {
    let service: TestService;
    let authorization: FakeConsumerAuthorization;

    beforeAll(async () => {
      authorization = new FakeConsumerAuthorization(pki.issue('ConsumerAuthorization.TestCloud.Company.arrowhead.eu', ['localhost']), [pki.root.certPem]);
      const authorizationPort = await authorization.listen();
      service = await TestService.start({
        ...reference,
        MQTT_URL: '', // the embedded broker, over TLS
        SERVER_SSL_CLIENT_AUTH: 'need',
        MANAGEMENT_POLICY: 'authorization',
        CONSUMER_AUTHORIZATION_URL: `https://localhost:${authorizationPort}`,
      });
    });
    afterAll(async () => {
      await service?.close();
      await authorization?.close();
    });

    it('serves HTTPS with the key entry of the alias, sending the whole chain', async () => {
      const answer = await https(service.running.httpPort, { path: ECHO, ca: pki.root.certPem, client: operator, headers: { Authorization: 'Bearer SYSTEM//Consumer' } });
      expect(answer.status).toBe(200);
      expect(answer.peer.subject).toContain(`CN=${ALIAS}`);
      // Leaf, intermediate from the server, root from the client's anchors.
      expect(answer.chainLength).toBe(3);
    });

    it('verifies client certificates against a trust store holding only the cloud certificate', async () => {
      await expect(https(service.running.httpPort, { path: ECHO, ca: pki.root.certPem })).rejects.toThrow();
      const stranger = new Pkcs12Pki();
      try {
        await expect(https(service.running.httpPort, { path: ECHO, ca: pki.root.certPem, client: stranger.issue('Stranger.Other.Company.arrowhead.eu') })).rejects.toThrow();
      } finally {
        stranger.remove();
      }
    });

    it('calls ConsumerAuthorization over HTTPS with the same identity and anchors', async () => {
      const answer = await storeQueryAs(service, pki.root.certPem, 'Operator1', operator);
      expect(answer.status).toBe(200);
      expect(authorization.calls).toEqual([{ consumer: 'Operator1', clientCommonName: ALIAS, authorized: true }]);
    });

    it('serves MQTTS on the embedded broker with the same certificate and chain', async () => {
      const client = connect(service.running.mqttUrl!, { ca: pki.root.certPem, cert: operator.certPem, key: operator.keyPem, servername: 'localhost', reconnectPeriod: 0 });
      try {
        await new Promise<void>((resolve, reject) => {
          client.once('connect', () => resolve());
          client.once('error', reject);
        });
        const peer = (client.stream as TLSSocket).getPeerX509Certificate()!;
        expect(peer.subject).toContain(`CN=${ALIAS}`);
        const reply = waitForMessage(client, 'cfg-test/echo');
        await client.subscribeAsync('cfg-test/echo', { qos: 1 });
        client.publish('arrowhead/serviceorchestration/monitor/echo', JSON.stringify({ traceId: 'e1', authentication: 'SYSTEM//Consumer', responseTopic: 'cfg-test/echo' }));
        expect(JSON.parse(await reply)).toMatchObject({ status: 200, traceId: 'e1' });
      } finally {
        await client.endAsync();
      }
    });

    it('answers a CORS preflight before authentication, from any origin by default (§10.11)', async () => {
      const answer = await https(service.running.httpPort, {
        method: 'OPTIONS',
        path: STORE_QUERY.replace('query', 'modify-priorities'),
        ca: pki.root.certPem,
        client: operator,
        headers: { Origin: 'https://ui.example', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type, authorization' },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers).toMatchObject({
        'access-control-allow-origin': 'https://ui.example',
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET, POST, PUT, DELETE',
        'access-control-allow-headers': 'Origin, Content-Type, Accept, Authorization',
        'access-control-max-age': '600',
        vary: expect.stringContaining('Origin'),
      });
    });

    it('adds the CORS headers to a request from an allowed origin and refuses other methods in a preflight', async () => {
      const answer = await https(service.running.httpPort, { path: ECHO, ca: pki.root.certPem, client: operator, headers: { Origin: 'https://ui.example', Authorization: 'Bearer SYSTEM//Consumer' } });
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe('https://ui.example');
      expect(answer.headers['access-control-allow-credentials']).toBe('true');
      const patch = await https(service.running.httpPort, { method: 'OPTIONS', path: ECHO, ca: pki.root.certPem, client: operator, headers: { Origin: 'https://ui.example', 'Access-Control-Request-Method': 'PATCH' } });
      expect(patch.status).toBe(403);
      expect(patch.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('a service with DISABLE_HOSTNAME_VERIFIER, CORE_HTTP_TIMEOUT_MS, CORS_ORIGIN_PATTERNS and an external MQTTS broker', () => {
    let service: TestService;
    let authorization: FakeConsumerAuthorization;
    let broker: { aedes: Aedes; server: TlsServer; port: number };
    const logins: { clientId: string; username?: string; password?: string; certificateCommonName?: string }[] = [];

    beforeAll(async () => {
      // Its certificate names no host at all: only DISABLE_HOSTNAME_VERIFIER lets the call through.
      authorization = new FakeConsumerAuthorization(pki.issue('ConsumerAuthorization.TestCloud.Company.arrowhead.eu', []), [pki.root.certPem]);
      const authorizationPort = await authorization.listen();
      const aedes = new Aedes({
        authenticate: (client, username, password, done) => {
          const socket = (client as unknown as { conn: TLSSocket }).conn;
          logins.push({ clientId: client.id, username, password: password?.toString(), certificateCommonName: socket.getPeerCertificate?.()?.subject?.CN as string | undefined });
          done(null, true);
        },
      });
      const brokerIdentity = pki.issue('Broker.TestCloud.Company.arrowhead.eu', ['127.0.0.1']);
      const server = createTlsServer({ key: brokerIdentity.keyPem, cert: brokerIdentity.certPem + pki.intermediate.certPem, ca: [pki.root.certPem], requestCert: true }, aedes.handle);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      broker = { aedes, server, port: (server.address() as AddressInfo).port };
      service = await TestService.start({
        ...reference,
        SERVER_SSL_KEY_ALIAS: ALIAS.toUpperCase(),
        MANAGEMENT_POLICY: 'authorization',
        CONSUMER_AUTHORIZATION_URL: `https://127.0.0.1:${authorizationPort}`,
        DISABLE_HOSTNAME_VERIFIER: 'true',
        HTTP_CLIENT_SOCKET_TIMEOUT: '300',
        HTTP_CLIENT_CONNECTION_TIMEOUT: '200',
        CORS_ORIGIN_PATTERNS: 'https://*.other.example',
        MQTT_URL: '', // not TEST_MQTT_URL: the reference's broker address below
        MQTT_BROKER_ADDRESS: '127.0.0.1',
        MQTT_BROKER_PORT: String(broker.port),
        MQTT_CLIENT_PASSWORD: 'pw',
      });
    });
    afterAll(async () => {
      await service?.close();
      await authorization?.close();
      if (broker) {
        await new Promise<void>((resolve) => broker.aedes.close(() => resolve()));
        await new Promise<void>((resolve) => broker.server.close(() => resolve()));
      }
    });

    it('logs in to the broker as its system name with MQTT_CLIENT_PASSWORD, over MQTTS with its own certificate (§10.12)', () => {
      expect(service.running.mqttUrl).toBe(`mqtts://127.0.0.1:${broker.port}`);
      expect(logins).toHaveLength(1);
      expect(logins[0]).toMatchObject({ username: 'SimpleStoreServiceOrchestration', password: 'pw', certificateCommonName: ALIAS });
      expect(logins[0].clientId).toMatch(/^AH-SimpleStoreServiceOrchestration/);
    });

    it('calls a core system whose certificate does not name the host when DISABLE_HOSTNAME_VERIFIER=true', async () => {
      const answer = await storeQueryAs(service, pki.root.certPem, 'Operator1');
      expect(answer.status).toBe(200);
      expect(authorization.calls).toEqual([{ consumer: 'Operator1', clientCommonName: ALIAS, authorized: true }]);
    });

    it('gives up on a core system after CORE_HTTP_TIMEOUT_MS (the larger HTTP_CLIENT_* timeout) and denies', async () => {
      const answer = await storeQueryAs(service, pki.root.certPem, 'SlowOperator');
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ errorMessage: 'Requester has no management permission', exceptionType: 'FORBIDDEN' });
      await waitFor('the service to close its unanswered call', () => authorization.closedUnanswered === 1);
    });

    it('answers preflights only for the CORS_ORIGIN_PATTERNS origins (§10.11)', async () => {
      const preflight = (origin: string) =>
        https(service.running.httpPort, { method: 'OPTIONS', path: ECHO, ca: pki.root.certPem, headers: { Origin: origin, 'Access-Control-Request-Method': 'PUT' } });
      const refused = await preflight('https://ui.example');
      expect(refused.status).toBe(403);
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      const admitted = await preflight('https://console.other.example');
      expect(admitted.status).toBe(200);
      expect(admitted.headers['access-control-allow-origin']).toBe('https://console.other.example');
      // Not a preflight: served as usual, without CORS headers for a foreign origin.
      const plain = await https(service.running.httpPort, { path: ECHO, ca: pki.root.certPem, headers: { Origin: 'https://ui.example', Authorization: 'Bearer SYSTEM//Consumer' } });
      expect(plain.status).toBe(200);
      expect(plain.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

describe('start-up with reference variables that cannot work (§10.13)', () => {
  it('exits non-zero naming every problem at once, MySQL with the spec text', () => {
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: `${__dirname}/..`,
      env: {
        PATH: process.env.PATH,
        SPRING_DATASOURCE_URL: 'jdbc:mysql://mysql.arrowhead:3306/ah_serviceorchestration_simple?serverTimezone=UTC',
        SPRING_DATASOURCE_PASSWORD: 'TopSecret',
        AUTHENTICATION_POLICY: 'internal',
        SERVER_SSL_KEY_STORE: 'classpath:certificate/SimpleStoreServiceOrchestration.p12',
        PORT: '0',
        MQTT_ENABLED: 'false',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Start-up failed: Invalid configuration:');
    expect(run.stderr).toContain('  - MySQL is not supported: set DATABASE_URL to a PostgreSQL URL');
    expect(run.stderr).toContain("  - AUTHENTICATION_POLICY=internal is the Authentication system's own policy");
    expect(run.stderr).toContain('  - classpath: resources do not exist here; give a file path');
    expect(run.stderr + run.stdout).not.toContain('TopSecret');
  });
});

/** A simple-store query over HTTPS as the declared system `name`, presenting `client` if given. */
function storeQueryAs(service: TestService, ca: string, name: string, client?: Issued): Promise<Answer> {
  return https(service.running.httpPort, {
    method: 'POST',
    path: STORE_QUERY,
    ca,
    client,
    headers: { Authorization: `Bearer SYSTEM//${name}` },
    body: JSON.stringify({ consumerNames: ['TemperatureConsumer'] }),
  });
}

function waitForMessage(client: MqttClient, topic: string): Promise<string> {
  return new Promise((resolve) => {
    client.on('message', (received, payload) => {
      if (received === topic) resolve(payload.toString());
    });
  });
}
