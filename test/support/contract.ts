import { BlacklistFilter } from '../../src/cloud/blacklist.filter';
import { MiddlewareConsumer, Module, NestModule, Provider, RequestMethod, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { connect, MqttClient } from 'mqtt';
import request from 'supertest';
import { ArrowheadExceptionFilter } from '../../src/common/arrowhead/arrowhead-exception.filter';
import { ArrowheadMqttServer } from '../../src/common/arrowhead/arrowhead-mqtt.server';
import { JsonContentTypeMiddleware } from '../../src/common/arrowhead/json-content-type.middleware';
import { readHttpRequests } from '../../src/common/http/arrowhead-http.server';
import { ArrowheadExpressAdapter } from '../../src/common/http/arrowhead-express-adapter';
import { ArrowheadAuthGuard } from '../../src/common/auth/arrowhead-auth.guard';
import { ConsumerAuthorizationClient } from '../../src/common/auth/consumer-authorization.client';
import { DeclaredIdentityResolver } from '../../src/common/auth/declared-identity.resolver';
import { IdentityResolver } from '../../src/common/auth/identity-resolver';
import { ManagementPolicy } from '../../src/common/auth/management-policy';
import { NameNormalizer } from '../../src/common/naming/name-normalizer';
import { ArrowheadValidationPipe } from '../../src/common/validation/arrowhead-validation.pipe';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { AppConfigModule } from '../../src/config/app-config.module';
import { EmbeddedBroker } from '../../src/mqtt/embedded-broker';
import { MqttReply, MqttRequests } from './mqtt-requests';
import { invoke, Transport } from './operations';

/**
 * Contract tests (test/contract/*.contract-spec.ts): the real global pipeline of AppModule and
 * bootstrap.ts (JSON body parser, content-type middleware, auth guard with the declared policy,
 * validation pipe, exception filter, the HTTP operations front ahead of Express, ArrowheadMqttServer
 * on an in-process broker; interceptors a controller declares itself come with it) around real controllers whose services are stubs. One table of cases runs over HTTP
 * and MQTT and pins what the transports add: status codes, ErrorResponse bodies and origins,
 * reply envelopes, and what the handler hands to its service. No database.
 *
 * In the style of immich's `controllerSetup` (server/test/utils.ts).
 */

/** A stand-in for a service class: every listed method a jest mock. */
export type Stub<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? jest.Mock<R, A> : T[K] };

export function stub<T>(type: Type<T>, methods: (keyof T & string)[]): Provider {
  return { provide: type, useValue: Object.fromEntries(methods.map((method) => [method, jest.fn()])) };
}

/** The middleware AppModule applies to every route that matters for the contract (415 for non-JSON bodies). */
@Module({})
class ContractMiddleware implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonContentTypeMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}

export interface ContractOptions {
  controllers: Type<unknown>[];
  /** Stubs for what the controllers inject (see {@link stub}). */
  providers: Provider[];
  /** Configuration as environment variables, on top of the defaults. */
  env?: Record<string, string>;
}

export class ContractApp {
  private readonly clients: MqttClient[] = [];
  private readonly requests: MqttRequests;

  private constructor(
    private readonly app: NestExpressApplication,
    private readonly broker: EmbeddedBroker,
    private readonly mqttUrl: string,
  ) {
    this.requests = new MqttRequests(() => this.mqttClient(), `contract-${randomBytes(4).toString('hex')}`);
  }

  static async start(options: ContractOptions): Promise<ContractApp> {
    const config: AppConfig = loadConfig({ DATA_DIR: '/nonexistent', ...options.env });
    const moduleRef = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config), ContractMiddleware],
      controllers: options.controllers,
      providers: [
        ...options.providers,
        { provide: IdentityResolver, inject: [NameNormalizer], useFactory: (normalizer: NameNormalizer) => new DeclaredIdentityResolver(normalizer) },
        // Says no unless a test arranges otherwise (`stub(ConsumerAuthorizationClient).mayUse`).
        { provide: ConsumerAuthorizationClient, useValue: { mayUse: jest.fn().mockResolvedValue(false) } },
        // BLACKLIST_ENABLED is off by default: nobody is refused.
        { provide: BlacklistFilter, useValue: { check: jest.fn().mockResolvedValue(undefined) } },
        ManagementPolicy,
        { provide: APP_GUARD, useClass: ArrowheadAuthGuard },
        { provide: APP_PIPE, useClass: ArrowheadValidationPipe },
        { provide: APP_FILTER, useClass: ArrowheadExceptionFilter },
      ],
    }).compile();
    // As bootstrap.ts does: strict, case-sensitive routing; UTF-8 JSON bodies only; the operations front ahead of Express.
    const adapter = new ArrowheadExpressAdapter();
    const app = moduleRef.createNestApplication<NestExpressApplication>(adapter, { bodyParser: false, logger: false });
    readHttpRequests(app, adapter, { bodyLimit: config.http.bodyLimit });
    const { broker, port } = await EmbeddedBroker.start(0, '127.0.0.1');
    const mqttUrl = `mqtt://127.0.0.1:${port}`;
    try {
      const server = new ArrowheadMqttServer({ url: mqttUrl, clientId: `contract-${randomBytes(4).toString('hex')}`, loopback: true });
      app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
      await app.init();
      await app.startAllMicroservices();
    } catch (error) {
      await app.close().catch(() => undefined);
      await broker.close();
      throw error;
    }
    return new ContractApp(app, broker, mqttUrl);
  }

  /** The stub registered for `type`, to arrange answers and check calls. */
  stub<T>(type: Type<T>): Stub<T> {
    return this.app.get(type) as unknown as Stub<T>;
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  /** Publishes a request template on `topic` and resolves with the whole reply envelope. */
  mqtt(topic: string, template: Record<string, unknown> = {}, timeoutMs = 5000): Promise<MqttReply> {
    return this.requests.request(topic, template, timeoutMs);
  }

  mqttUnanswered(topic: string, template: Record<string, unknown>, withResponseTopic: boolean, waitMs = 300): Promise<MqttReply[]> {
    return this.requests.unanswered(topic, template, withResponseTopic, waitMs);
  }

  private async mqttClient(): Promise<MqttClient> {
    const client = connect(this.mqttUrl, { reconnectPeriod: 0 });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    this.clients.push(client);
    return client;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.endAsync()));
    await this.app.close();
    await this.broker.close();
  }
}

/** An operation as a table names it: HTTP method and path (params filled in), MQTT topic and params. */
export interface ContractOperation {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  topic: string;
  params?: Record<string, unknown>;
}

/** ErrorResponse as the filter writes it: origin `<METHOD> <path>` on HTTP, the topic on MQTT. */
export function errorBody(transport: Transport, operation: ContractOperation, status: number, exceptionType: string, errorMessage: unknown) {
  return { errorMessage, errorCode: status, exceptionType, origin: transport === 'http' ? `${operation.method} ${operation.path}` : operation.topic };
}

/** One row of a contract table, for a controller whose service is the stub `S`. */
export interface ContractCase<S> {
  name: string;
  operation: ContractOperation;
  /** HTTP body or MQTT payload. */
  body?: unknown;
  /** Send `body` over this transport only (a value HTTP carries in the path, MQTT as the payload). */
  bodyOnlyOver?: Transport;
  /** HTTP query string (lists that travel there on HTTP and as the payload on MQTT). */
  query?: string;
  /** As in `invoke`: undefined for the sysop, null for none. */
  authorization?: string | null;
  arrange?: (service: S) => void;
  status: number;
  reply: (transport: Transport) => unknown;
  /** The one service call the handler must make; undefined: no call at all. */
  called?: { method: keyof S & string; args: unknown[] };
}

/** Runs one row over `transport`: the answer, and exactly which calls reached the service. */
export async function checkContract<S extends object>(contract: ContractApp, service: S, transport: Transport, row: ContractCase<S>): Promise<void> {
  row.arrange?.(service);
  const body = row.bodyOnlyOver === undefined || row.bodyOnlyOver === transport ? row.body : undefined;
  const answer = await invoke(contract, transport, { ...row.operation, body, query: row.query }, { authorization: row.authorization });
  expect(answer).toEqual({ status: row.status, body: row.reply(transport) });
  const calls = Object.fromEntries(Object.entries(service).map(([method, mock]) => [method, (mock as jest.Mock).mock.calls]));
  const expected = Object.fromEntries(Object.keys(service).map((method) => [method, [] as unknown[]]));
  if (row.called) expected[row.called.method] = [row.called.args];
  expect(calls).toEqual(expected);
}

/** What a refusal row sends: an HTTP body or MQTT payload, and for list inputs the HTTP query it travels in. */
export interface RefusalOptions<S> {
  authorization?: string | null;
  /** The HTTP query string that carries `body` (lists: a query parameter on HTTP, the payload on MQTT). */
  query?: (body: unknown) => string | undefined;
  bodyOnlyOver?: Transport;
  /** Names the operation in the rows' names (default: the last topic segment). */
  label?: string;
  /** Unused (a refusal reaches no service); ties the rows to the service's stub type. */
  arrange?: ContractCase<S>['arrange'];
}

/**
 * Rows for inputs a request parser refuses (`[what, body, the spec's text]`): a 400
 * INVALID_PARAMETER with that text and origin on both transports, and no call to the service.
 * The parser's own unit table checks each rule and order; these pin what the wire shows.
 */
export function refusals<S>(operation: ContractOperation, rows: [name: string, body: unknown, message: unknown][], options: RefusalOptions<S> = {}): ContractCase<S>[] {
  return rows.map(([name, body, message]) => ({
    name: `${options.label ?? operation.topic.split('/').pop()}: refuses ${name}`,
    operation,
    body,
    query: options.query?.(body),
    authorization: options.authorization,
    bodyOnlyOver: options.bodyOnlyOver,
    status: 400,
    reply: (transport: Transport) => errorBody(transport, operation, 400, 'INVALID_PARAMETER', message),
  }));
}

/**
 * A row for a management operation called by `caller` (a bearer header), who is neither the
 * sysop nor whitelisted: 403 FORBIDDEN with the policy's text, and no call to the service.
 */
export function managementOnly<S>(label: string, operation: ContractOperation, caller: string, request: { body?: unknown; query?: string } = {}): ContractCase<S> {
  return {
    name: `${label}: a non-sysop caller is refused with 403 (management operation)`,
    operation,
    ...request,
    authorization: caller,
    status: 403,
    reply: (transport: Transport) => errorBody(transport, operation, 403, 'FORBIDDEN', 'Requester has no management permission'),
  };
}
