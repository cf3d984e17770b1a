import { ArrowheadException } from '../../src/common/arrowhead/arrowhead.exception';
import { ROUTES } from '../../src/common/arrowhead/routes';
import { SimpleStoreController } from '../../src/simple-store/simple-store.controller';
import { SimpleStoreRequestParser } from '../../src/simple-store/simple-store-request.parser';
import { SimpleStoreService } from '../../src/simple-store/simple-store.service';
import { checkContract, ContractApp, ContractCase, errorBody, refusals, Stub, stub } from '../support/contract';
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
const SEED_INSTANCE = 'TestProvider|testService|1.0.0';
const R1 = '0308e42e-af59-4206-8513-3414bb2dbc60';
const S1 = '0308e42e-af59-4206-8513-3414bb2dbc60'; // seed ids
const S2 = 'ace0f20b-b3aa-4935-adc7-d5dc58d4dc99';
const UNKNOWN = 'f0000000-0000-4000-8000-000000000000';
const BOTH = ['ConsumerA', 'ConsumerB'];
const AT_LEAST_ONE = 'At least one of the following fields must be specified: ids, consumerNames, serviceDefinitions, serviceInstanceIds, createdBy';
const SORT_FIELDS = '[id, consumer, serviceDefinition, priority, serviceInstanceId, createdAt]';
const UNPARSABLE = expect.stringMatching(/^Could not parse payload\. Reason: /);
const SEED_QUERY = {
  pagination: { page: 0, size: 10, direction: 'ASC', sortField: 'createdAt' },
  ids: ['341f7626-bdee-4ec1-8cb9-23f88e04e374'],
  consumerNames: ['TestConsumerA', 'TestConsumerB'],
  serviceDefinitions: ['testService'],
  serviceInstanceIds: [],
  createdBy: '',
};
const entry = (consumer: unknown, serviceInstanceId: unknown, priority: unknown) => ({ consumer, serviceInstanceId, priority });
const VALID = entry('TestConsumerB', SEED_INSTANCE, 2);
const uuidsQuery = (uuids: unknown) => (Array.isArray(uuids) ? uuids.map((uuid) => `uuids=${encodeURIComponent(String(uuid))}`).join('&') : undefined);

const MODIFY_REFUSALS: [string, unknown, unknown][] = [
    ['a non-UUID key', { notanid: 1 }, 'Invalid UUID: notanid'],
    ['a padded non-UUID key', { ' notanid ': 1 }, 'Invalid UUID: notanid'],
    ['a bad key before a null value', { [S1]: null, notanid: 1 }, 'Invalid UUID: notanid'],
    ['a null value (seed example)', { [S1]: null }, 'Priority map contains null value'],
    ['a null value before a zero', { [S1]: 0, [S2]: null }, 'Priority map contains null value'],
    ['a zero priority', { [S1]: 0 }, 'Invalid priority: 0, should be positive'],
    ['a negative priority', { [S1]: 4, [S2]: -2 }, 'Invalid priority: -2, should be positive'],
    ['a zero priority before an unknown id', { [UNKNOWN]: 0 }, 'Invalid priority: 0, should be positive'],
    ['an empty map', {}, 'Priority map is empty'],
    ['a string priority', { [S1]: 'x' }, UNPARSABLE],
    // SPEC.md §8.3: priorities are 32-bit integers
    ['a priority beyond 32 bits', { [S1]: 2147483648 }, UNPARSABLE],
    ['an array for the map', [S1], 'Could not parse payload. Reason: a JSON object mapping record ids to priorities was expected'],
];

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
  {
    name: 'remove: a non-sysop caller is refused with 403',
    operation: REMOVE,
    body: [ID],
    query: `uuids=${ID}`,
    authorization: 'Bearer SYSTEM//ConsumerA',
    status: 403,
    reply: (transport) => errorBody(transport, REMOVE, 403, 'FORBIDDEN', 'Requester has no management permission'),
  },
  ...refusals<Stub<SimpleStoreService>>(CREATE, [
    ['no payload', undefined, 'Request payload is null'],
    ['no list', {}, 'Request payload is empty'],
    ['an empty entries list', { entries: [] }, 'Request payload is empty'],
    ['an empty candidates list', { candidates: [] }, 'Request payload is empty'],
    ['a null entry', { entries: [VALID, null] }, 'Request payload contains null element'],
    ['a missing priority', { entries: [{ consumer: 'TestConsumerB', serviceInstanceId: SEED_INSTANCE }] }, 'Priority is missing'],
    ['a null priority', { entries: [entry('TestConsumerB', SEED_INSTANCE, null)] }, 'Priority is missing'],
    ['a zero priority', { entries: [entry('TestConsumerB', SEED_INSTANCE, 0)] }, 'Priority should be positive'],
    ['a negative priority', { entries: [entry('TestConsumerB', SEED_INSTANCE, -1)] }, 'Priority should be positive'],
    ['a missing consumer', { entries: [{ serviceInstanceId: SEED_INSTANCE, priority: 1 }] }, 'The specified system name does not match the naming convention: null'],
    ['a blank consumer', { entries: [entry('  ', SEED_INSTANCE, 1)] }, 'The specified system name does not match the naming convention: null'],
    ['a bad consumer', { entries: [entry('1abc', SEED_INSTANCE, 1)] }, 'The specified system name does not match the naming convention: 1abc'],
    ['a missing instance id', { entries: [{ consumer: 'TestConsumerB', priority: 1 }] }, 'The specified service instance identifier does not match the naming convention: null'],
    ['a two-part instance id', { entries: [entry('TestConsumerB', 'A|b', 1)] }, 'The specified service instance identifier does not match the naming convention: A|b'],
    ['a four-part instance id', { entries: [entry('TestConsumerB', 'A|b|1.0.0|x', 1)] }, 'The specified service instance identifier does not match the naming convention: A|b|1.0.0|x'],
    ['a bad provider in the instance id', { entries: [entry('TestConsumerB', '1A|svc|1.0.0', 1)] }, 'The specified system name does not match the naming convention: 1A'],
    ['a bad service definition in the instance id', { entries: [entry('TestConsumerB', 'A|1svc|1.0.0', 1)] }, 'The specified service definition name does not match the naming convention: 1svc'],
    ['a bad version in the instance id', { entries: [entry('TestConsumerB', 'A|svc|1.x.0', 1)] }, 'Version verification failure: the version should only contain numbers and separator . characters'],
    // order within an entry: priority, then consumer, then instance id
    ['a missing priority before naming errors', { entries: [{ consumer: '1x', serviceInstanceId: 'bad' }] }, 'Priority is missing'],
    ['a bad consumer before a bad instance id', { entries: [entry('1x', 'bad', 1)] }, 'The specified system name does not match the naming convention: 1x'],
    // order across entries: list order
    [
      'the first bad entry of several',
      { entries: [VALID, entry('TestConsumerB', 'A|b', 3), entry('TestConsumerB', SEED_INSTANCE, null)] },
      'The specified service instance identifier does not match the naming convention: A|b',
    ],
    [
      'a duplicate in the request (after normalization)',
      { entries: [entry('TestConsumerB', SEED_INSTANCE, 2), entry('test-consumer-b', 'OtherProvider|test-service|1', 2)] },
      'Conflicting rules, the combination of the following fields should be unique: TestConsumerB, service definition: testService, priority: 2',
    ],
    ['a per-entry error before an in-request duplicate', { entries: [VALID, VALID, entry('TestConsumerB', SEED_INSTANCE, 0)] }, 'Priority should be positive'],
    ['entries first when both lists are present', { entries: [entry('TestConsumerB', SEED_INSTANCE, 0)], candidates: [VALID] }, 'Priority should be positive'],
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
    // pagination first
    ['a size without a page', { consumerNames: BOTH, pagination: { size: 5 } }, 'If size parameter is defined then page parameter cannot be undefined'],
    ['a page size above MAX_PAGE_SIZE', { consumerNames: BOTH, pagination: { page: 0, size: 1001 } }, 'The page size cannot be larger than 1000'],
    ['a page without a size', { consumerNames: BOTH, pagination: { page: 0 } }, 'If page parameter is defined then size parameter cannot be undefined'],
    ['an unknown direction', { consumerNames: BOTH, pagination: { direction: 'UP' } }, 'Direction is invalid. Only ASC or DESC are allowed'],
    ['an unknown sort field', { consumerNames: BOTH, pagination: { sortField: 'updatedAt' } }, `Sort field is invalid. Only the following are allowed: ${SORT_FIELDS}`],
    ['a sort field in the wrong case', { consumerNames: BOTH, pagination: { sortField: 'Priority' } }, `Sort field is invalid. Only the following are allowed: ${SORT_FIELDS}`],
    ['pagination before the at-least-one rule', { pagination: { direction: 'UP' } }, 'Direction is invalid. Only ASC or DESC are allowed'],
    // at least one filter
    ['no filter', {}, AT_LEAST_ONE],
    ['only priorities', { minPriority: 1, maxPriority: 5 }, AT_LEAST_ONE],
    ['only empty filters', { ids: [], consumerNames: [], serviceDefinitions: [], serviceInstanceIds: [], createdBy: '  ' }, AT_LEAST_ONE],
    ['pagination and a blank createdBy', { pagination: { page: 0, size: 10 }, createdBy: '' }, AT_LEAST_ONE],
    // ids
    ['a null id', { ids: [R1, null] }, 'Id list contains null or empty element'],
    ['a blank id', { ids: ['  '] }, 'Id list contains null or empty element'],
    ['an id that is no UUID', { ids: ['notanid'] }, 'Invalid UUID: notanid'],
    ['a padded id that is no UUID', { ids: [' notanid '] }, 'Invalid UUID: notanid'],
    ['a bad id before a blank consumer', { ids: ['notanid'], consumerNames: [''] }, 'Invalid UUID: notanid'],
    // lists with null or blank elements
    ['a null consumer', { consumerNames: ['ConsumerA', null] }, 'Consumer name list contains null or empty element'],
    ['a blank service definition', { consumerNames: ['ConsumerA'], serviceDefinitions: [' '] }, 'Service definition name list contains null or empty element'],
    ['a null instance id', { serviceInstanceIds: [null] }, 'Service instance id list contains null or empty element'],
    ['a blank consumer before a bad priority', { consumerNames: [''], minPriority: 0 }, 'Consumer name list contains null or empty element'],
    // priorities
    ['a zero minPriority', { consumerNames: BOTH, minPriority: 0 }, 'Invalid minimum priority: should be a positive integer'],
    ['a negative maxPriority', { consumerNames: BOTH, maxPriority: -1 }, 'Invalid maximum priority: should be a positive integer'],
    ['both priorities zero', { consumerNames: BOTH, minPriority: 0, maxPriority: 0 }, 'Invalid minimum priority: should be a positive integer'],
    ['minPriority above maxPriority', { ...SEED_QUERY, minPriority: 25, maxPriority: 1 }, 'Minimum priority should not be greater than maximum priority'],
    ['a bad priority before a bad name', { consumerNames: ['1x'], minPriority: 0 }, 'Invalid minimum priority: should be a positive integer'],
    // naming, after normalization
    ['a bad consumer', { consumerNames: ['ConsumerA', '1x'] }, 'The specified system name does not match the naming convention: 1x'],
    ['a bad createdBy', { createdBy: '1x' }, 'The specified system name does not match the naming convention: 1x'],
    ['a bad consumer before a bad createdBy', { consumerNames: ['1x'], createdBy: '2y' }, 'The specified system name does not match the naming convention: 1x'],
    ['a bad createdBy before a bad service definition', { serviceDefinitions: ['1x'], createdBy: '2y' }, 'The specified system name does not match the naming convention: 2y'],
    ['a bad service definition', { serviceDefinitions: ['1x'] }, 'The specified service definition name does not match the naming convention: 1x'],
    ['a bad service definition before a bad instance id', { serviceDefinitions: ['1x'], serviceInstanceIds: ['A|b'] }, 'The specified service definition name does not match the naming convention: 1x'],
    ['a bad instance id', { serviceInstanceIds: ['A|b'] }, 'The specified service instance identifier does not match the naming convention: A|b'],
    ['a bad version', { serviceInstanceIds: ['A|b|1.x.0'] }, 'Version verification failure: the version should only contain numbers and separator . characters'],
    ['the seed typo: a bare string for ids', { ...SEED_QUERY, ids: '341f7626-bdee-4ec1-8cb9-23f88e04e374' }, UNPARSABLE],
    ['a bare string for consumerNames', { consumerNames: 'ConsumerA' }, UNPARSABLE],
    ['a string minPriority', { consumerNames: BOTH, minPriority: 'x' }, UNPARSABLE],
    // SPEC.md §8.3: priorities are 32-bit integers
    ['a minPriority beyond 32 bits', { consumerNames: BOTH, minPriority: 2147483648 }, UNPARSABLE],
    ['a maxPriority beyond 32 bits', { consumerNames: BOTH, maxPriority: 2147483648 }, UNPARSABLE],
    ['a string for pagination', { consumerNames: BOTH, pagination: 'x' }, UNPARSABLE],
    ['an array for the body', [{ consumerNames: BOTH }], UNPARSABLE],
  ]),
  ...refusals<Stub<SimpleStoreService>>(MODIFY, MODIFY_REFUSALS),
  // The docs' POST (SPEC-deviations B1): the same rules, its own origin.
  ...refusals<Stub<SimpleStoreService>>({ ...MODIFY, method: 'POST' }, MODIFY_REFUSALS, { label: 'modify-priorities by POST' }),
  ...refusals<Stub<SimpleStoreService>>(
    REMOVE,
    [
      ['no ids', undefined, 'UUIDs are missing'],
      ['a non-UUID (after a valid one)', [ID, 'notanid'], 'Invalid UUID: notanid'],
      ['a padded non-UUID', [' notanid '], 'Invalid UUID: notanid'],
    ],
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
