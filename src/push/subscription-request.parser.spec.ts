import { rejection, testConfig } from '../../test/support/unit';
import { NameNormalizer } from '../common/naming/name-normalizer';
import { OrchestrationRequestParser } from '../orchestration/orchestration-request.parser';
import { PushTriggerRequestDto, SubscriberListRequestDto, SubscriptionQueryRequestDto, SubscriptionRequestDto } from './dto/subscription.dto';
import { SubscriptionRequestParser } from './subscription-request.parser';

// SPEC-orchestration.md §3–4 and SPEC-management.md §2: every rule and text of subscribe,
// unsubscribe and push management, in the spec's order.
const normalizer = new NameNormalizer('extended');
const parserWith = (env: Record<string, string> = {}) =>
  new SubscriptionRequestParser(normalizer, new OrchestrationRequestParser(normalizer), testConfig(env));
const parser = parserWith();

const CONSUMER = 'TemperatureConsumer';
const OTHER = 'OtherConsumer';
const SUBSCRIPTION_ID = 'd4d61873-07db-4e93-a16e-9465852bdabf';
const SYSTEM = 'The specified system name does not match the naming convention: ';
const DEFINITION = 'The specified service definition name does not match the naming convention: ';
const MQTT_NOTIFY = { protocol: 'MQTT', properties: { topic: 'consumer/notify' } };
const HTTP_NOTIFY = { protocol: 'HTTP', properties: { address: 'h', port: '80', method: 'POST', path: '/' } };
const COAP = { protocol: 'CoAP', properties: { uri: 'x' } };

function subscription(serviceDefinition?: string, notifyInterface: unknown = MQTT_NOTIFY, extra: Record<string, unknown> = {}) {
  return {
    orchestrationRequest: serviceDefinition === undefined ? {} : { serviceRequirement: { serviceDefinition } },
    notifyInterface,
    ...extra,
  };
}
const http = (properties: Record<string, unknown>, protocol = 'HTTP') => subscription('kelvinInfo', { protocol, properties });
const subscriber = (target: string, serviceDefinition?: string, notifyInterface: unknown = MQTT_NOTIFY, extra: Record<string, unknown> = {}) => ({
  targetSystemName: target,
  ...subscription(serviceDefinition, notifyInterface, extra),
});
const subscribe = (request: unknown, requester = CONSUMER, v = parser) => v.parseSubscribe(request as SubscriptionRequestDto | null, requester);
const bulk = (request: unknown, requester = 'Sysop') => parser.parseBulkSubscribe(request as SubscriberListRequestDto | null, requester);

describe('SubscriptionRequestParser.parseSubscribe', () => {
  it.each([
    ['no payload', null, 'Request payload is missing'],
    ['a blank preferred provider (before the notify interface)', { orchestrationRequest: { serviceRequirement: { preferredProviders: ['A', ' '] } } }, 'Preferred providers contains null or empty element'],
    ['a null preferred provider', subscription(undefined, MQTT_NOTIFY, { orchestrationRequest: { serviceRequirement: { preferredProviders: [null] } } }), 'Preferred providers contains null or empty element'],
    ['a null flag value', { orchestrationRequest: { orchestrationFlags: { MATCHMAKING: null } } }, 'Orchestration flag map contains null value'],
    ['no notify interface', { orchestrationRequest: { serviceRequirement: { serviceDefinition: 'kelvinInfo' } } }, 'Notify protocol is missing'],
    ['a null notify interface', subscription('kelvinInfo', null), 'Notify protocol is missing'],
    ['no protocol', subscription('kelvinInfo', { properties: { topic: 't' } }), 'Notify protocol is missing'],
    ['a blank protocol', subscription('kelvinInfo', { protocol: '  ', properties: { topic: 't' } }), 'Notify protocol is missing'],
    ['no properties', subscription('kelvinInfo', { protocol: 'MQTT' }), 'Notify properties are missing'],
    ['empty properties', subscription('kelvinInfo', { protocol: 'MQTT', properties: {} }), 'Notify properties are missing'],
    ['a blank property key', subscription('kelvinInfo', { protocol: 'MQTT', properties: { topic: 't', ' ': 'x' } }), 'Notify properties contains empty key'],
    ['a blank property value', subscription('kelvinInfo', { protocol: 'MQTT', properties: { topic: ' ' } }), 'Notify properties contains empty value'],
    ['a null property value', subscription('kelvinInfo', { protocol: 'MQTT', properties: { topic: null } }), 'Notify properties contains empty value'],
    ['a zero duration (before the protocol)', subscription('kelvinInfo', COAP, { duration: 0 }), 'Subscription duration must be greater than 0'],
    ['a negative duration', subscription('kelvinInfo', MQTT_NOTIFY, { duration: -5 }), 'Subscription duration must be greater than 0'],
    ['another target system (before names)', { targetSystemName: OTHER, ...subscription('1kelvin', COAP) }, 'Target system cannot be different than the requester system'],
    ['a bad service definition (before the protocol)', subscription('1kelvin', COAP), `${DEFINITION}1kelvin`],
    ['a bad preferred provider', { orchestrationRequest: { serviceRequirement: { preferredProviders: ['9Provider'] } }, notifyInterface: MQTT_NOTIFY }, `${SYSTEM}9Provider`],
    ['an unknown flag', { orchestrationRequest: { orchestrationFlags: { exclusive: true } }, notifyInterface: MQTT_NOTIFY }, 'Invalid orchestration flag: EXCLUSIVE'],
    ['ONLY_PREFERRED without preferred providers', { orchestrationRequest: { orchestrationFlags: { ONLY_PREFERRED: true } }, notifyInterface: MQTT_NOTIFY }, 'ONLY_PREFERRED flag is present, but no preferred provider is defined'],
    ['an unsupported protocol (printed as sent)', subscription('kelvinInfo', { protocol: ' CoAP ', properties: { uri: 'x' } }), 'Unsupported notify protocol: CoAP'],
    ['HTTP without address', http({ port: '80', method: 'POST', path: '/' }), 'Notify properties has no address property'],
    ['HTTP without port', http({ address: 'h', method: 'POST', path: '/' }), 'Notify properties has no port property'],
    ['HTTP with a non-numeric port', http({ address: 'h', port: 'eighty', method: 'POST', path: '/' }), 'Notify port is not a number'],
    ['HTTP with a fractional port', http({ address: 'h', port: '80.5', method: 'POST', path: '/' }), 'Notify port is not a number'],
    ['HTTP with port 0', http({ address: 'h', port: '0', method: 'POST', path: '/' }), 'Notify port is out of the valid range'],
    ['HTTPS with port 65536', http({ address: 'h', port: '65536', method: 'POST', path: '/' }, 'HTTPS'), 'Notify port is out of the valid range'],
    ['HTTP without method', http({ address: 'h', port: '80', path: '/' }), 'Notify properties has no method property'],
    ['HTTP with GET', http({ address: 'h', port: '80', method: 'GET', path: '/' }), 'Unsupported notify HTTP method: GET'],
    ['HTTP without path', http({ address: 'h', port: '80', method: 'POST' }), 'Notify properties has no path property'],
    ['MQTT without topic', subscription('kelvinInfo', { protocol: 'MQTT', properties: { address: 'broker' } }), 'Notify properties has no topic member'],
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
    ['no list', {}, 'Subscription request list is empty'],
    ['a null list', { subscriptions: null }, 'Subscription request list is empty'],
    ['an empty list', { subscriptions: [] }, 'Subscription request list is empty'],
    ['a null entry', { subscriptions: [subscriber(CONSUMER, 'kelvinInfo'), null] }, 'Request payload is missing'],
    ['an entry without target', { subscriptions: [subscription('kelvinInfo')] }, 'Target system name is missing'],
    ['an entry with a blank target', { subscriptions: [subscriber('  ', 'kelvinInfo')] }, 'Target system name is missing'],
    ['an entry without target nor notify interface', { subscriptions: [{ orchestrationRequest: {} }] }, 'Notify protocol is missing'],
    ['an entry without notify interface', { subscriptions: [{ targetSystemName: CONSUMER }] }, 'Notify protocol is missing'],
    ['a blank preferred provider', { subscriptions: [{ targetSystemName: CONSUMER, orchestrationRequest: { serviceRequirement: { preferredProviders: [''] } } }] }, 'Preferred providers contains null or empty element'],
    ['a zero duration', { subscriptions: [subscriber(CONSUMER, 'kelvinInfo', MQTT_NOTIFY, { duration: 0 })] }, 'Subscription duration must be greater than 0'],
    ['a bad target', { subscriptions: [subscriber('1bad', 'kelvinInfo')] }, `${SYSTEM}1bad`],
    ['a bad service definition', { subscriptions: [subscriber(CONSUMER, '1kelvin')] }, `${DEFINITION}1kelvin`],
    ['an unknown flag', { subscriptions: [{ targetSystemName: CONSUMER, orchestrationRequest: { orchestrationFlags: { FAST: true } }, notifyInterface: MQTT_NOTIFY }] }, 'Invalid orchestration flag: FAST'],
    ['ONLY_PREFERRED without preferred providers', { subscriptions: [{ targetSystemName: CONSUMER, orchestrationRequest: { orchestrationFlags: { ONLY_PREFERRED: true } }, notifyInterface: MQTT_NOTIFY }] }, 'ONLY_PREFERRED flag is present, but no preferred provider is defined'],
    ['an unsupported protocol', { subscriptions: [subscriber(CONSUMER, 'kelvinInfo', COAP)] }, 'Unsupported notify protocol: CoAP'],
    ['an HTTP interface with GET', { subscriptions: [subscriber(CONSUMER, 'kelvinInfo', { ...HTTP_NOTIFY, properties: { ...HTTP_NOTIFY.properties, method: 'GET' } })] }, 'Unsupported notify HTTP method: GET'],
    ['MQTT without topic', { subscriptions: [subscriber(CONSUMER, 'kelvinInfo', { protocol: 'MQTT', properties: { qos: '1' } })] }, 'Notify properties has no topic member'],
    [
      'two entries for one target and definition',
      { subscriptions: [subscriber(CONSUMER, 'kelvinInfo'), subscriber(OTHER, 'kelvinInfo'), subscriber(CONSUMER, 'kelvinInfo', HTTP_NOTIFY)] },
      `Duplicated subscription request for system ${CONSUMER} and service definition kelvinInfo`,
    ],
    ['two entries for one target without definition', { subscriptions: [subscriber(OTHER), subscriber(OTHER, undefined, HTTP_NOTIFY)] }, `Duplicated subscription request for system ${OTHER} and service definition null`],
    ['a per-entry error before a duplicate', { subscriptions: [subscriber(OTHER), subscriber(OTHER), subscriber('1bad')] }, `${SYSTEM}1bad`],
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
    ['a blank target system', { targetSystems: [CONSUMER, ' '] }, 'Target system list contains null or empty element'],
    ['a null target system', { targetSystems: [null] }, 'Target system list contains null or empty element'],
    ['a bad target system', { targetSystems: ['1bad'] }, `${SYSTEM}1bad`],
    ['a target system twice (after normalization)', { targetSystems: ['temperature-consumer', CONSUMER] }, `Duplicated target system name: ${CONSUMER}`],
    ['a blank subscription id', { subscriptionIds: [''] }, 'Subscription id list contains null or empty element'],
    ['a null subscription id', { subscriptionIds: [null] }, 'Subscription id list contains null or empty element'],
    ['a non-UUID subscription id', { subscriptionIds: ['abc123'] }, 'Invalid subscription id: abc123'],
    ['a subscription id twice', { subscriptionIds: [SUBSCRIPTION_ID.toUpperCase(), SUBSCRIPTION_ID] }, `Duplicated subscription id: ${SUBSCRIPTION_ID}`],
    // Order: the targets are checked whole before the ids.
    ['a bad target before a bad id', { targetSystems: ['1bad'], subscriptionIds: [''] }, `${SYSTEM}1bad`],
  ])('rejects %s', (_, request, message) => {
    expect(rejection(() => parser.parseTrigger(request as PushTriggerRequestDto | null, 'Sysop'))).toBe(message);
  });

  it('takes an empty request as "the requester\'s own subscriptions" (no selection)', () => {
    expect(parser.parseTrigger({}, 'Sysop')).toEqual({ targetSystems: [], subscriptionIds: [] });
  });
});

describe('SubscriptionRequestParser.parseQuery', () => {
  it.each([
    [{ ownerSystems: [CONSUMER, ''] }, 'Owner system list contains empty element'],
    [{ ownerSystems: [null] }, 'Owner system list contains empty element'],
    [{ targetSystems: [' '] }, 'Target system list contains empty element'],
    [{ serviceDefinitions: [null] }, 'Service definition list contains empty element'],
    [{ ownerSystems: ['1x'] }, `${SYSTEM}1x`],
    [{ targetSystems: ['9y'] }, `${SYSTEM}9y`],
    [{ serviceDefinitions: ['1kelvin'] }, `${DEFINITION}1kelvin`],
    [{ pagination: { size: 5 } }, 'If size parameter is defined then page parameter cannot be undefined'],
    [{ pagination: { sortField: 'expiredAt' } }, 'Sort field is invalid. Only the following are allowed: [id, ownerSystem, targetSystem, serviceDefinition, createdAt]'],
    // Order: pagination, every empty-element check, then names.
    [{ ownerSystems: ['1x'], serviceDefinitions: [' '] }, 'Service definition list contains empty element'],
  ])('rejects %j', (request, message) => {
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
