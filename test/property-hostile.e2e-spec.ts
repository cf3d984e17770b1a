import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { MqttConnection } from '../src/mqtt/mqtt-connection';
import { OperationSpec, OPERATIONS } from './support/operations';
import { MQTT_SYSOP, SYSOP, TestService } from './support/service';

/**
 * Property: whatever a client sends to any operation, on either transport, the service answers
 * without a 5xx; a request whose responseTopic the service must not publish to gets no answer and
 * leaves the service serving. Inputs are variations of a valid request (each field kept, dropped,
 * or replaced by other JSON, strings that stress names and topics, nesting around the depth
 * limit) plus arbitrary JSON; over MQTT the template's other fields vary too.
 */
const RUNS_PER_OPERATION_AND_TRANSPORT = 25;
const ECHO_TOPIC = 'arrowhead/serviceorchestration/monitor/echo';
const INVALID_RESPONSE_TOPICS = ['#', '+/x', 'a/#', '$SYS/x', 'replies/\u0000', 'a'.repeat(70_000), ECHO_TOPIC, 42, {}];

const anyJson = fc.jsonValue({ maxDepth: 3 });
/**
 * Nesting `levels` deep, as a marker that `toText` writes out: JSON.stringify (in this test as in
 * any client library) overflows the stack long before the depths a hostile client can type.
 */
const deep = (levels: number): string => `\u0001deep:${levels}`;
const toText = (value: unknown): string =>
  JSON.stringify(value).replace(/"\\u0001deep:(\d+)"/g, (_, levels: string) => `${'{"a":['.repeat(Number(levels) / 2)}1${']}'.repeat(Number(levels) / 2)}`);

/** Variations of `sample`: every part kept, replaced or (in objects) left out. */
function variations(sample: unknown): fc.Arbitrary<unknown> {
  if (Array.isArray(sample)) {
    return fc.oneof({ weight: 3, arbitrary: fc.array(variations(sample[0]), { maxLength: 4 }) }, anyJson);
  }
  if (sample !== null && typeof sample === 'object') {
    const fields = Object.fromEntries(Object.entries(sample).map(([key, value]) => [key, variations(value)]));
    return fc.oneof({ weight: 4, arbitrary: fc.record(fields, { requiredKeys: [] }) }, anyJson);
  }
  if (typeof sample === 'string') {
    return fc.oneof(
      { weight: 3, arbitrary: fc.constant(sample) },
      fc.string({ maxLength: 40 }),
      fc.constantFrom('', '   ', 'ſysop', 'SYSOP', '#', '+/x', '$SYS/x', '[[[[', '%00', 'x'.repeat(300), sample.toLowerCase(), ` ${sample} `),
      anyJson,
    );
  }
  if (typeof sample === 'number') {
    return fc.oneof(fc.constant(sample), fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER + 2), anyJson);
  }
  return fc.oneof(fc.boolean(), anyJson);
}

function inputs(operation: OperationSpec): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: operation.sample === undefined ? anyJson : variations(operation.sample) },
    { weight: 2, arbitrary: anyJson },
    { weight: 1, arbitrary: fc.oneof(fc.integer({ min: 30, max: 35 }).map((half) => half * 2), fc.constantFrom(10_000, 100_000)).map(deep) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

describe('property: hostile input never gets a 5xx and never goes unanswered', () => {
  let service: TestService;
  let raw: MqttClient;
  /** Everything the service publishes (its own client, spied on): proof that a request went unanswered. */
  let seen: Array<{ topic: string; text: string }> = [];
  const pending = new Map<string, (reply: { status: number; payload: any }) => void>();

  beforeAll(async () => {
    service = await TestService.start();
    seen = service.recordOwnPublishes();
    raw = await service.mqttClient();
    raw.on('message', (topic, message) => pending.get(topic)?.(JSON.parse(message.toString())));
    await raw.subscribeAsync(`${service.topicPrefix}/property/#`, { qos: 1 });
  });

  /** Publishes the request as text and resolves with the reply, or fails after 5 s. */
  async function mqttRequest(topic: string, request: Record<string, unknown>): Promise<{ status: number; payload: any }> {
    const responseTopic = `${service.topicPrefix}/property/${randomBytes(6).toString('hex')}`;
    const reply = new Promise<{ status: number; payload: any }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No answer to ${toText(request).slice(0, 300)}`)), 5000);
      pending.set(responseTopic, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
    });
    await raw.publishAsync(topic, toText({ ...request, responseTopic }), { qos: 1 });
    return reply.finally(() => pending.delete(responseTopic));
  }
  afterAll(async () => service?.close());

  async function stillAnswers(): Promise<void> {
    const http = await service.http.get('/serviceorchestration/monitor/echo').set('Authorization', SYSOP);
    expect([http.status, http.text]).toEqual([200, 'Got it!']);
    expect((await service.mqtt(ECHO_TOPIC)).payload).toBe('Got it');
    expect(service.running.app.get(MqttConnection).state).toBe('connected');
  }

  function expectAnswer(what: unknown, status: number, body: any): void {
    // The generated input is in the failure message, so that a counterexample can be read off.
    expect({ what, fiveHundred: status >= 500 }).toEqual({ what, fiveHundred: false });
    if (status >= 400) expect({ what, errorCode: body?.errorCode }).toEqual({ what, errorCode: status });
  }

  describe.each(OPERATIONS.map((operation) => [operation.name, operation] as const))('%s', (_, operation) => {
    it('over HTTP', async () => {
      await fc.assert(
        fc.asyncProperty(inputs(operation), async (input) => {
          let call;
          if (operation.input.kind === 'body') {
            call = service.http[operation.method.toLowerCase() as 'post'](operation.path).set('Authorization', SYSOP);
            if (input !== undefined) call = call.set('Content-Type', 'application/json').send(toText(input));
          } else if (operation.input.kind === 'list') {
            const values = input === undefined ? [] : Array.isArray(input) ? input : [input];
            const query = values.map((value) => `${(operation.input as { query: string }).query}=${encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value))}`).join('&');
            call = service.http[operation.method.toLowerCase() as 'get'](query ? `${operation.path}?${query}` : operation.path).set('Authorization', SYSOP);
          } else if (operation.input.kind === 'path') {
            const segment = typeof input === 'string' ? input : JSON.stringify(input) ?? '';
            call = service.http[operation.method.toLowerCase() as 'delete'](`${operation.path}${encodeURIComponent(segment)}`).set('Authorization', SYSOP);
          } else {
            call = service.http.get(operation.path).set('Authorization', SYSOP);
          }
          const response = await call;
          expectAnswer(input, response.status, response.body);
        }),
        { numRuns: RUNS_PER_OPERATION_AND_TRANSPORT },
      );
      await stillAnswers();
    });

    it('over MQTT', async () => {
      const template = fc.record(
        {
          payload: inputs(operation),
          params: fc.option(fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), anyJson), { maxKeys: 3 }), { nil: undefined }),
          qosRequirement: fc.constantFrom<unknown>(undefined, 0, 1, 2, '1', 7, 'x', [1], { toString: 'x' }),
          authentication: fc.constantFrom(MQTT_SYSOP, MQTT_SYSOP, MQTT_SYSOP, 'SYSTEM//TemperatureConsumer', undefined, 'nonsense'),
          responseTopic: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...INVALID_RESPONSE_TOPICS) }),
        },
        { requiredKeys: ['payload', 'qosRequirement', 'authentication', 'responseTopic'] },
      );
      await fc.assert(
        fc.asyncProperty(template, async ({ responseTopic, params, ...rest }) => {
          const request = { ...rest, params: operation.params || params ? { ...params, ...operation.params } : undefined };
          if (responseTopic === undefined) {
            // A fresh, valid response topic: an answer must come.
            const reply = await mqttRequest(operation.topic, { traceId: randomBytes(4).toString('hex'), ...request });
            expectAnswer(request, reply.status, reply.payload);
            return;
          }
          const traceId = `property-${randomBytes(6).toString('hex')}`;
          await raw.publishAsync(operation.topic, toText({ ...request, traceId, responseTopic }), { qos: 1 });
          // Answered after the hostile request was dropped (or would have been answered).
          expect((await service.mqtt(ECHO_TOPIC)).payload).toBe('Got it');
          expect(seen.filter((message) => message.text.includes(traceId))).toEqual([]);
        }),
        { numRuns: RUNS_PER_OPERATION_AND_TRANSPORT },
      );
      await stillAnswers();
    });
  });
});
