import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, MqttClient } from 'mqtt';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startService, RunningService } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { JobWriteBehind } from '../../src/orchestration/job-write-behind';
import { MqttConnection } from '../../src/mqtt/mqtt-connection';
import { MqttReply, MqttRequests } from './mqtt-requests';

/**
 * Boots the real service for end-to-end tests. Database: TEST_DATABASE_URL when set, else the
 * service's own embedded PGlite in a fresh folder. Broker: TEST_MQTT_URL when set, else the
 * service's own embedded aedes on a free port. So the same tests run on a bare machine and,
 * in CI, against this machine's PostgreSQL and Mosquitto.
 */
export const usingRealBroker = Boolean(process.env.TEST_MQTT_URL);
export const usingRealDatabase = Boolean(process.env.TEST_DATABASE_URL);

export const SYSOP = 'Bearer SYSTEM//Sysop';
export { MQTT_SYSOP } from './mqtt-requests';
export type { MqttReply } from './mqtt-requests';

export class TestService {
  private dataDir?: string;
  private clients: MqttClient[] = [];
  /** Keeps response topics of parallel runs (and replicas) apart on a shared broker. */
  readonly topicPrefix = `test-${randomBytes(4).toString('hex')}`;

  private constructor(
    readonly running: RunningService,
    private readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string> = {}, reuseDataDir?: string): Promise<TestService> {
    const dataDir = process.env.TEST_DATABASE_URL ? undefined : (reuseDataDir ?? mkdtempSync(join(tmpdir(), 'ah-orch-')));
    const config = loadConfig({
      PORT: '0',
      SERVER_ADDRESS: '127.0.0.1',
      MQTT_PORT: '0',
      CLEANER_INTERVAL_MS: '3600000',
      ...(process.env.TEST_DATABASE_URL ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : { DATA_DIR: dataDir! }),
      ...(process.env.TEST_MQTT_URL ? { MQTT_URL: process.env.TEST_MQTT_URL } : {}),
      ...env,
    });
    const service = new TestService(await startService(config, { logger: false }), env);
    service.dataDir = reuseDataDir ? undefined : dataDir;
    return service;
  }

  get http() {
    return request(this.running.app.getHttpServer());
  }

  get dataSource(): DataSource {
    return this.running.app.get(DataSource);
  }

  /** Empties the given tables (a shared real database keeps rows between test files). */
  async truncate(...tables: string[]): Promise<void> {
    // Pull job records of the previous test still in the write-behind buffer would land afterwards.
    await this.running.app.get(JobWriteBehind).flush();
    for (const table of tables) {
      await this.dataSource.query(`TRUNCATE TABLE "${table}" RESTART IDENTITY`);
    }
  }

  async mqttClient(): Promise<MqttClient> {
    if (!this.running.mqttUrl) throw new Error('MQTT is disabled in this service');
    // Against the embedded MQTTS broker the test trusts the CA the service was given.
    const tls =
      this.running.mqttUrl.startsWith('mqtts') && this.env.TLS_CA_FILE
        ? {
            ca: readFileSync(this.env.TLS_CA_FILE),
            ...(this.env.MQTT_CERT_FILE ? { cert: readFileSync(this.env.MQTT_CERT_FILE), key: readFileSync(this.env.MQTT_KEY_FILE) } : {}),
          }
        : {};
    const client = connect(this.running.mqttUrl, { reconnectPeriod: 0, ...tls });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    (client.stream as { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
    this.clients.push(client);
    return client;
  }

  /** A client of its own on the embedded MQTTS broker, presenting `credential` as its client certificate. */
  async mqttClientWith(credential: { certPem: string; keyPem: string }): Promise<MqttClient> {
    if (!this.running.mqttUrl) throw new Error('MQTT is disabled in this service');
    const client = connect(this.running.mqttUrl, {
      reconnectPeriod: 0,
      ca: this.env.TLS_CA_FILE ? readFileSync(this.env.TLS_CA_FILE) : undefined,
      cert: credential.certPem,
      key: credential.keyPem,
    });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    this.clients.push(client);
    return client;
  }

  /** A request published by a connection with `credential`'s client certificate; resolves with its reply. */
  async mqttAs(credential: { certPem: string; keyPem: string }, topic: string, template: Record<string, unknown>, timeoutMs = 5000): Promise<MqttReply> {
    const client = await this.mqttClientWith(credential);
    const responseTopic = `${this.topicPrefix}/reply/${randomBytes(6).toString('hex')}`;
    await client.subscribeAsync(responseTopic, { qos: 1 });
    const reply = new Promise<MqttReply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No MQTT reply on ${responseTopic} within ${timeoutMs} ms`)), timeoutMs);
      client.on('message', (received, message) => {
        if (received !== responseTopic) return;
        clearTimeout(timer);
        resolve(JSON.parse(message.toString()) as MqttReply);
      });
    });
    client.publish(topic, JSON.stringify({ traceId: randomBytes(4).toString('hex'), responseTopic, qosRequirement: 1, ...template }), { qos: 1 });
    try {
      return await reply;
    } finally {
      await client.endAsync();
      this.clients = this.clients.filter((each) => each !== client);
    }
  }

  private readonly requests = new MqttRequests(() => this.mqttClient(), this.topicPrefix);

  /** Publishes a request template on `topic` and resolves with the reply (see MqttRequests.request). */
  mqtt(topic: string, template: Record<string, unknown> = {}, timeoutMs = 5000): Promise<MqttReply> {
    return this.requests.request(topic, template, timeoutMs);
  }

  /** Publishes `template` and returns what arrived on its response topic within `waitMs` (see MqttRequests.unanswered). */
  mqttUnanswered(topic: string, template: Record<string, unknown>, withResponseTopic: boolean, waitMs = 500): Promise<MqttReply[]> {
    return this.requests.unanswered(topic, template, withResponseTopic, waitMs);
  }

  /**
   * Records every message the service itself publishes from now on. Subscribing to '#' would show
   * the same, but the embedded broker lets no client but the service read its request tree.
   */
  recordOwnPublishes(): Array<{ topic: string; text: string }> {
    const seen: Array<{ topic: string; text: string }> = [];
    const own = this.running.app.get(MqttConnection).client!;
    const publish = own.publish.bind(own);
    jest.spyOn(own, 'publish').mockImplementation(((topic: string, message: string | Buffer, ...rest: never[]) => {
      seen.push({ topic, text: message.toString() });
      return publish(topic, message, ...rest);
    }) as MqttClient['publish']);
    return seen;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.endAsync()));
    await this.running.close();
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
