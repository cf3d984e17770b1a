import { Inject, Injectable } from '@nestjs/common';
import { MqttConnection } from '../mqtt/mqtt-connection';
import { BlockedNetworks, notifyHost } from '../common/http/blocked-networks';
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

/** Bytes of a push receiver's answer that are read; only its status counts. */
export const PUSH_RESPONSE_MAX_BYTES = 64 * 1024;

/**
 * Sends push notifications to HTTP(S) endpoints: the OrchestrationResponse as JSON body by the
 * subscribed method. Each attempt must be over within PUSH_HTTP_TIMEOUT_MS (from before the
 * connection to the last byte), reads at most 64 KiB of the answer and never connects into
 * PUSH_HTTP_BLOCKED_NETWORKS; PUSH_HTTP_RETRIES more attempts with doubling back-off follow a
 * failure. HTTPS presents this system's certificate.
 */
@Injectable()
export class HttpNotifier {
  private readonly blockedNetworks: BlockedNetworks;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outgoing: OutgoingHttp,
  ) {
    this.blockedNetworks = new BlockedNetworks(config.push.blockedNetworks);
  }

  async notify(subscription: Subscription, response: OrchestrationResponseDto, signal?: AbortSignal): Promise<void> {
    const { address, port, method, path } = subscription.notifyProperties;
    const scheme = subscription.notifyProtocol === 'HTTPS' ? 'https' : 'http';
    const url = `${scheme}://${notifyHost(address)}:${port}${path.startsWith('/') ? path : `/${path}`}`;
    const { httpTimeoutMs, httpRetries } = this.config.push;
    let reason = '';
    let attempts = 0;
    for (let attempt = 0; attempt <= httpRetries && !signal?.aborted; attempt++) {
      if (attempt > 0) await sleep(200 * 2 ** (attempt - 1));
      attempts++;
      try {
        const answer = await this.outgoing.send({
          method: method.toUpperCase(),
          url,
          body: JSON.stringify(response),
          timeoutMs: httpTimeoutMs,
          maxResponseBytes: PUSH_RESPONSE_MAX_BYTES,
          blockedNetworks: this.blockedNetworks,
          signal,
        });
        if (answer.status >= 200 && answer.status < 300) return;
        reason = `HTTP ${answer.status} ${answer.statusText}`.trim();
      } catch (error) {
        if (!(error instanceof OutgoingHttpError)) throw error;
        reason = error.reason === 'timeout' ? `no answer within ${httpTimeoutMs} ms` : error.reason;
        if (error.final) break;
      }
    }
    throw new NotificationError(
      `Error occurred while sending push orchestration via HTTP to subscription: ${subscription.id}. Reason: ${reason} (${attempts} attempt(s) to ${method.toUpperCase()} ${url})`,
    );
  }
}
