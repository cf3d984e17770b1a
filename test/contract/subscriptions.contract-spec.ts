import { ArrowheadException } from '../../src/common/arrowhead/arrowhead.exception';
import { ROUTES } from '../../src/common/arrowhead/routes';
import { StatusResult } from '../../src/common/arrowhead/status-result';
import { OrchestrationRequestParser } from '../../src/orchestration/orchestration-request.parser';
import { PushTrigger } from '../../src/push/push-trigger';
import { PushManagementController } from '../../src/push/push-management.controller';
import { SubscriptionController } from '../../src/push/subscription.controller';
import { SubscriptionRequestParser } from '../../src/push/subscription-request.parser';
import { SubscriptionService } from '../../src/push/subscription.service';
import { checkContract, ContractApp, ContractCase, ContractOperation, errorBody, refusals, Stub, stub } from '../support/contract';
import { TRANSPORTS } from '../support/operations';

/**
 * serviceOrchestration subscribe/unsubscribe and serviceOrchestrationPushManagement over both
 * transports: what reaches the services, and every rule of SubscriptionRequestParser as the wire
 * shows it (SPEC-orchestration.md §3–4, SPEC-management.md §2).
 */

const ORCH = ROUTES.orchestration;
const PUSH = ROUTES.push;
const SUBSCRIBE = { method: 'POST', path: `${ORCH.http}/subscribe`, topic: `${ORCH.mqtt}/subscribe` } as const;
/** With trigger=true (the query on HTTP, params on MQTT): a refused subscribe queues no push either. */
const SUBSCRIBE_TRIGGERED = { ...SUBSCRIBE, params: { trigger: 'true' } };
const unsubscribeOf = (id: string): ContractOperation => ({ method: 'DELETE', path: `${ORCH.http}/unsubscribe/${id}`, topic: `${ORCH.mqtt}/unsubscribe` });
const PUSH_SUBSCRIBE = { method: 'POST', path: `${PUSH.http}/subscribe`, topic: `${PUSH.mqtt}/subscribe` } as const;
const PUSH_UNSUBSCRIBE = { method: 'DELETE', path: `${PUSH.http}/unsubscribe`, topic: `${PUSH.mqtt}/unsubscribe` } as const;
const TRIGGER = { method: 'POST', path: `${PUSH.http}/trigger`, topic: `${PUSH.mqtt}/trigger` } as const;
const PUSH_QUERY = { method: 'POST', path: `${PUSH.http}/query`, topic: `${PUSH.mqtt}/query` } as const;

const ID = 'd4d61873-07db-4e93-a16e-9465852bdabf';
const CONSUMER = 'TemperatureConsumer';
const OTHER = 'OtherConsumer';
const AS_CONSUMER = `Bearer SYSTEM//${CONSUMER}`;
const UNPARSABLE = expect.stringMatching(/^Could not parse payload\. Reason: /);
const MQTT_NOTIFY = { protocol: 'mqtt', properties: { topic: 'arrowhead/orchestration-push' } };
const HTTP_NOTIFY = { protocol: 'http', properties: { address: '127.0.0.1', port: '8080', method: 'POST', path: '/notify' } };
const NO_ORCHESTRATION = { serviceDefinition: null, preferredProviders: [], flags: {}, flagsSent: false, warnings: [] };
const DEFAULT_PAGE = { page: 0, size: 1000, direction: 'DESC', sortField: 'id' };

function subscription(definition?: string, notifyInterface: unknown = MQTT_NOTIFY, extra: Record<string, unknown> = {}) {
  return {
    ...(definition === undefined ? {} : { orchestrationRequest: { serviceRequirement: { serviceDefinition: definition } } }),
    notifyInterface,
    ...extra,
  };
}

function subscriber(target: string, definition?: string, notifyInterface: unknown = MQTT_NOTIFY, extra: Record<string, unknown> = {}) {
  return { targetSystemName: target, ...subscription(definition, notifyInterface, extra) };
}

/** A subscription as the parser hands it to the service. */
function parsed(owner: string, target: string, definition: string | null) {
  return {
    ownerSystem: owner,
    targetSystem: target,
    serviceDefinition: definition,
    durationSeconds: null,
    notifyProtocol: 'MQTT',
    notifyProperties: { topic: 'arrowhead/orchestration-push' },
    orchestrationRequest: { ...NO_ORCHESTRATION, serviceDefinition: definition },
  };
}

const idsQuery = (ids: unknown) => (Array.isArray(ids) && ids.length > 0 ? ids.map((id) => `ids=${encodeURIComponent(String(id))}`).join('&') : undefined);

interface Services {
  subscriptions: Stub<SubscriptionService>;
  pushTrigger: Stub<PushTrigger>;
}

type Row<K extends keyof Services> = { stub: K } & ContractCase<Services[K]>;
type AnyRow = Row<'subscriptions'> | Row<'pushTrigger'>;

const on = <K extends keyof Services>(key: K, rows: ContractCase<Services[K]>[]): Row<K>[] => rows.map((row) => ({ stub: key, ...row }));

const CASES: AnyRow[] = [
  {
    stub: 'subscriptions',
    name: 'subscribe: 201 with the new id as text (HTTP) or a JSON string (MQTT); trigger from the query or params',
    operation: { ...SUBSCRIBE, path: `${SUBSCRIBE.path}?trigger=TRUE`, params: { trigger: 'TRUE' } },
    body: subscription('kelvin-info'),
    authorization: AS_CONSUMER,
    arrange: (service) => service.subscribe.mockResolvedValue(new StatusResult(201, ID, 'text/plain; charset=utf-8')),
    status: 201,
    reply: () => ID,
    called: { method: 'subscribe', args: [parsed(CONSUMER, CONSUMER, 'kelvinInfo'), true] },
  },
  {
    stub: 'subscriptions',
    name: 'subscribe: 200 when it replaced one (StatusResult); no trigger means false',
    operation: SUBSCRIBE,
    body: { targetSystemName: 'temperature-consumer', notifyInterface: MQTT_NOTIFY },
    authorization: AS_CONSUMER,
    arrange: (service) => service.subscribe.mockResolvedValue(new StatusResult(200, ID, 'text/plain; charset=utf-8')),
    status: 200,
    reply: () => ID,
    called: { method: 'subscribe', args: [parsed(CONSUMER, CONSUMER, null), false] },
  },
  {
    stub: 'subscriptions',
    name: 'unsubscribe: 204 with an empty body when there was nothing; the id from the path (HTTP) or the payload (MQTT), canonical',
    operation: unsubscribeOf(ID.toUpperCase()),
    body: ` ${ID.toUpperCase()} `,
    bodyOnlyOver: 'mqtt',
    authorization: AS_CONSUMER,
    arrange: (service) => service.unsubscribe.mockResolvedValue(new StatusResult(204)),
    status: 204,
    reply: () => '',
    called: { method: 'unsubscribe', args: [CONSUMER, ID] },
  },
  {
    stub: 'subscriptions',
    name: "unsubscribe: the service's 403 keeps its text",
    operation: unsubscribeOf(ID),
    body: ID,
    bodyOnlyOver: 'mqtt',
    authorization: AS_CONSUMER,
    arrange: (service) => service.unsubscribe.mockRejectedValue(ArrowheadException.forbidden(`${CONSUMER} is not the subscription owner`)),
    status: 403,
    reply: (transport) => errorBody(transport, unsubscribeOf(ID), 403, 'FORBIDDEN', `${CONSUMER} is not the subscription owner`),
    called: { method: 'unsubscribe', args: [CONSUMER, ID] },
  },
  {
    stub: 'subscriptions',
    name: 'push subscribe: 201 with the service result; the service gets the parsed subscriptions, owned by the caller',
    operation: PUSH_SUBSCRIBE,
    body: { subscriptions: [subscriber('temperature-consumer', 'kelvinInfo'), subscriber(OTHER)] },
    arrange: (service) => service.bulkSubscribe.mockResolvedValue({ entries: [], count: 0 }),
    status: 201,
    reply: () => ({ entries: [], count: 0 }),
    called: { method: 'bulkSubscribe', args: [[parsed('Sysop', CONSUMER, 'kelvinInfo'), parsed('Sysop', OTHER, null)]] },
  },
  {
    stub: 'subscriptions',
    name: 'push unsubscribe: 200 with an empty body; the ids from `ids` (HTTP) or the payload (MQTT), canonical',
    operation: PUSH_UNSUBSCRIBE,
    body: [ID.toUpperCase()],
    query: `ids=${ID.toUpperCase()}`,
    arrange: (service) => service.bulkUnsubscribe.mockResolvedValue(undefined),
    status: 200,
    reply: () => '',
    called: { method: 'bulkUnsubscribe', args: ['Sysop', [ID]] },
  },
  {
    stub: 'pushTrigger',
    name: 'push trigger: 201 with the jobs; the service gets the caller and the selection',
    operation: TRIGGER,
    body: { targetSystems: ['temperature-consumer'] },
    arrange: (service) => service.trigger.mockResolvedValue({ jobs: [] }),
    status: 201,
    reply: () => ({ jobs: [] }),
    called: { method: 'trigger', args: ['Sysop', { targetSystems: [CONSUMER], subscriptionIds: [] }] },
  },
  {
    stub: 'subscriptions',
    name: 'push query: 200; the service gets the filter',
    operation: PUSH_QUERY,
    body: { ownerSystems: ['sysop'], serviceDefinitions: ['kelvin-info'] },
    arrange: (service) => service.query.mockResolvedValue({ entries: [], count: 0 }),
    status: 200,
    reply: () => ({ entries: [], count: 0 }),
    called: { method: 'query', args: [{ page: DEFAULT_PAGE, ownerSystems: ['Sysop'], targetSystems: [], serviceDefinitions: ['kelvinInfo'] }] },
  },
  {
    stub: 'subscriptions',
    name: 'push query: a management operation (403 for a consumer)',
    operation: PUSH_QUERY,
    body: {},
    authorization: AS_CONSUMER,
    status: 403,
    reply: (transport) => errorBody(transport, PUSH_QUERY, 403, 'FORBIDDEN', 'Requester has no management permission'),
  },
  ...on(
    'subscriptions',
    refusals(
      SUBSCRIBE_TRIGGERED,
      [
        ['a blank preferred provider (checked before the notify interface)', { orchestrationRequest: { serviceRequirement: { preferredProviders: ['A', ' '] } } }, 'Preferred providers contains null or empty element'],
        [
          'a null preferred provider',
          subscription(undefined, MQTT_NOTIFY, { orchestrationRequest: { serviceRequirement: { preferredProviders: [null] } } }),
          'Preferred providers contains null or empty element',
        ],
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
        ['a zero duration (checked before the protocol)', subscription('kelvinInfo', { protocol: 'CoAP', properties: { uri: 'x' } }, { duration: 0 }), 'Subscription duration must be greater than 0'],
        ['a negative duration', subscription('kelvinInfo', MQTT_NOTIFY, { duration: -5 }), 'Subscription duration must be greater than 0'],
        [
          'another target system (checked before names)',
          { targetSystemName: OTHER, ...subscription('1kelvin', { protocol: 'CoAP', properties: { uri: 'x' } }) },
          'Target system cannot be different than the requester system',
        ],
        [
          'a bad service definition (checked before the protocol)',
          subscription('1kelvin', { protocol: 'CoAP', properties: { uri: 'x' } }),
          'The specified service definition name does not match the naming convention: 1kelvin',
        ],
        [
          'a bad preferred provider',
          { orchestrationRequest: { serviceRequirement: { preferredProviders: ['9Provider'] } }, notifyInterface: MQTT_NOTIFY },
          'The specified system name does not match the naming convention: 9Provider',
        ],
        ['an unknown flag', { orchestrationRequest: { orchestrationFlags: { exclusive: true } }, notifyInterface: MQTT_NOTIFY }, 'Invalid orchestration flag: EXCLUSIVE'],
        [
          'ONLY_PREFERRED without preferred providers',
          { orchestrationRequest: { orchestrationFlags: { ONLY_PREFERRED: true } }, notifyInterface: MQTT_NOTIFY },
          'ONLY_PREFERRED flag is present, but no preferred provider is defined',
        ],
        ['an unsupported protocol (printed as sent)', subscription('kelvinInfo', { protocol: ' CoAP ', properties: { uri: 'x' } }), 'Unsupported notify protocol: CoAP'],
        ['HTTP without address', subscription('kelvinInfo', { protocol: 'HTTP', properties: { port: '80', method: 'POST', path: '/' } }), 'Notify properties has no address property'],
        ['HTTP without port', subscription('kelvinInfo', { protocol: 'HTTP', properties: { address: 'h', method: 'POST', path: '/' } }), 'Notify properties has no port property'],
        [
          'HTTP with a non-numeric port',
          subscription('kelvinInfo', { protocol: 'HTTP', properties: { address: 'h', port: 'eighty', method: 'POST', path: '/' } }),
          'Notify port is not a number',
        ],
        ['HTTP with port 0', subscription('kelvinInfo', { protocol: 'HTTP', properties: { address: 'h', port: '0', method: 'POST', path: '/' } }), 'Notify port is out of the valid range'],
        [
          'HTTP with port 65536',
          subscription('kelvinInfo', { protocol: 'HTTPS', properties: { address: 'h', port: 65536, method: 'POST', path: '/' } }),
          'Notify port is out of the valid range',
        ],
        ['HTTP without method', subscription('kelvinInfo', { protocol: 'HTTP', properties: { address: 'h', port: '80', path: '/' } }), 'Notify properties has no method property'],
        ['HTTP with GET', subscription('kelvinInfo', { protocol: 'HTTP', properties: { address: 'h', port: '80', method: 'GET', path: '/' } }), 'Unsupported notify HTTP method: GET'],
        ['HTTP without path', subscription('kelvinInfo', { protocol: 'HTTP', properties: { address: 'h', port: '80', method: 'POST' } }), 'Notify properties has no path property'],
        ['MQTT without topic', subscription('kelvinInfo', { protocol: 'MQTT', properties: { address: 'broker' } }), 'Notify properties has no topic member'],
        ['a notify interface that is not an object', subscription('kelvinInfo', 'mqtt'), UNPARSABLE],
        ['a duration that is not a number', subscription('kelvinInfo', MQTT_NOTIFY, { duration: 'long' }), UNPARSABLE],
        ['a flag that is not a boolean', { orchestrationRequest: { orchestrationFlags: { MATCHMAKING: 'maybe' } }, notifyInterface: MQTT_NOTIFY }, UNPARSABLE],
      ],
      { authorization: AS_CONSUMER, query: () => 'trigger=true' },
    ),
  ),
  ...on(
    'subscriptions',
    refusals(SUBSCRIBE, [['a requester whose name breaks the naming convention', subscription('kelvinInfo'), 'The specified system name does not match the naming convention: 9Consumer']], {
      authorization: 'Bearer SYSTEM//9Consumer',
    }),
  ),
  ...on('subscriptions', refusals(unsubscribeOf('not-a-uuid'), [['an id that is no UUID', 'not-a-uuid', 'Invalid subscription id']], { authorization: AS_CONSUMER, bodyOnlyOver: 'mqtt' })),
  ...on(
    'subscriptions',
    refusals(
      PUSH_SUBSCRIBE,
      [
        ['no list', {}, 'Subscription request list is empty'],
        ['a null list', { subscriptions: null }, 'Subscription request list is empty'],
        ['an empty list', { subscriptions: [] }, 'Subscription request list is empty'],
        ['a null entry', { subscriptions: [subscriber(CONSUMER, 'kelvinInfo'), null] }, 'Request payload is missing'],
        ['an entry without target', { subscriptions: [subscription('kelvinInfo')] }, 'Target system name is missing'],
        ['an entry with a blank target', { subscriptions: [subscriber('  ', 'kelvinInfo')] }, 'Target system name is missing'],
        ['an entry without target nor notify interface', { subscriptions: [{ orchestrationRequest: {} }] }, 'Notify protocol is missing'],
        ['an entry without notify interface', { subscriptions: [{ targetSystemName: CONSUMER }] }, 'Notify protocol is missing'],
        [
          'a blank preferred provider',
          { subscriptions: [{ targetSystemName: CONSUMER, orchestrationRequest: { serviceRequirement: { preferredProviders: [''] } } }] },
          'Preferred providers contains null or empty element',
        ],
        ['a zero duration', { subscriptions: [subscriber(CONSUMER, 'kelvinInfo', MQTT_NOTIFY, { duration: 0 })] }, 'Subscription duration must be greater than 0'],
        ['a bad target', { subscriptions: [subscriber('1bad', 'kelvinInfo')] }, 'The specified system name does not match the naming convention: 1bad'],
        [
          'a bad target after good entries',
          { subscriptions: [subscriber(CONSUMER, 'kelvinInfo', HTTP_NOTIFY), subscriber(OTHER, 'kelvinInfo'), subscriber('1bad', 'kelvinInfo')] },
          'The specified system name does not match the naming convention: 1bad',
        ],
        ['a bad service definition', { subscriptions: [subscriber(CONSUMER, '1kelvin')] }, 'The specified service definition name does not match the naming convention: 1kelvin'],
        [
          'an unknown flag',
          { subscriptions: [{ targetSystemName: CONSUMER, orchestrationRequest: { orchestrationFlags: { FAST: true } }, notifyInterface: MQTT_NOTIFY }] },
          'Invalid orchestration flag: FAST',
        ],
        [
          'ONLY_PREFERRED without preferred providers',
          { subscriptions: [{ targetSystemName: CONSUMER, orchestrationRequest: { orchestrationFlags: { ONLY_PREFERRED: 'true' } }, notifyInterface: MQTT_NOTIFY }] },
          'ONLY_PREFERRED flag is present, but no preferred provider is defined',
        ],
        ['an unsupported protocol', { subscriptions: [subscriber(CONSUMER, 'kelvinInfo', { protocol: 'CoAP', properties: { uri: 'x' } })] }, 'Unsupported notify protocol: CoAP'],
        [
          'an HTTP interface with GET',
          { subscriptions: [subscriber(CONSUMER, 'kelvinInfo', { ...HTTP_NOTIFY, properties: { ...HTTP_NOTIFY.properties, method: 'GET' } })] },
          'Unsupported notify HTTP method: GET',
        ],
        ['MQTT without topic', { subscriptions: [subscriber(CONSUMER, 'kelvinInfo', { protocol: 'MQTT', properties: { qos: '1' } })] }, 'Notify properties has no topic member'],
        [
          'two entries for one target and definition',
          { subscriptions: [subscriber(CONSUMER, 'kelvinInfo'), subscriber(OTHER, 'kelvinInfo'), subscriber(CONSUMER, 'kelvinInfo', HTTP_NOTIFY)] },
          `Duplicated subscription request for system ${CONSUMER} and service definition kelvinInfo`,
        ],
        [
          'two entries for one target without definition',
          { subscriptions: [subscriber(OTHER), subscriber(OTHER, undefined, HTTP_NOTIFY)] },
          `Duplicated subscription request for system ${OTHER} and service definition null`,
        ],
      ],
    ),
  ),
  ...on(
    'subscriptions',
    refusals(
      PUSH_UNSUBSCRIBE,
      [
        ['no ids', undefined, 'Request payload is missing'],
        ['a non-UUID id next to a valid one', [ID, 'abc'], 'Invalid UUID id'],
      ],
      { query: idsQuery },
    ),
  ),
  ...on(
    'pushTrigger',
    refusals(TRIGGER, [
      ['a blank target system', { targetSystems: [CONSUMER, ' '] }, 'Target system list contains null or empty element'],
      ['a null target system', { targetSystems: [null] }, 'Target system list contains null or empty element'],
      ['a bad target system', { targetSystems: ['1bad'] }, 'The specified system name does not match the naming convention: 1bad'],
      ['a target system twice (after normalization)', { targetSystems: ['temperature-consumer', CONSUMER] }, `Duplicated target system name: ${CONSUMER}`],
      ['a blank subscription id', { subscriptionIds: [''] }, 'Subscription id list contains null or empty element'],
      ['a null subscription id', { subscriptionIds: [null] }, 'Subscription id list contains null or empty element'],
      ['a non-UUID subscription id', { subscriptionIds: ['abc123'] }, 'Invalid subscription id: abc123'],
      [
        'a subscription id twice',
        { subscriptionIds: ['D4D61873-07DB-4E93-A16E-9465852BDABF', 'd4d61873-07db-4e93-a16e-9465852bdabf'] },
        'Duplicated subscription id: d4d61873-07db-4e93-a16e-9465852bdabf',
      ],
    ]),
  ),
  ...on(
    'subscriptions',
    refusals(PUSH_QUERY, [
      ['an empty owner', { ownerSystems: [CONSUMER, ''] }, 'Owner system list contains empty element'],
      ['a null owner', { ownerSystems: [null] }, 'Owner system list contains empty element'],
      ['a blank target', { targetSystems: [' '] }, 'Target system list contains empty element'],
      ['a null service definition', { serviceDefinitions: [null] }, 'Service definition list contains empty element'],
      ['a bad owner', { ownerSystems: ['1x'] }, 'The specified system name does not match the naming convention: 1x'],
      ['a bad target', { targetSystems: ['9y'] }, 'The specified system name does not match the naming convention: 9y'],
      ['a bad service definition', { serviceDefinitions: ['1kelvin'] }, 'The specified service definition name does not match the naming convention: 1kelvin'],
      ['a size without a page', { pagination: { size: 5 } }, 'If size parameter is defined then page parameter cannot be undefined'],
      ['a page size above MAX_PAGE_SIZE', { pagination: { page: 0, size: 1001 } }, 'The page size cannot be larger than 1000'],
      ['an unknown direction', { pagination: { direction: 'UP' } }, 'Direction is invalid. Only ASC or DESC are allowed'],
      [
        'an unknown sort field',
        { pagination: { sortField: 'ownerSystemName' } },
        'Sort field is invalid. Only the following are allowed: [id, ownerSystem, targetSystem, serviceDefinition, createdAt]',
      ],
    ]),
  ),
];

/** MQTT-only forms: no payload at all (HTTP has a body), the unsubscribe id and the push-unsubscribe list as the payload. */
const MQTT_CASES: AnyRow[] = [
  ...on('subscriptions', refusals(SUBSCRIBE, [['no payload', undefined, 'Request payload is missing']], { authorization: AS_CONSUMER })),
  ...on('subscriptions', refusals(PUSH_SUBSCRIBE, [['no payload', undefined, 'Request payload is missing']])),
  ...on('pushTrigger', refusals(TRIGGER, [['no payload', undefined, 'Request payload is missing']])),
  ...on(
    'subscriptions',
    refusals(unsubscribeOf(''), [
      ['no payload', undefined, 'Subscription id is missing'],
      ['a blank id', '  ', 'UUID is missing'],
    ]),
  ),
  ...on(
    'subscriptions',
    refusals(PUSH_UNSUBSCRIBE, [
      ['an empty JSON array', [], 'Request payload is missing'],
      ['a blank id', [' '], 'UUID is missing'],
      ['a payload that is not a JSON array', { ids: [ID] }, 'Could not parse payload. Reason: a JSON array was expected'],
    ]),
  ),
];

let contract: ContractApp;
let services: Services;

beforeAll(async () => {
  contract = await ContractApp.start({
    controllers: [SubscriptionController, PushManagementController],
    providers: [
      stub(SubscriptionService, ['subscribe', 'unsubscribe', 'bulkSubscribe', 'bulkUnsubscribe', 'query']),
      stub(PushTrigger, ['trigger']),
      OrchestrationRequestParser,
      SubscriptionRequestParser,
    ],
    // Receivers in these tables are on loopback, which is blocked by default.
    env: { PUSH_HTTP_BLOCKED_NETWORKS: '' },
  });
  services = { subscriptions: contract.stub(SubscriptionService), pushTrigger: contract.stub(PushTrigger) };
});
afterAll(async () => contract?.close());
beforeEach(() => jest.resetAllMocks());

async function check(transport: 'http' | 'mqtt', row: AnyRow): Promise<void> {
  await checkContract(contract, services[row.stub] as object, transport, row as ContractCase<object>);
  const others = (Object.keys(services) as (keyof Services)[]).filter((key) => key !== row.stub);
  for (const key of others) {
    for (const mock of Object.values(services[key]) as jest.Mock[]) expect(mock).not.toHaveBeenCalled();
  }
}

describe.each(TRANSPORTS)('subscription and push management contract over %s', (transport) => {
  it.each(CASES)('$name', (row) => check(transport, row));
});

describe('subscription and push management contract, MQTT payload forms', () => {
  it.each(MQTT_CASES)('$name', (row) => check('mqtt', row));
});
