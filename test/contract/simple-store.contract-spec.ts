import { ArrowheadException } from '../../src/common/arrowhead/arrowhead.exception';
import { ROUTES } from '../../src/common/arrowhead/routes';
import { SimpleStoreController } from '../../src/simple-store/simple-store.controller';
import { SimpleStoreRequestParser } from '../../src/simple-store/simple-store-request.parser';
import { SimpleStoreService } from '../../src/simple-store/simple-store.service';
import { checkContract, managementOnly, ContractApp, ContractCase, errorBody, refusals, Stub, stub } from '../support/contract';
import { BOTH, CREATE_REFUSALS, entry, PRIORITY_MAP_REFUSALS, QUERY_REFUSALS, REMOVE_REFUSALS, SEED_INSTANCE, SEED_QUERY, UNKNOWN, VALID } from '../support/cases/simple-store';
import { invoke, TRANSPORTS } from '../support/operations';

const { http: HTTP, mqtt: MQTT } = ROUTES.simpleStore;
const QUERY = { method: 'POST', path: `${HTTP}/query`, topic: `${MQTT}/query` } as const;
const CREATE = { method: 'POST', path: `${HTTP}/create`, topic: `${MQTT}/create` } as const;
const MODIFY = { method: 'PUT', path: `${HTTP}/modify-priorities`, topic: `${MQTT}/modify-priorities` } as const;
const REMOVE = { method: 'DELETE', path: `${HTTP}/remove`, topic: `${MQTT}/remove` } as const;

const ID = '341f7626-bdee-4ec1-8cb9-23f88e04e374';
const RULE = { consumer: 'ConsumerA', serviceInstanceId: 'P1|alpha|1.0.0', priority: 1 };
const LIST = { entries: [{ id: ID, ...RULE, serviceDefinition: 'alpha', createdBy: 'Sysop', updatedBy: 'Sysop', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }], count: 1 };

/** RULE as the parser hands it to the service. */
const NEW_RULE = { consumer: 'ConsumerA', serviceInstanceId: 'P1|alpha|1.0.0', serviceDefinition: 'alpha', priority: 1 };
const NO_FILTER = {
  page: { page: 0, size: 1000, direction: 'DESC', sortField: 'id' },
  ids: [],
  consumers: [],
  serviceDefinitions: [],
  serviceInstanceIds: [],
  minPriority: undefined,
  maxPriority: undefined,
  createdBy: undefined,
};
const UNPARSABLE = expect.stringMatching(/^Could not parse payload\. Reason: /);
const uuidsQuery = (uuids: unknown) => (Array.isArray(uuids) ? uuids.map((uuid) => `uuids=${encodeURIComponent(String(uuid))}`).join('&') : undefined);

type Case = ContractCase<Stub<SimpleStoreService>>;

const CASES: Case[] = [
  {
    name: 'query: 200 with the service result; priorities as numeric strings read as numbers; the service gets the filter',
    operation: QUERY,
    body: { consumerNames: ['consumer-a'], minPriority: '1' },
    arrange: (service) => service.query.mockResolvedValue(LIST),
    status: 200,
    reply: () => LIST,
    called: { method: 'query', args: [{ ...NO_FILTER, consumers: ['ConsumerA'], minPriority: 1 }] },
  },
  {
    name: 'query: a bare string where a list belongs is a parse failure (the seed typo, SPEC-deviations A12)',
    operation: QUERY,
    body: { ids: ID },
    status: 400,
    reply: (transport) => errorBody(transport, QUERY, 400, 'INVALID_PARAMETER', 'Could not parse payload. Reason: ids must be an array of strings'),
  },
  {
    name: 'create: 201; the service gets the parsed rules and the normalized caller name',
    operation: CREATE,
    body: { candidates: [RULE] },
    authorization: 'Bearer SYSTEM//sysop',
    arrange: (service) => service.create.mockResolvedValue(LIST),
    status: 201,
    reply: () => LIST,
    called: { method: 'create', args: [[NEW_RULE], 'Sysop'] },
  },
  {
    name: "create: the service's 400 keeps its text",
    operation: CREATE,
    body: { entries: [RULE] },
    arrange: (service) =>
      service.create.mockRejectedValue(ArrowheadException.invalidParameter('There is already an existing entity with consumer name: ConsumerA, service definition: alpha, priority: 1')),
    status: 400,
    reply: (transport) =>
      errorBody(transport, CREATE, 400, 'INVALID_PARAMETER', 'There is already an existing entity with consumer name: ConsumerA, service definition: alpha, priority: 1'),
    called: { method: 'create', args: [[NEW_RULE], 'Sysop'] },
  },
  {
    name: 'modify-priorities: the service gets canonical ids and integer priorities',
    operation: MODIFY,
    body: { [` ${ID.toUpperCase()} `]: '2' },
    arrange: (service) => service.modifyPriorities.mockResolvedValue(LIST),
    status: 200,
    reply: () => LIST,
    called: { method: 'modifyPriorities', args: [new Map([[ID, 2]]), 'Sysop'] },
  },
  {
    name: "modify-priorities: the service's 400 keeps its text",
    operation: MODIFY,
    body: { [UNKNOWN]: 5 },
    arrange: (service) => service.modifyPriorities.mockRejectedValue(ArrowheadException.invalidParameter(`Not existing UUID: ${UNKNOWN}`)),
    status: 400,
    reply: (transport) => errorBody(transport, MODIFY, 400, 'INVALID_PARAMETER', `Not existing UUID: ${UNKNOWN}`),
    called: { method: 'modifyPriorities', args: [new Map([[UNKNOWN, 5]]), 'Sysop'] },
  },
  {
    name: 'remove: 200 with an empty body; the ids from `uuids` (HTTP) or the payload (MQTT), canonical',
    operation: REMOVE,
    body: [` ${ID.toUpperCase()} `],
    query: `uuids=${encodeURIComponent(` ${ID.toUpperCase()} `)}&ids=ignored`,
    arrange: (service) => service.remove.mockResolvedValue(undefined),
    status: 200,
    reply: () => '',
    called: { method: 'remove', args: [[ID]] },
  },
  managementOnly('remove', REMOVE, 'Bearer SYSTEM//ConsumerA', { body: [ID], query: `uuids=${ID}` }),
  ...refusals<Stub<SimpleStoreService>>(CREATE, [
    ['no payload', undefined, 'Request payload is null'],
    ...CREATE_REFUSALS,
    // What only the DTOs see: JSON types the parser never gets.
    ['a string priority', { entries: [entry('TestConsumerB', SEED_INSTANCE, 'x')] }, UNPARSABLE],
    ['a partly numeric string priority', { entries: [entry('TestConsumerB', SEED_INSTANCE, '2x')] }, UNPARSABLE],
    // SPEC.md §8.3: priorities are 32-bit integers; a larger number does not fit the field (SPEC.md §3.1, §4.4 step 5)
    ['a priority beyond 32 bits', { entries: [entry('TestConsumerB', SEED_INSTANCE, 2147483648)] }, UNPARSABLE],
    ['a string for the list', { entries: 'x' }, UNPARSABLE],
    ['a string for the candidates list', { candidates: 'x' }, UNPARSABLE],
    ['a number for an entry', { entries: [5] }, UNPARSABLE],
    ['an object for the consumer', { entries: [entry({ name: 'A' }, SEED_INSTANCE, 1)] }, UNPARSABLE],
    ['an array for the body', [VALID], UNPARSABLE],
  ]),
  ...refusals<Stub<SimpleStoreService>>(QUERY, [
    ...QUERY_REFUSALS,
    // What only the DTOs see: JSON types the parser never gets.
    ['the seed typo: a bare string for ids', { ...SEED_QUERY, ids: '341f7626-bdee-4ec1-8cb9-23f88e04e374' }, UNPARSABLE],
    ['a bare string for consumerNames', { consumerNames: 'ConsumerA' }, UNPARSABLE],
    ['a string minPriority', { consumerNames: BOTH, minPriority: 'x' }, UNPARSABLE],
    // SPEC.md §8.3: priorities are 32-bit integers
    ['a minPriority beyond 32 bits', { consumerNames: BOTH, minPriority: 2147483648 }, UNPARSABLE],
    ['a maxPriority beyond 32 bits', { consumerNames: BOTH, maxPriority: 2147483648 }, UNPARSABLE],
    ['a string for pagination', { consumerNames: BOTH, pagination: 'x' }, UNPARSABLE],
    ['an array for the body', [{ consumerNames: BOTH }], UNPARSABLE],
  ]),
  ...refusals<Stub<SimpleStoreService>>(MODIFY, PRIORITY_MAP_REFUSALS),
  // The docs' POST (SPEC-deviations B1): the same rules, its own origin.
  ...refusals<Stub<SimpleStoreService>>({ ...MODIFY, method: 'POST' }, PRIORITY_MAP_REFUSALS, { label: 'modify-priorities by POST' }),
  ...refusals<Stub<SimpleStoreService>>(
    REMOVE,
    REMOVE_REFUSALS,
    { query: uuidsQuery },
  ),
];

let contract: ContractApp;
let service: Stub<SimpleStoreService>;

beforeAll(async () => {
  contract = await ContractApp.start({
    controllers: [SimpleStoreController],
    providers: [stub(SimpleStoreService, ['query', 'create', 'modifyPriorities', 'remove']), SimpleStoreRequestParser],
  });
  service = contract.stub(SimpleStoreService);
});
afterAll(async () => contract?.close());
beforeEach(() => jest.resetAllMocks());

describe.each(TRANSPORTS)('simple-store management contract over %s', (transport) => {
  it.each(CASES)('$name', (row) => checkContract(contract, service, transport, row));
});

describe('simple-store management contract, HTTP aliases', () => {
  it('serves modify-priorities on POST too (SPEC-deviations B1), with the same origin rules', async () => {
    service.modifyPriorities.mockResolvedValue(LIST);
    const answer = await invoke(contract, 'http', { ...MODIFY, method: 'POST', body: { [ID]: 2 } });
    expect(answer).toEqual({ status: 200, body: LIST });
    expect(service.modifyPriorities.mock.calls).toEqual([[new Map([[ID, 2]]), 'Sysop']]);
  });

  it('removes on DELETE /query too (SPEC-deviations B2)', async () => {
    service.remove.mockResolvedValue(undefined);
    const answer = await invoke(contract, 'http', { ...QUERY, method: 'DELETE', query: `uuids=${ID}` });
    expect(answer).toEqual({ status: 200, body: '' });
    expect(service.remove.mock.calls).toEqual([[[ID]]]);
  });
});
