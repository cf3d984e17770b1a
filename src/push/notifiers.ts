import { Inject, Injectable } from '@nestjs/common';
import { MqttConnection } from '../mqtt/mqtt-connection';
import { OutgoingHttp, OutgoingHttpError } from '../common/http/outgoing-http';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OrchestrationResponseDto } from '../orchestration/dto/orchestration.dto';
import { Subscription } from './entities/subscription.entity';

/** A notification that could not be delivered; its message becomes the job's. */
export class NotificationError extends Error {}

/** MqttNotifyTemplate (SPEC-orchestration.md §6). */
export interface MqttNotification {
  receiver: string;
  sender: string;
  payload: OrchestrationResponseDto;
}

/** Publishes push notifications on the service's own broker connection, at QoS 2. */
@Injectable()
export class MqttNotifier {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly connection: MqttConnection,
  ) {}

  async notify(subscription: Subscription, response: OrchestrationResponseDto): Promise<void> {
    const client = this.connection.client;
    if (!client) {
      // (sic) "subscripiton": the reference's typo, kept (SPEC-deviations D8); notifiers.spec.ts pins it.
      throw new NotificationError(
        `Orchestration push notification via MQTT is required for subscripiton: ${subscription.id}, but MQTT is not enabled`,
      );
    }
    const notification: MqttNotification = { receiver: subscription.targetSystem, sender: this.config.systemName, payload: response };
    try {
      await client.publishAsync(subscription.notifyProperties.topic, JSON.stringify(notification), { qos: 2, retain: false });
    } catch (error) {
      throw new NotificationError(
        `Error occurred while sending push orchestration via MQTT to subscription: ${subscription.id}. Reason: ${(error as Error).message}`,
      );
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends push notifications to HTTP(S) endpoints: the OrchestrationResponse as JSON body by the
 * subscribed method, each attempt bounded by PUSH_HTTP_TIMEOUT_MS, PUSH_HTTP_RETRIES more
 * attempts with doubling back-off after a failure. HTTPS presents this system's certificate.
 */
@Injectable()
export class HttpNotifier {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outgoing: OutgoingHttp,
  ) {}

  async notify(subscription: Subscription, response: OrchestrationResponseDto): Promise<void> {
    const { address, port, method, path } = subscription.notifyProperties;
    const scheme = subscription.notifyProtocol === 'HTTPS' ? 'https' : 'http';
    const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
    const url = `${scheme}://${host}:${port}${path.startsWith('/') ? path : `/${path}`}`;
    const { httpTimeoutMs, httpRetries } = this.config.push;
    let reason = '';
    for (let attempt = 0; attempt <= httpRetries; attempt++) {
      if (attempt > 0) await sleep(200 * 2 ** (attempt - 1));
      try {
        const answer = await this.outgoing.send({ method: method.toUpperCase(), url, body: JSON.stringify(response), timeoutMs: httpTimeoutMs });
        if (answer.status >= 200 && answer.status < 300) return;
        reason = `HTTP ${answer.status} ${answer.statusText}`.trim();
      } catch (error) {
        if (!(error instanceof OutgoingHttpError)) throw error;
        reason = error.reason === 'timeout' ? `no answer within ${httpTimeoutMs} ms` : error.reason;
      }
    }
    throw new NotificationError(
      `Error occurred while sending push orchestration via HTTP to subscription: ${subscription.id}. Reason: ${reason} (${httpRetries + 1} attempt(s) to ${method.toUpperCase()} ${url})`,
    );
  }
}
