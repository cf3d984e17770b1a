import { ArrowheadException } from '../../src/common/arrowhead/arrowhead.exception';
import { ROUTES } from '../../src/common/arrowhead/routes';
import { StatusResult } from '../../src/common/arrowhead/status-result';
import { OrchestrationRequestParser } from '../../src/orchestration/orchestration-request.parser';
import { PushTrigger } from '../../src/push/push-trigger';
import { PushManagementController } from '../../src/push/push-management.controller';
import { SubscriptionController } from '../../src/push/subscription.controller';
import { SubscriptionRequestParser } from '../../src/push/subscription-request.parser';
import { SubscriptionService } from '../../src/push/subscription.service';
import { checkContract, managementOnly, ContractApp, ContractCase, ContractOperation, errorBody, refusals, Stub, stub } from '../support/contract';
import { BULK_SUBSCRIBE_REFUSALS, CONSUMER, MQTT_NOTIFY, OTHER, PUSH_QUERY_REFUSALS, SUBSCRIBE_REFUSALS, subscriber, SUBSCRIPTION_ID, subscription, TRIGGER_REFUSALS } from '../support/cases/subscriptions';
import { TRANSPORTS } from '../support/operations';

/**
 * serviceOrchestration subscribe/unsubscribe and serviceOrchestrationPushManagement over both
 * transports: what reaches the services, and every rule of SubscriptionRequestParser as the wire
 * shows it (SPEC-orchestration.md §3–4, SPEC-management.md §2); the refusal tables are shared with
 * the parser's unit spec (test/support/cases/subscriptions.ts).
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

const ID = SUBSCRIPTION_ID;
const AS_CONSUMER = `Bearer SYSTEM//${CONSUMER}`;
const UNPARSABLE = expect.stringMatching(/^Could not parse payload\. Reason: /);
const NO_ORCHESTRATION = { serviceDefinition: null, preferredProviders: [], flags: {}, flagsSent: false, warnings: [] };
const DEFAULT_PAGE = { page: 0, size: 1000, direction: 'DESC', sortField: 'id' };

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
  ...on('subscriptions', [managementOnly('push query', PUSH_QUERY, AS_CONSUMER, { body: {} })]),
  ...on(
    'subscriptions',
    refusals(
      SUBSCRIBE_TRIGGERED,
      [
        ...SUBSCRIBE_REFUSALS,
        // What only the DTOs see: JSON types the parser never gets, or gets converted.
        [
          'HTTPS with port 65536 as a JSON number',
          subscription('kelvinInfo', { protocol: 'HTTPS', properties: { address: 'h', port: 65536, method: 'POST', path: '/' } }),
          'Notify port is out of the valid range',
        ],
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
        ...BULK_SUBSCRIBE_REFUSALS,
        [
          'ONLY_PREFERRED as the string "true" without preferred providers',
          { subscriptions: [{ targetSystemName: CONSUMER, orchestrationRequest: { orchestrationFlags: { ONLY_PREFERRED: 'true' } }, notifyInterface: MQTT_NOTIFY }] },
          'ONLY_PREFERRED flag is present, but no preferred provider is defined',
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
  ...on('pushTrigger', refusals(TRIGGER, TRIGGER_REFUSALS)),
  ...on('subscriptions', refusals(PUSH_QUERY, PUSH_QUERY_REFUSALS)),
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
