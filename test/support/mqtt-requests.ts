import { randomBytes } from 'node:crypto';
import type { MqttClient } from 'mqtt';

/** MqttResponseTemplate as a test receives it. */
export interface MqttReply {
  status: number;
  traceId?: string;
  receiver?: string;
  payload: any;
}

export const MQTT_SYSOP = 'SYSTEM//Sysop';

/**
 * Request/response over MQTT for tests: one client subscribed to all reply topics under
 * `<topicPrefix>/reply/`, each request with a fresh response topic, replies matched by topic.
 */
export class MqttRequests {
  private replyClient?: Promise<MqttClient>;
  private readonly pending = new Map<string, (reply: MqttReply) => void>();

  constructor(
    private readonly connect: () => Promise<MqttClient>,
    private readonly topicPrefix: string,
  ) {}

  private replies(): Promise<MqttClient> {
    this.replyClient ??= (async () => {
      const client = await this.connect();
      client.on('message', (topic, message) => {
        this.pending.get(topic)?.(JSON.parse(message.toString()) as MqttReply);
      });
      await client.subscribeAsync(`${this.topicPrefix}/reply/#`, { qos: 1 });
      return client;
    })();
    return this.replyClient;
  }

  private freshTopic(): string {
    return `${this.topicPrefix}/reply/${randomBytes(6).toString('hex')}`;
  }

  /**
   * Publishes a request template on `topic` and resolves with the reply. Fields of `template`
   * override the defaults (sysop identity, a fresh response topic, QoS 1).
   */
  async request(topic: string, template: Record<string, unknown> = {}, timeoutMs = 5000): Promise<MqttReply> {
    const client = await this.replies();
    const responseTopic = this.freshTopic();
    const envelope = { traceId: randomBytes(4).toString('hex'), authentication: MQTT_SYSOP, responseTopic, qosRequirement: 1, ...template };
    return new Promise<MqttReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(responseTopic);
        reject(new Error(`No MQTT reply on ${responseTopic} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(responseTopic, (reply) => {
        clearTimeout(timer);
        this.pending.delete(responseTopic);
        resolve(reply);
      });
      client.publish(topic, JSON.stringify(envelope), { qos: 1 });
    });
  }

  /**
   * Publishes `template` as it is, plus a fresh response topic when `withResponseTopic`, waits
   * `waitMs` and returns the replies that arrived on that topic (for "no reply" cases).
   */
  async unanswered(topic: string, template: Record<string, unknown>, withResponseTopic: boolean, waitMs = 500): Promise<MqttReply[]> {
    const client = await this.replies();
    const responseTopic = this.freshTopic();
    const received: MqttReply[] = [];
    this.pending.set(responseTopic, (reply) => received.push(reply));
    client.publish(topic, JSON.stringify(withResponseTopic ? { ...template, responseTopic } : template), { qos: 1 });
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    this.pending.delete(responseTopic);
    return received;
  }
}
