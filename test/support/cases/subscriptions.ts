import { DEFINITION, Refusal, SYSTEM } from './refusal';

/**
 * serviceOrchestration subscribe and serviceOrchestrationPushManagement (SPEC-orchestration.md
 * §3–4, SPEC-management.md §2): request builders and every refusal of SubscriptionRequestParser
 * with its text, in the spec's order. src/push/subscription-request.parser.spec.ts runs the rows
 * against the parser, test/contract/subscriptions.contract-spec.ts over HTTP and MQTT.
 */

export const CONSUMER = 'TemperatureConsumer';
export const OTHER = 'OtherConsumer';
export const SUBSCRIPTION_ID = 'd4d61873-07db-4e93-a16e-9465852bdabf';
export const MQTT_NOTIFY = { protocol: 'mqtt', properties: { topic: 'arrowhead/orchestration-push' } };
/** Not a literal address: the default blocked networks (loopback among them) do not apply. */
const HTTP_RECEIVER = { protocol: 'HTTP', properties: { address: 'h', port: '80', method: 'POST', path: '/' } };
const COAP = { protocol: 'CoAP', properties: { uri: 'x' } };

export function subscription(definition?: string, notifyInterface: unknown = MQTT_NOTIFY, extra: Record<string, unknown> = {}) {
  return {
    ...(definition === undefined ? {} : { orchestrationRequest: { serviceRequirement: { serviceDefinition: definition } } }),
    notifyInterface,
    ...extra,
  };
}

export function subscriber(target: string, definition?: string, notifyInterface: unknown = MQTT_NOTIFY, extra: Record<string, unknown> = {}) {
  return { targetSystemName: target, ...subscription(definition, notifyInterface, extra) };
}

const http = (properties: Record<string, unknown>, protocol = 'HTTP') => subscription('kelvinInfo', { protocol, properties });

/** Subscribe as the requester TemperatureConsumer (no payload at all differs per layer: not here). */
export const SUBSCRIBE_REFUSALS: Refusal[] = [
  ['a blank preferred provider (checked before the notify interface)', { orchestrationRequest: { serviceRequirement: { preferredProviders: ['A', ' '] } } }, 'Preferred providers contains null or empty element'],
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
  ['a zero duration (checked before the protocol)', subscription('kelvinInfo', COAP, { duration: 0 }), 'Subscription duration must be greater than 0'],
  ['a negative duration', subscription('kelvinInfo', MQTT_NOTIFY, { duration: -5 }), 'Subscription duration must be greater than 0'],
  ['another target system (checked before names)', { targetSystemName: OTHER, ...subscription('1kelvin', COAP) }, 'Target system cannot be different than the requester system'],
  ['a bad service definition (checked before the protocol)', subscription('1kelvin', COAP), `${DEFINITION}1kelvin`],
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
];

/** Push-management subscribe as the sysop (no payload at all differs per layer: not here). */
export const BULK_SUBSCRIBE_REFUSALS: Refusal[] = [
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
  ['a bad target after good entries', { subscriptions: [subscriber(CONSUMER, 'kelvinInfo', HTTP_RECEIVER), subscriber(OTHER, 'kelvinInfo'), subscriber('1bad', 'kelvinInfo')] }, `${SYSTEM}1bad`],
  ['a bad service definition', { subscriptions: [subscriber(CONSUMER, '1kelvin')] }, `${DEFINITION}1kelvin`],
  ['an unknown flag', { subscriptions: [{ targetSystemName: CONSUMER, orchestrationRequest: { orchestrationFlags: { FAST: true } }, notifyInterface: MQTT_NOTIFY }] }, 'Invalid orchestration flag: FAST'],
  ['ONLY_PREFERRED without preferred providers', { subscriptions: [{ targetSystemName: CONSUMER, orchestrationRequest: { orchestrationFlags: { ONLY_PREFERRED: true } }, notifyInterface: MQTT_NOTIFY }] }, 'ONLY_PREFERRED flag is present, but no preferred provider is defined'],
  ['an unsupported protocol', { subscriptions: [subscriber(CONSUMER, 'kelvinInfo', COAP)] }, 'Unsupported notify protocol: CoAP'],
  ['an HTTP interface with GET', { subscriptions: [subscriber(CONSUMER, 'kelvinInfo', { ...HTTP_RECEIVER, properties: { ...HTTP_RECEIVER.properties, method: 'GET' } })] }, 'Unsupported notify HTTP method: GET'],
  ['MQTT without topic', { subscriptions: [subscriber(CONSUMER, 'kelvinInfo', { protocol: 'MQTT', properties: { qos: '1' } })] }, 'Notify properties has no topic member'],
  [
    'two entries for one target and definition',
    { subscriptions: [subscriber(CONSUMER, 'kelvinInfo'), subscriber(OTHER, 'kelvinInfo'), subscriber(CONSUMER, 'kelvinInfo', HTTP_RECEIVER)] },
    `Duplicated subscription request for system ${CONSUMER} and service definition kelvinInfo`,
  ],
  ['two entries for one target without definition', { subscriptions: [subscriber(OTHER), subscriber(OTHER, undefined, HTTP_RECEIVER)] }, `Duplicated subscription request for system ${OTHER} and service definition null`],
  ['a per-entry error before a duplicate', { subscriptions: [subscriber(OTHER), subscriber(OTHER), subscriber('1bad')] }, `${SYSTEM}1bad`],
];

/** Push trigger as the sysop (no payload at all differs per layer: not here). */
export const TRIGGER_REFUSALS: Refusal[] = [
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
];

/** Push query (no payload means everything). */
export const PUSH_QUERY_REFUSALS: Refusal[] = [
  ['an empty owner', { ownerSystems: [CONSUMER, ''] }, 'Owner system list contains empty element'],
  ['a null owner', { ownerSystems: [null] }, 'Owner system list contains empty element'],
  ['a blank target', { targetSystems: [' '] }, 'Target system list contains empty element'],
  ['a null service definition', { serviceDefinitions: [null] }, 'Service definition list contains empty element'],
  ['a bad owner', { ownerSystems: ['1x'] }, `${SYSTEM}1x`],
  ['a bad target', { targetSystems: ['9y'] }, `${SYSTEM}9y`],
  ['a bad service definition', { serviceDefinitions: ['1kelvin'] }, `${DEFINITION}1kelvin`],
  ['a size without a page', { pagination: { size: 5 } }, 'If size parameter is defined then page parameter cannot be undefined'],
  ['a page size above MAX_PAGE_SIZE', { pagination: { page: 0, size: 1001 } }, 'The page size cannot be larger than 1000'],
  ['an unknown direction', { pagination: { direction: 'UP' } }, 'Direction is invalid. Only ASC or DESC are allowed'],
  ['an unknown sort field', { pagination: { sortField: 'ownerSystemName' } }, 'Sort field is invalid. Only the following are allowed: [id, ownerSystem, targetSystem, serviceDefinition, createdAt]'],
  ['a sort field of another table', { pagination: { sortField: 'expiredAt' } }, 'Sort field is invalid. Only the following are allowed: [id, ownerSystem, targetSystem, serviceDefinition, createdAt]'],
  // Order: pagination, every empty-element check, then names.
  ['a bad owner and a blank service definition', { ownerSystems: ['1x'], serviceDefinitions: [' '] }, 'Service definition list contains empty element'],
];
