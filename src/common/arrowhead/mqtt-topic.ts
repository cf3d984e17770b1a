import { MQTT_BASE } from './routes';

/** MQTT's limit on a topic name: a 16-bit length prefix (MQTT 3.1.1 §1.5.3). */
export const MAX_TOPIC_BYTES = 65_535;

const OWN_TREE = `${MQTT_BASE}/`;

/**
 * Why the service must not publish to `topic` (a reply's `responseTopic`, a push notify topic),
 * or undefined when it may. A wildcard, `$`-topic or NUL makes the broker drop the publishing
 * connection, an over-long topic cannot be encoded at all, and a topic in the service's own tree
 * would be consumed as a request: each of these would let one client take MQTT down.
 */
export function publishTopicProblem(topic: unknown): string | undefined {
  if (typeof topic !== 'string' || topic.length === 0) return 'must be a non-empty string';
  if (Buffer.byteLength(topic, 'utf8') > MAX_TOPIC_BYTES) return `must be at most ${MAX_TOPIC_BYTES} bytes long (UTF-8)`;
  if (/[+#\u0000]/.test(topic)) return 'must not contain +, # or NUL';
  if (topic.startsWith('$')) return 'must not start with $';
  if (topic.startsWith(OWN_TREE) || topic === MQTT_BASE) return `must not be inside ${OWN_TREE}`;
  return undefined;
}
