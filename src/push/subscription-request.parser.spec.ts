import { rejection, testConfig } from '../../test/support/unit';
import { SYSTEM } from '../../test/support/cases/refusal';
import { BULK_SUBSCRIBE_REFUSALS, CONSUMER, OTHER, PUSH_QUERY_REFUSALS, SUBSCRIBE_REFUSALS, subscriber, SUBSCRIPTION_ID, subscription, TRIGGER_REFUSALS } from '../../test/support/cases/subscriptions';
import { NameNormalizer } from '../common/naming/name-normalizer';
import { OrchestrationRequestParser } from '../orchestration/orchestration-request.parser';
import { PushTriggerRequestDto, SubscriberListRequestDto, SubscriptionQueryRequestDto, SubscriptionRequestDto } from './dto/subscription.dto';
import { SubscriptionRequestParser } from './subscription-request.parser';

// SPEC-orchestration.md §3–4 and SPEC-management.md §2: every rule and text of subscribe,
// unsubscribe and push management, in the spec's order (the tables shared with the contract
// spec are in test/support/cases/subscriptions.ts).
const normalizer = new NameNormalizer('extended');
const parserWith = (env: Record<string, string> = {}) =>
  new SubscriptionRequestParser(normalizer, new OrchestrationRequestParser(normalizer), testConfig(env));
const parser = parserWith();

const http = (properties: Record<string, unknown>, protocol = 'HTTP') => subscription('kelvinInfo', { protocol, properties });
const subscribe = (request: unknown, requester = CONSUMER, v = parser) => v.parseSubscribe(request as SubscriptionRequestDto | null, requester);
const bulk = (request: unknown, requester = 'Sysop') => parser.parseBulkSubscribe(request as SubscriberListRequestDto | null, requester);

describe('SubscriptionRequestParser.parseSubscribe', () => {
  it.each([
    ['no payload', null, 'Request payload is missing'],
    ...SUBSCRIBE_REFUSALS,
  ])('rejects %s', (_, request, message) => {
    expect(rejection(() => subscribe(request))).toBe(message);
  });

  it('rejects a requester whose name breaks the naming convention', () => {
    expect(rejection(() => subscribe(subscription('kelvinInfo'), '9Consumer'))).toBe(`${SYSTEM}9Consumer`);
  });

  it('rejects MQTT notification when MQTT is disabled', () => {
    const withoutMqtt = parserWith({ MQTT_ENABLED: 'false' });
    expect(rejection(() => subscribe(subscription('kelvinInfo', { protocol: 'mqtts', properties: { topic: 't' } }), CONSUMER, withoutMqtt))).toBe(
      'MQTT notify protocol required, but MQTT is not enabled',
    );
  });

  it('normalizes the target, the protocol and the property keys and values', () => {
    const result = subscribe({
      targetSystemName: 'temperature-consumer',
      orchestrationRequest: { serviceRequirement: { serviceDefinition: 'Kelvin_Info' }, orchestrationFlags: { matchmaking: true } },
      notifyInterface: { protocol: ' http ', properties: { ' Address ': ' h ', PORT: '+80', Method: 'put', path: 'notify' } },
      duration: 60,
    });
    expect(result).toEqual({
      ownerSystem: CONSUMER,
      targetSystem: CONSUMER,
      serviceDefinition: 'kelvinInfo',
      durationSeconds: 60,
      notifyProtocol: 'HTTP',
      notifyProperties: { address: 'h', port: '+80', method: 'put', path: 'notify' },
      orchestrationRequest: { serviceDefinition: 'kelvinInfo', preferredProviders: [], flags: { MATCHMAKING: true }, flagsSent: true, warnings: [] },
    });
  });
});

describe('SubscriptionRequestParser.parseSubscribe: notify interface bounds (issue 8)', () => {
  const mqtt = (properties: Record<string, unknown>) => subscription('kelvinInfo', { protocol: 'MQTT', properties: { topic: 'consumer/push', ...properties } });
  const many = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`key${index}`, 'x']));
  const long = 'x'.repeat(1025);

  it.each([
    ['33 properties', mqtt(many(32)), 'Notify properties has too many entries: 33, at most 32 are allowed'],
    ['a key of 1,025 characters', mqtt({ [long]: 'x' }), 'Notify property key is too long, at most 1024 characters are allowed'],
    ['a control character in a key', mqtt({ 'ex\u001btra': 'x' }), 'Notify property key contains a control character'],
    ['a value of 1,025 characters', mqtt({ extra: long }), 'Notify property extra is too long, at most 1024 characters are allowed'],
    ['a control character in a value', mqtt({ extra: 'a\u0007b' }), 'Notify property extra contains a control character'],
    ['a topic with a wildcard', subscription('kelvinInfo', { protocol: 'MQTT', properties: { topic: 'a/#' } }), 'Invalid notify topic: must not contain +, # or NUL'],
    ['a system topic', subscription('kelvinInfo', { protocol: 'MQTT', properties: { topic: '$SYS/x' } }), 'Invalid notify topic: must not start with $'],
    ['a literal address in a blocked network', http({ address: '169.254.169.254', port: '80', method: 'POST', path: '/' }), 'Notify address is in a blocked network: 169.254.169.254'],
  ])('rejects %s', (_, request, message) => {
    expect(rejection(() => subscribe(request))).toBe(message);
  });

  it('takes 32 properties of 1,024 characters, and any address when no network is blocked', () => {
    expect(() => subscribe(mqtt({ ...many(30), extra: 'x'.repeat(1024) }))).not.toThrow();
    const open = parserWith({ PUSH_HTTP_BLOCKED_NETWORKS: '' });
    expect(() => subscribe(http({ address: '169.254.169.254', port: '80', method: 'POST', path: '/' }), CONSUMER, open)).not.toThrow();
  });
});

describe('SubscriptionRequestParser.parseBulkSubscribe', () => {
  it.each([
    ['no payload', null, 'Request payload is missing'],
    ...BULK_SUBSCRIBE_REFUSALS,
  ])('rejects %s', (_, request, message) => {
    expect(rejection(() => bulk(request))).toBe(message);
  });

  it('checks the requester name before anything else', () => {
    expect(rejection(() => bulk(null, '9Sysop'))).toBe(`${SYSTEM}9Sysop`);
  });

  it('subscribes each target, owned by the requester', () => {
    expect(bulk({ subscriptions: [subscriber('temperature-consumer', 'kelvinInfo'), subscriber(OTHER)] }).map((entry) => [entry.ownerSystem, entry.targetSystem, entry.serviceDefinition])).toEqual([
      ['Sysop', CONSUMER, 'kelvinInfo'],
      ['Sysop', OTHER, null],
    ]);
  });
});

describe('SubscriptionRequestParser.parseSubscriptionId (unsubscribe)', () => {
  it.each([
    ['no id', undefined, 'Subscription id is missing'],
    ['a null id', null, 'Subscription id is missing'],
    ['a blank id', '  ', 'UUID is missing'],
    ['a number', 5, 'Invalid subscription id'],
    ['an object', { id: SUBSCRIPTION_ID }, 'Invalid subscription id'],
    ['a non-UUID', 'abc', 'Invalid subscription id'],
  ])('rejects %s', (_, id, message) => {
    expect(rejection(() => parser.parseSubscriptionId(id, CONSUMER))).toBe(message);
  });

  it('checks the requester name first', () => {
    expect(rejection(() => parser.parseSubscriptionId(undefined, '9Consumer'))).toBe(`${SYSTEM}9Consumer`);
  });

  it('canonicalizes the id', () => {
    expect(parser.parseSubscriptionId(` ${SUBSCRIPTION_ID.toUpperCase()} `, CONSUMER)).toBe(SUBSCRIPTION_ID);
  });
});

describe('SubscriptionRequestParser.parseBulkUnsubscribe', () => {
  it.each([
    ['no ids', undefined, 'Request payload is missing'],
    ['an empty list', [], 'Request payload is missing'],
    ['a null id', [null], 'UUID is missing'],
    ['a blank id', [SUBSCRIPTION_ID, ' '], 'UUID is missing'],
    ['a non-UUID id next to a valid one', [SUBSCRIPTION_ID, 'abc'], 'Invalid UUID id'],
    ['a number', [5], 'Invalid UUID id'],
  ])('rejects %s', (_, ids, message) => {
    expect(rejection(() => parser.parseBulkUnsubscribe(ids as unknown[] | undefined, 'Sysop'))).toBe(message);
  });

  it('canonicalizes the ids', () => {
    expect(parser.parseBulkUnsubscribe([SUBSCRIPTION_ID.toUpperCase()], 'Sysop')).toEqual([SUBSCRIPTION_ID]);
  });
});

describe('SubscriptionRequestParser.parseTrigger', () => {
  it.each([
    ['no payload', null, 'Request payload is missing'],
    ...TRIGGER_REFUSALS,
  ])('rejects %s', (_, request, message) => {
    expect(rejection(() => parser.parseTrigger(request as PushTriggerRequestDto | null, 'Sysop'))).toBe(message);
  });

  it('takes an empty request as "the requester\'s own subscriptions" (no selection)', () => {
    expect(parser.parseTrigger({}, 'Sysop')).toEqual({ targetSystems: [], subscriptionIds: [] });
  });
});

describe('SubscriptionRequestParser.parseQuery', () => {
  it.each(PUSH_QUERY_REFUSALS)('rejects %s', (_, request, message) => {
    expect(rejection(() => parser.parseQuery(request as SubscriptionQueryRequestDto))).toBe(message);
  });

  it('normalizes the filters; no payload means everything', () => {
    expect(parser.parseQuery({ ownerSystems: ['sysop'], targetSystems: ['temperature-consumer'], serviceDefinitions: ['Kelvin_Info'] })).toMatchObject({
      ownerSystems: ['Sysop'],
      targetSystems: [CONSUMER],
      serviceDefinitions: ['kelvinInfo'],
    });
    expect(parser.parseQuery(null)).toEqual({
      page: { page: 0, size: 1000, direction: 'DESC', sortField: 'id' },
      ownerSystems: [],
      targetSystems: [],
      serviceDefinitions: [],
    });
  });
});
