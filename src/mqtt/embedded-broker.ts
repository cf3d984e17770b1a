import { Logger } from '@nestjs/common';
import Aedes, { Client } from 'aedes';
import { createServer, Server, Socket } from 'node:net';
import { createServer as createTlsServer, Server as TlsServer, TlsOptions } from 'node:tls';
import { allowPartialTrustChainOn } from '../config/tls';
import { StartupError } from '../startup-error';
import { BrokerAccess } from './broker-access';

export class PortInUseError extends StartupError {}

/** Room in a PUBLISH packet besides its payload: the topic (up to 64 KiB) and the headers. */
const PACKET_OVERHEAD_BYTES = 65_535 + 1024;

export interface PacketLimit {
  /** The largest payload a client may publish (MQTT_MAX_PAYLOAD). */
  maxPayloadBytes: number;
  /** The service's own connection: its replies and notifications may be larger than what it accepts. */
  isExempt?: (client: Client) => boolean;
}

/** aedes' client with the mqtt-packet parser it reads with (not part of aedes' typings). */
type ParsingClient = Client & {
  _parser: { packet: { length: number }; _parseLength(): boolean; _emitError(error: Error): void };
};

/**
 * aedes has no packet size limit and buffers a whole packet, up to 256 MB, before it looks at it.
 * This checks the length in each packet's fixed header instead and closes the connection (the
 * parser's error does that) before the body is read.
 */
function limitPacketSize(client: ParsingClient, limit: PacketLimit): void {
  const parser = client._parser;
  const parseLength = parser._parseLength;
  const maxPacketBytes = limit.maxPayloadBytes + PACKET_OVERHEAD_BYTES;
  parser._parseLength = function (this: ParsingClient['_parser']): boolean {
    const complete = parseLength.call(this);
    if (complete && this.packet.length > maxPacketBytes && !limit.isExempt?.(client)) {
      this._emitError(new Error(`Packet of ${this.packet.length} bytes refused: more than MQTT_MAX_PAYLOAD allows`));
      return false;
    }
    return complete;
  };
}

/**
 * An in-process MQTT broker (aedes) for running without an external one. It offers plain topics
 * only: shared subscriptions for replicas need a real broker (MQTT_URL).
 */
export class EmbeddedBroker {
  private readonly logger = new Logger(EmbeddedBroker.name);
  private readonly aedes: Aedes;
  private readonly server: Server;

  private constructor(tls?: TlsOptions, access?: BrokerAccess, limit?: PacketLimit) {
    this.aedes = new Aedes(
      access ? { authenticate: access.authenticate, authorizePublish: access.authorizePublish, authorizeSubscribe: access.authorizeSubscribe } : {},
    );
    const handle = (connection: Socket) => {
      const client = this.aedes.handle(connection) as ParsingClient;
      if (limit) limitPacketSize(client, limit);
    };
    this.server = tls ? createTlsServer(tls, handle) : createServer(handle);
    if (tls) allowPartialTrustChainOn(this.server as TlsServer, tls);
  }

  /**
   * Listens on `port` (0: any free one); with `tls`, as an MQTTS broker; `access` decides who may
   * do what; with `limit`, larger packets are refused.
   */
  static async start(
    port: number,
    host = '0.0.0.0',
    tls?: TlsOptions,
    access?: BrokerAccess,
    limit?: PacketLimit,
  ): Promise<{ broker: EmbeddedBroker; port: number }> {
    const broker = new EmbeddedBroker(tls, access, limit);
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
