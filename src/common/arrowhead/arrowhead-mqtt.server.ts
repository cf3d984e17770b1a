import { Logger } from '@nestjs/common';
import { MqttContext, ServerMqtt } from '@nestjs/microservices';
import type { Socket } from 'node:net';
import { connect, IClientOptions, MqttClient, Packet } from 'mqtt';
import { lastValueFrom } from 'rxjs';
import { ArrowheadOperationExtras } from './arrowhead-operation.decorator';
import { StatusResult } from './status-result';
import { MqttRequestEnvelope, MqttResponseEnvelope } from './mqtt-envelope';
import { isErrorReply } from './arrowhead-exception.filter';
import { ErrorResponseDto } from '../dto/error-response.dto';
import { ExceptionType } from './arrowhead.exception';
import { Identity } from '../auth/identity';
import { traced } from '../../logging/trace-context';
import { integerText } from '../validation/lenient';
import { randomUUID } from 'node:crypto';
import { RateLimitedLog } from '../../logging/rate-limited-log';
import { JSON_TOO_DEEP_MESSAGE, jsonDeeperThan } from '../validation/json-depth';
import { publishTopicProblem } from './mqtt-topic';
import type { ClientTls } from '../../config/tls';

export interface ArrowheadMqttServerOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  /** Subscribe request topics as `$share/<group>/<topic>` so that replicas answer each request once. */
  sharedGroup?: string;
  /** Client certificate, key and anchors for mqtts:// (config/tls.ts). */
  tls?: ClientTls;
  rejectUnauthorized?: boolean;
  /** The embedded broker in this process: its certificate need not name 127.0.0.1. */
  loopback?: boolean;
  /** MQTT_MAX_PAYLOAD: larger requests are dropped unparsed. */
  maxPayloadBytes?: number;
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
  const number = integerText(value, { signed: false }) ?? value;
  return number === 0 || number === 1 || number === 2 ? number : null;
}

/** `params` as the string map of SPEC.md §4.2; a nested value has no string form, so it is a 400. */
function asParams(value: unknown, qos: QosLevel): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {};
  }
  const params: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (entry === null || entry === undefined) continue;
    if (typeof entry === 'object') {
      throw new EnvelopeError(qos, `Invalid params: the value of '${clip(key)}' must be a string, number or boolean`);
    }
    // SPEC-deviations A19: booleans and numbers arrive unquoted from some clients.
    params[key] = String(entry);
  }
  return params;
}

/** A client value quoted in a reply, without calling its (client-chosen) `toString`. */
function shown(value: unknown): string {
  if (value !== null && typeof value === 'object') return Array.isArray(value) ? '[array]' : '[object]';
  return clip(String(value));
}

/** A client value quoted in a reply or log line, bounded. */
function clip(text: string, max = 100): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Serves the Arrowhead MQTT request/response templates (SPEC.md §4) on top of Nest's MQTT
 * transport: requests carry their own `responseTopic` and `qosRequirement`, which Nest's
 * `<topic>/reply` convention cannot express, so only message handling and subscription naming
 * are overridden. Routing, guards, pipes and filters stay Nest's.
 */
export class ArrowheadMqttServer extends ServerMqtt {
  protected override readonly logger = new Logger(ArrowheadMqttServer.name);
  /** Warnings any client can trigger (malformed messages), rate-limited. */
  private readonly dropped = new RateLimitedLog(this.logger);
  /** Message ids of QoS 1/2 replies the broker has not acknowledged yet. */
  private readonly unacknowledged = new Set<number>();

  constructor(private readonly arrowheadOptions: ArrowheadMqttServerOptions) {
    // QoS 1 subscriptions, as the reference's: a request is not lost between broker and service.
    super({ url: arrowheadOptions.url, subscribeOptions: { qos: 1 } });
  }

  override createMqttClient(): MqttClient {
    const { url, clientId, username, password, tls, rejectUnauthorized, loopback } = this.arrowheadOptions;
    // MQTT.js silently turns mqtt:// into mqtts:// when a key and certificate are given: a plain URL gets none.
    const secure = /^(mqtts|ssl|wss):/i.test(url);
    const options: IClientOptions = {
      clientId,
      username,
      password,
      clean: true,
      reconnectPeriod: 2000,
      connectTimeout: 10_000,
      // Otherwise the first packet written builds mqtt-packet's table of all 65,536 two-byte
      // numbers (~50-90 ms of start-up, a few MB of heap); writing a number as it comes costs a
      // 2-byte buffer. The switch is mqtt-packet's, shared with the embedded broker.
      writeCache: false,
      ...(secure ? tls : {}),
      rejectUnauthorized,
      ...(loopback ? { checkServerIdentity: () => undefined } : {}),
    };
    const client = connect(url, options);
    // MQTT.js leaves Nagle on; small request/reply messages then wait on delayed ACKs (~40 ms each).
    client.on('connect', () => (client.stream as Partial<Socket>)?.setNoDelay?.(true));
    client.on('close', () => this.dropUnacknowledged(client));
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
    // Nothing may escape from here: Nest calls this without awaiting, so a throw is an unhandled rejection.
    try {
      const template = this.parseTemplate(channel, buffer);
      if (template === undefined) return;
      const traceId = typeof template.traceId === 'string' ? template.traceId : undefined;
      await this.serve(channel, template, traceId, pub, originalPacket);
    } catch (error) {
      this.logger.error(`Unexpected error while handling a message on ${channel}`, (error as Error)?.stack);
    }
  }

  /** The request template, or undefined when the message is dropped unanswered (SPEC.md §4.2: nowhere to answer). */
  private parseTemplate(channel: string, buffer: Buffer): Record<string, unknown> | undefined {
    const max = this.arrowheadOptions.maxPayloadBytes;
    if (max !== undefined && buffer.length > max) {
      this.dropped.warn('MQTT message too large', `Dropped a message on ${channel}: ${buffer.length} bytes, more than MQTT_MAX_PAYLOAD (${max})`);
      return undefined;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(buffer.toString());
    } catch {
      this.dropped.warn('MQTT message not JSON', `Dropped a message on ${channel}: not JSON`);
      return undefined;
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      this.dropped.warn('MQTT message not a request template', `Dropped a message on ${channel}: not a request template`);
      return undefined;
    }
    return raw as Record<string, unknown>;
  }

  private async serve(
    channel: string,
    template: Record<string, unknown>,
    traceId: string | undefined,
    pub: MqttClient,
    originalPacket?: Packet,
  ): Promise<void> {
    const started = process.hrtime.bigint();
    const logTraceId = traceId ?? randomUUID();
    // SPEC.md §4.2: a missing or blank response topic means "run, but do not answer".
    const sent = template.responseTopic;
    const blank = sent === undefined || sent === null || (typeof sent === 'string' && sent.trim() === '');
    const problem = blank ? undefined : publishTopicProblem(typeof sent === 'string' ? sent.trim() : sent);
    const responseTopic = blank || problem !== undefined ? undefined : (sent as string).trim();
    if (problem !== undefined) {
      // Answering would hurt the broker connection (or loop back as a request); not running is the only safe answer.
      this.dropped.warn('MQTT invalid responseTopic', traced(logTraceId, `Dropped a request on ${channel}: its responseTopic ${problem}`));
      return;
    }
    const reply = (qos: QosLevel, response: MqttResponseEnvelope): void => {
      this.arrowheadOptions.onReply?.(channel, response.status, Number(process.hrtime.bigint() - started) / 1e9);
      if (responseTopic !== undefined) this.publishReply(pub, responseTopic, qos, response, logTraceId);
    };

    try {
      const qos = asQos(template.qosRequirement);
      if (qos === null) {
        throw new EnvelopeError(0, `Unknown MQTT QoS value:${shown(template.qosRequirement)}`);
      }
      if (jsonDeeperThan(template.payload)) {
        throw new EnvelopeError(qos, JSON_TOO_DEEP_MESSAGE);
      }
      const envelope: MqttRequestEnvelope & { identity?: Identity } = {
        traceId,
        logTraceId,
        authentication: typeof template.authentication === 'string' ? template.authentication : undefined,
        responseTopic,
        qosRequirement: qos,
        params: asParams(template.params, qos),
        payload: template.payload ?? null,
        topic: channel,
      };
      const handler = this.getHandlerByPattern(channel);
      if (!handler) {
        throw new EnvelopeError(qos, `Unknown operation: ${channel.slice(channel.lastIndexOf('/') + 1)}`);
      }
      const { successStatus } = (handler.extras ?? {}) as Partial<ArrowheadOperationExtras>;
      try {
        const result = await lastValueFrom(
          this.transformToObservable(await handler(envelope, new MqttContext([channel, originalPacket as never]))),
          { defaultValue: undefined },
        );
        const [status, payload] = result instanceof StatusResult ? [result.status, result.body] : [successStatus ?? 200, result];
        reply(qos, { status, traceId, receiver: envelope.identity?.systemName, payload: payload ?? '' });
      } catch (error) {
        if (!isErrorReply(error)) {
          throw error;
        }
        reply(qos, { status: error.status, traceId, receiver: envelope.identity?.systemName, payload: error.payload });
      }
    } catch (error) {
      const envelopeError = error instanceof EnvelopeError;
      if (!envelopeError) {
        this.logger.error(traced(logTraceId, `Unexpected error on ${channel}`), (error as Error)?.stack);
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

  /**
   * Publishes a reply and never throws. A reply that cannot go out now is dropped, not queued:
   * MQTT.js would otherwise keep it (QoS 1 and 2) and send it again after every reconnect, so a
   * reply the broker refuses would cut the connection again and again.
   */
  private publishReply(client: MqttClient, topic: string, qos: QosLevel, response: MqttResponseEnvelope, logTraceId: string): void {
    if (!client.connected) {
      this.dropped.warn('MQTT reply while disconnected', traced(logTraceId, `Dropped the reply to ${clip(topic)}: not connected to the broker`));
      return;
    }
    let messageId: number | undefined;
    try {
      const body = JSON.stringify(response);
      client.publish(
        topic,
        body,
        {
          qos,
          retain: false,
          // Called synchronously once the packet is in the outgoing store, right after its id was taken.
          cbStorePut: () => {
            messageId = client.getLastMessageId();
            this.unacknowledged.add(messageId);
          },
        },
        (error) => {
          // Not pending any more: given up below (and reported there), or done.
          const pending = messageId === undefined || this.unacknowledged.delete(messageId);
          if (error && pending) this.dropped.warn('MQTT reply failed', traced(logTraceId, `Could not publish a reply: ${error.message}`));
        },
      );
    } catch (error) {
      if (messageId !== undefined) {
        this.unacknowledged.delete(messageId);
        client.removeOutgoingMessage(messageId);
      }
      this.dropped.warn('MQTT reply failed', traced(logTraceId, `Could not publish a reply: ${(error as Error)?.message}`));
    }
  }

  /** On connection loss: unacknowledged replies are given up rather than re-sent on reconnect. */
  private dropUnacknowledged(client: MqttClient): void {
    const ids = [...this.unacknowledged];
    if (ids.length === 0) return;
    this.unacknowledged.clear();
    ids.forEach((id) => client.removeOutgoingMessage(id));
    this.dropped.warn('MQTT replies dropped on connection loss', `Dropped ${ids.length} unacknowledged repl${ids.length === 1 ? 'y' : 'ies'}: the broker connection closed`);
  }
}
