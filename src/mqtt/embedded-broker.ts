import { Logger } from '@nestjs/common';
import Aedes from 'aedes';
import { createServer, Server } from 'node:net';
import { createServer as createTlsServer, TlsOptions } from 'node:tls';
import { StartupError } from '../startup-error';
import { BrokerAccess } from './broker-access';

export class PortInUseError extends StartupError {}

/**
 * An in-process MQTT broker (aedes) for running without an external one. It offers plain topics
 * only: shared subscriptions for replicas need a real broker (MQTT_URL).
 */
export class EmbeddedBroker {
  private readonly logger = new Logger(EmbeddedBroker.name);
  private readonly aedes: Aedes;
  private readonly server: Server;

  private constructor(tls?: TlsOptions, access?: BrokerAccess) {
    this.aedes = new Aedes(
      access ? { authenticate: access.authenticate, authorizePublish: access.authorizePublish, authorizeSubscribe: access.authorizeSubscribe } : {},
    );
    this.server = tls ? createTlsServer(tls, this.aedes.handle) : createServer(this.aedes.handle);
  }

  /** Listens on `port` (0: any free one); with `tls`, as an MQTTS broker; `access` decides who may do what. */
  static async start(port: number, host = '0.0.0.0', tls?: TlsOptions, access?: BrokerAccess): Promise<{ broker: EmbeddedBroker; port: number }> {
    const broker = new EmbeddedBroker(tls, access);
    const actualPort = await new Promise<number>((resolve, reject) => {
      broker.server.once('error', (error: NodeJS.ErrnoException) => {
        broker.aedes.close();
        reject(
          error.code === 'EADDRINUSE'
            ? new PortInUseError(
                `MQTT port ${port} is already in use, so the embedded broker cannot start. ` +
                  'Set MQTT_URL to use that broker, or MQTT_PORT to start the embedded one on a free port (or MQTT_ENABLED=false).',
              )
            : error,
        );
      });
      broker.server.listen(port, host, () => {
        const address = broker.server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
    broker.logger.log(`Embedded MQTT broker listening on ${host}:${actualPort}${tls ? ' (TLS)' : ''}`);
    return { broker, port: actualPort };
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
