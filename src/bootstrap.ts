import { INestApplication, Logger } from '@nestjs/common';
import type { HttpsOptions } from '@nestjs/common/interfaces/external/https-options.interface';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import type { TlsOptions } from 'node:tls';
import { AppModule } from './app.module';
import { ArrowheadMqttServer } from './common/arrowhead/arrowhead-mqtt.server';
import { AppConfig } from './config/app-config';
import { EmbeddedBroker } from './mqtt/embedded-broker';
import { AppLogger } from './logging/app-logger';
import { serveOpenApi } from './openapi/openapi';
import { MqttConnection } from './mqtt/mqtt-connection';
import { MetricsService } from './metrics/metrics.service';
import { PushDispatcher } from './push/push-dispatcher.service';
import { UnreachableDependencyError } from './startup-error';
import type { MqttClient } from 'mqtt';

const MQTT_CONNECT_TIMEOUT_MS = 15_000;

export interface RunningService {
  app: INestApplication;
  /** Where HTTP listens (the real port when PORT=0). */
  httpPort: number;
  /** The broker the service serves MQTT on, or undefined with MQTT_ENABLED=false. */
  mqttUrl?: string;
  close(): Promise<void>;
}

/** HTTPS (and the embedded broker's TLS) from the PEM files; client certificates as TLS_CLIENT_AUTH says. */
function tlsServerOptions(config: AppConfig): (TlsOptions & HttpsOptions) | undefined {
  const { enabled, keyFile, certFile, caFile, clientAuth } = config.tls;
  if (!enabled) return undefined;
  return {
    key: readFileSync(keyFile!),
    cert: readFileSync(certFile!),
    ca: caFile ? readFileSync(caFile) : undefined,
    requestCert: clientAuth !== 'none',
    rejectUnauthorized: clientAuth === 'require',
  };
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
  const tls = tlsServerOptions(config);
  const logger = new AppLogger(config.log.format, AppLogger.levelsFrom(config.log.level), options.logger !== false);
  Logger.overrideLogger(logger);
  let broker: EmbeddedBroker | undefined;
  let mqttUrl: string | undefined;
  if (config.mqtt.enabled) {
    if (config.mqtt.url) {
      mqttUrl = config.mqtt.url;
    } else {
      const embedded = await EmbeddedBroker.start(config.mqtt.embeddedPort, '0.0.0.0', tls);
      broker = embedded.broker;
      mqttUrl = `${tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${embedded.port}`;
    }
  }

  let app: NestExpressApplication | undefined;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
      bodyParser: false,
      abortOnError: false,
      logger,
      ...(tls ? { httpsOptions: tls } : {}),
    });
    app.useBodyParser('json', { limit: config.http.bodyLimit });
    serveOpenApi(app);
    const metrics = app.get(MetricsService);
    const server = mqttUrl
      ? new ArrowheadMqttServer({
          ...config.mqtt,
          url: mqttUrl,
          loopback: broker !== undefined,
          // The embedded TLS broker is ours: trust our own CA (or certificate).
          caFile: config.mqtt.caFile ?? (broker && tls ? config.tls.certFile : undefined),
          onReply: (topic, status, seconds) => metrics.recordRequest('mqtt', topic, status, seconds),
        })
      : undefined;
    if (server) {
      app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
    }
    await app.init();
    if (server) {
      await withTimeout(
        app.startAllMicroservices(),
        MQTT_CONNECT_TIMEOUT_MS,
        () => new UnreachableDependencyError(
          `Cannot connect to the MQTT broker at ${mqttUrl} within ${MQTT_CONNECT_TIMEOUT_MS / 1000} s. Check MQTT_URL (or set MQTT_ENABLED=false).`,
        ),
      );
      // Push notifications go out on the service's own broker connection; readiness watches it.
      app.get(MqttConnection).attach(server.unwrap<MqttClient>());
    }
    await app.listen(config.http.port, config.http.address);
    app.get(PushDispatcher).start();
  } catch (error) {
    await app?.close().catch(() => undefined);
    await broker?.close();
    throw error;
  }

  const httpPort = (app.getHttpServer().address() as AddressInfo).port;
  new Logger('Bootstrap').log(`${tls ? 'HTTPS' : 'HTTP'} on ${config.http.address}:${httpPort}${mqttUrl ? `, MQTT on ${mqttUrl}` : ', MQTT disabled'}`);
  const started = app;
  return {
    app: started,
    httpPort,
    mqttUrl,
    async close() {
      await started.close();
      await broker?.close();
    },
  };
}
