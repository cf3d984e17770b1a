import { Logger } from '@nestjs/common';
import { MqttContext, ServerMqtt } from '@nestjs/microservices';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { connect, IClientOptions, MqttClient, Packet } from 'mqtt';
import { lastValueFrom } from 'rxjs';
import { ArrowheadMqttExtras } from './arrowhead-operation.decorator';
import { StatusResult } from './status-result';
import { isMqttErrorReply, MqttRequestEnvelope, MqttResponseEnvelope } from './mqtt-envelope';
import { ErrorResponseDto } from '../dto/error-response.dto';
import { ExceptionType } from './arrowhead.exception';
import { Identity } from '../auth/identity';
import { runWithTrace } from '../../logging/trace-context';
import { randomUUID } from 'node:crypto';

export interface ArrowheadMqttServerOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  /** Subscribe request topics as `$share/<group>/<topic>` so that replicas answer each request once. */
  sharedGroup?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  rejectUnauthorized?: boolean;
  /** The embedded broker in this process: its certificate need not name 127.0.0.1. */
  loopback?: boolean;
  /** Told about every reply (status and time taken), for metrics. */
  onReply?: (topic: string, status: number, seconds: number) => void;
}

type QosLevel = 0 | 1 | 2;

class EnvelopeError extends Error {
  constructor(
    readonly replyQos: QosLevel,
    message: string,
  ) {
    super(message);
  }
}

function asQos(value: unknown): QosLevel | null {
  if (value === undefined || value === null) return 0;
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return number === 0 || number === 1 || number === 2 ? number : null;
}

function asParams(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {};
  }
  // SPEC-deviations A19: booleans and numbers arrive unquoted from some clients.
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== null && entry !== undefined)
      .map(([key, entry]) => [key, String(entry)]),
  );
}

/**
 * Serves the Arrowhead MQTT request/response templates (SPEC.md §4) on top of Nest's MQTT
 * transport: requests carry their own `responseTopic` and `qosRequirement`, which Nest's
 * `<topic>/reply` convention cannot express, so only message handling and subscription naming
 * are overridden. Routing, guards, pipes and filters stay Nest's.
 */
export class ArrowheadMqttServer extends ServerMqtt {
  protected override readonly logger = new Logger(ArrowheadMqttServer.name);

  constructor(private readonly arrowheadOptions: ArrowheadMqttServerOptions) {
    // QoS 1 subscriptions, as the reference's: a request is not lost between broker and service.
    super({ url: arrowheadOptions.url, subscribeOptions: { qos: 1 } });
  }

  override createMqttClient(): MqttClient {
    const { url, clientId, username, password, caFile, certFile, keyFile, rejectUnauthorized, loopback } = this.arrowheadOptions;
    const options: IClientOptions = {
      clientId,
      username,
      password,
      clean: true,
      reconnectPeriod: 2000,
      connectTimeout: 10_000,
      ca: caFile ? readFileSync(caFile) : undefined,
      cert: certFile ? readFileSync(certFile) : undefined,
      key: keyFile ? readFileSync(keyFile) : undefined,
      rejectUnauthorized,
      ...(loopback ? { checkServerIdentity: () => undefined } : {}),
    };
    const client = connect(url, options);
    // MQTT.js leaves Nagle on; small request/reply messages then wait on delayed ACKs (~40 ms each).
    client.on('connect', () => (client.stream as Partial<Socket>)?.setNoDelay?.(true));
    return client;
  }

  override getRequestPattern(pattern: string): string {
    const group = this.arrowheadOptions.sharedGroup;
    return group ? `$share/${group}/${pattern}` : pattern;
  }

  /** Our patterns are plain topics: skip Nest's JSON.parse attempt, which throws on every message. */
  override getRouteFromPattern(pattern: string): string {
    return this.normalizePattern(pattern);
  }

  override async handleMessage(channel: string, buffer: Buffer, pub: MqttClient, originalPacket?: Packet): Promise<void> {
    let traceId: string | undefined;
    try {
      const parsed = JSON.parse(buffer.toString()) as { traceId?: unknown };
      traceId = typeof parsed?.traceId === 'string' ? parsed.traceId : undefined;
    } catch {
      // reported below
    }
    // Log lines written while serving this request carry its traceId.
    return runWithTrace(traceId ?? randomUUID(), () => this.serve(channel, buffer, pub, originalPacket));
  }

  private async serve(channel: string, buffer: Buffer, pub: MqttClient, originalPacket?: Packet): Promise<void> {
    const started = process.hrtime.bigint();
    let raw: unknown;
    try {
      raw = JSON.parse(buffer.toString());
    } catch {
      this.logger.warn(`Dropped a message on ${channel}: not JSON`);
      return;
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      this.logger.warn(`Dropped a message on ${channel}: not a request template`);
      return;
    }
    const template = raw as Record<string, unknown>;
    const traceId = typeof template.traceId === 'string' ? template.traceId : undefined;
    const responseTopic =
      typeof template.responseTopic === 'string' && template.responseTopic.trim() !== '' ? template.responseTopic.trim() : undefined;
    const reply = (qos: QosLevel, response: MqttResponseEnvelope): void => {
      this.arrowheadOptions.onReply?.(channel, response.status, Number(process.hrtime.bigint() - started) / 1e9);
      if (responseTopic === undefined) {
        return; // SPEC.md §4.2: no response topic, no response (the request still ran).
      }
      pub.publish(responseTopic, JSON.stringify(response), { qos, retain: false }, (error) => {
        if (error) this.logger.error(`Could not publish the reply to ${responseTopic}: ${error.message}`);
      });
    };

    try {
      const qos = asQos(template.qosRequirement);
      if (qos === null) {
        throw new EnvelopeError(0, `Unknown MQTT QoS value:${String(template.qosRequirement)}`);
      }
      const envelope: MqttRequestEnvelope & { identity?: Identity } = {
        traceId,
        authentication: typeof template.authentication === 'string' ? template.authentication : undefined,
        responseTopic,
        qosRequirement: qos,
        params: asParams(template.params),
        payload: template.payload ?? null,
        topic: channel,
      };
      const handler = this.getHandlerByPattern(channel);
      if (!handler) {
        throw new EnvelopeError(qos, `Unknown operation: ${channel.slice(channel.lastIndexOf('/') + 1)}`);
      }
      const { successStatus } = (handler.extras ?? {}) as Partial<ArrowheadMqttExtras>;
      try {
        const result = await lastValueFrom(
          this.transformToObservable(await handler(envelope, new MqttContext([channel, originalPacket as never]))),
          { defaultValue: undefined },
        );
        const [status, payload] = result instanceof StatusResult ? [result.status, result.body] : [successStatus ?? 200, result];
        reply(qos, { status, traceId, receiver: envelope.identity?.systemName, payload: payload ?? '' });
      } catch (error) {
        if (!isMqttErrorReply(error)) {
          throw error;
        }
        reply(qos, { status: error.status, traceId, receiver: envelope.identity?.systemName, payload: error.payload });
      }
    } catch (error) {
      const envelopeError = error instanceof EnvelopeError;
      if (!envelopeError) {
        this.logger.error(`Unexpected error on ${channel}`, (error as Error)?.stack);
      }
      const payload: ErrorResponseDto = {
        errorMessage: envelopeError ? (error as Error).message : 'Internal server error',
        errorCode: envelopeError ? 400 : 500,
        exceptionType: envelopeError ? ExceptionType.INVALID_PARAMETER : ExceptionType.INTERNAL_SERVER_ERROR,
        origin: channel,
      };
      reply(envelopeError ? (error as EnvelopeError).replyQos : 0, { status: payload.errorCode, traceId, payload });
    }
  }
}
