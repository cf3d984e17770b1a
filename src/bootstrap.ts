import { INestApplication, Logger } from '@nestjs/common';
import type { HttpsOptions } from '@nestjs/common/interfaces/external/https-options.interface';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import type { Server as TlsServer } from 'node:tls';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { AppModule } from './app.module';
import type { ArrowheadMqttServer } from './common/arrowhead/arrowhead-mqtt.server';
import { AppConfig } from './config/app-config';
import { corsMiddleware } from './common/http/cors';
import { ArrowheadExpressAdapter } from './common/http/arrowhead-express-adapter';
import { allowPartialTrustChainOn, loadTlsMaterial, mqttClientTlsOptions, serverTlsOptions } from './config/tls';
import type { EmbeddedBroker } from './mqtt/embedded-broker';
import { BrokerAccess } from './mqtt/broker-access';
import { listenerGate, listenManagementPort } from './common/http/management-port';
import { readHttpRequests } from './common/http/arrowhead-http.server';
import { routeOfTopic } from './common/arrowhead/routes';
import { AppLogger } from './logging/app-logger';
import { serveOpenApi } from './openapi/openapi';
import { MqttConnection } from './mqtt/mqtt-connection';
import { MetricsService } from './metrics/metrics.service';
import { PushDispatcher } from './push/push-dispatcher.service';
import { UnreachableDependencyError } from './startup-error';
import type { MqttClient } from 'mqtt';
import { CloudMembership, Reachability } from './cloud/cloud-membership.service';
import { OwnIdentity } from './cloud/own-identity.service';

const MQTT_CONNECT_TIMEOUT_MS = 15_000;

export interface RunningService {
  app: INestApplication;
  /** Where HTTP listens (the real port when PORT=0). */
  httpPort: number;
  /** Where health, metrics and the OpenAPI description are served, when MANAGEMENT_PORT is set. */
  managementPort?: number;
  /** The broker the service serves MQTT on, or undefined with MQTT_ENABLED=false. */
  mqttUrl?: string;
  close(): Promise<void>;
}

/** What the Service Registry is told: the HTTP port and the broker (the embedded one under DOMAIN_NAME). */
function reachability(config: AppConfig, app: INestApplication, mqttUrl: string | undefined, embedded: boolean): Reachability {
  const httpPort = (app.getHttpServer().address() as AddressInfo).port;
  if (!mqttUrl) return { httpPort };
  const url = new URL(mqttUrl);
  const tls = ['mqtts:', 'ssl:', 'wss:'].includes(url.protocol);
  const port = url.port ? Number(url.port) : tls ? 8883 : 1883;
  return { httpPort, mqtt: { address: embedded ? config.domainName : url.hostname, port, tls } };
}

/** A wildcard bind address is reached on loopback; any other address as it is. */
function reachableHost(address: string): string {
  if (address === '0.0.0.0' || address === '::' || address === '') return '127.0.0.1';
  return address.includes(':') ? `[${address}]` : address;
}

function withTimeout<T>(promise: Promise<T>, ms: number, failure: () => Error): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(failure()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts the whole service: embedded broker (unless MQTT_URL is set), database (embedded unless
 * DATABASE_URL is set) with migrations, HTTP and MQTT on the same handlers. Used by main.ts and
 * by the end-to-end tests alike.
 */
export async function startService(config: AppConfig, options: { logger?: false } = {}): Promise<RunningService> {
  const material = loadTlsMaterial(config.tls);
  const tls = material ? serverTlsOptions(material, config.tls.clientAuth) : undefined;
  const logger = new AppLogger(config.log.format, AppLogger.levelsFrom(config.log.level), options.logger !== false);
  Logger.overrideLogger(logger);
  for (const warning of config.warnings) new Logger('Configuration').warn(warning);
  let broker: EmbeddedBroker | undefined;
  let mqttUrl: string | undefined;
  // The embedded broker knows the service's own client by these (made afresh at every start).
  const embeddedCredentials = { username: config.systemName, password: randomBytes(24).toString('base64url') };
  if (config.mqtt.enabled) {
    if (config.mqtt.url) {
      mqttUrl = config.mqtt.url;
    } else {
      const certificatePolicy = config.auth.policy === 'certificate';
      // Under the certificate policy every MQTT client proves who it is with its certificate.
      const brokerTls = tls && certificatePolicy ? { ...tls, requestCert: true, rejectUnauthorized: true } : tls;
      const access = new BrokerAccess({ serviceCredentials: embeddedCredentials, bindCertificates: certificatePolicy });
      // Loaded only here: aedes costs start-up time a deployment on an external broker need not pay.
      const { EmbeddedBroker } = await import('./mqtt/embedded-broker');
      const embedded = await EmbeddedBroker.start(config.mqtt.embeddedPort, config.http.address, brokerTls, access, {
        maxPayloadBytes: config.mqtt.maxPayloadBytes,
        isExempt: (client) => access.isService(client),
      });
      broker = embedded.broker;
      mqttUrl = `${tls ? 'mqtts' : 'mqtt'}://${reachableHost(config.http.address)}:${embedded.port}`;
    }
  }

  let app: NestExpressApplication | undefined;
  let management: { server: Server; port: number } | undefined;
  try {
    const adapter = new ArrowheadExpressAdapter();
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger, material), adapter, {
      bodyParser: false,
      abortOnError: false,
      logger,
      ...(tls ? { httpsOptions: tls as HttpsOptions } : {}),
    });
    allowPartialTrustChainOn(app.getHttpServer() as unknown as TlsServer, tls);
    if (config.http.managementPort !== undefined) {
      // Before every route, the OpenAPI ones included.
      app.use(listenerGate());
    }
    // Ahead of the API: a preflight carries no identity and no body.
    app.use(corsMiddleware(config.http.corsOrigins));
    const metrics = app.get(MetricsService);
    // Operations with a fixed path are answered ahead of Express, through the RPC pipeline.
    readHttpRequests(app, adapter, { bodyLimit: config.http.bodyLimit, metrics });
    serveOpenApi(app);
    // Loaded only with MQTT on: the mqtt client library is a noticeable part of loading the service.
    const server: ArrowheadMqttServer | undefined = mqttUrl
      ? new (await import('./common/arrowhead/arrowhead-mqtt.server')).ArrowheadMqttServer({
          ...config.mqtt,
          url: mqttUrl,
          loopback: broker !== undefined,
          tls: mqttClientTlsOptions(config.mqtt, material, broker !== undefined),
          ...(broker ? embeddedCredentials : {}),
          onReply: (topic, status, seconds) => metrics.recordRequest('mqtt', topic, status, seconds, routeOfTopic(topic)?.management ?? false),
        })
      : undefined;
    if (server) {
      app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
    }
    await app.init();
    await withTimeout(
      app.startAllMicroservices(),
      MQTT_CONNECT_TIMEOUT_MS,
      () => new UnreachableDependencyError(
        `Cannot connect to the MQTT broker at ${mqttUrl} within ${MQTT_CONNECT_TIMEOUT_MS / 1000} s. Check MQTT_URL (or set MQTT_ENABLED=false).`,
      ),
    );
    if (server) {
      // Push notifications go out on the service's own broker connection; readiness watches it.
      app.get(MqttConnection).attach(server.unwrap<MqttClient>());
    }
    await app.listen(config.http.port, config.http.address);
    if (config.http.managementPort !== undefined) {
      management = await listenManagementPort(app.getHttpAdapter().getInstance(), config.http.managementPort, config.http.address);
    }
    app.get(PushDispatcher).start();
    // HTTP already answers (not ready) while the service logs in and registers (SPEC-cloud.md §3.1).
    await app.get(CloudMembership).join(reachability(config, app, mqttUrl, broker !== undefined));
  } catch (error) {
    management?.server.close();
    await app?.close().catch(() => undefined);
    await broker?.close();
    throw error;
  }

  const httpPort = (app.getHttpServer().address() as AddressInfo).port;
  new Logger('Bootstrap').log(
    `${tls ? 'HTTPS' : 'HTTP'} on ${config.http.address}:${httpPort}` +
      `${management ? `, health/metrics/OpenAPI on HTTP ${config.http.address}:${management.port}` : ''}` +
      `${mqttUrl ? `, MQTT on ${mqttUrl}` : ', MQTT disabled'}`,
  );
  const started = app;
  const managementServer = management?.server;
  return {
    app: started,
    httpPort,
    managementPort: management?.port,
    mqttUrl,
    async close() {
      if (managementServer) {
        await new Promise<void>((resolve) => {
          managementServer.close(() => resolve());
          managementServer.closeIdleConnections();
        });
      }
      // SPEC-cloud.md §3.6: revoke first, log out last (the session is in memory, the database may be gone).
      await started.get(CloudMembership).leave();
      const ownIdentity = started.get(OwnIdentity);
      await started.close();
      await ownIdentity.logout();
      await broker?.close();
    },
  };
}
