import { DEFINITION, INSTANCE_ID, Refusal, SYSTEM } from './refusal';

/**
 * serviceOrchestrationSimpleStoreManagement (SPEC-management.md §1): every refusal of
 * SimpleStoreRequestParser with its text, in the spec's order. The parser's unit spec runs the
 * rows against the parser, test/contract/simple-store.contract-spec.ts over HTTP and MQTT, and
 * test/simple-store.e2e-spec.ts a few against the real service. No payload at all differs per
 * layer (null in a unit, nothing on the wire) and is not here.
 */

export const SEED_INSTANCE = 'TestProvider|testService|1.0.0';
/** The seed's record ids (orchestration-simple-store examples). */
export const S1 = '0308e42e-af59-4206-8513-3414bb2dbc60';
export const S2 = 'ace0f20b-b3aa-4935-adc7-d5dc58d4dc99';
export const UNKNOWN = 'f0000000-0000-4000-8000-000000000000';
export const BOTH = ['ConsumerA', 'ConsumerB'];
export const BAD_VERSION = 'Version verification failure: the version should only contain numbers and separator . characters';
export const AT_LEAST_ONE = 'At least one of the following fields must be specified: ids, consumerNames, serviceDefinitions, serviceInstanceIds, createdBy';
export const SORT_FIELDS = '[id, consumer, serviceDefinition, priority, serviceInstanceId, createdAt]';
const CONFLICT = 'Conflicting rules, the combination of the following fields should be unique: ';
/** The query example of the seed. */
export const SEED_QUERY = {
  pagination: { page: 0, size: 10, direction: 'ASC', sortField: 'createdAt' },
  ids: ['341f7626-bdee-4ec1-8cb9-23f88e04e374'],
  consumerNames: ['TestConsumerA', 'TestConsumerB'],
  serviceDefinitions: ['testService'],
  serviceInstanceIds: [],
  createdBy: '',
};

export const entry = (consumer: unknown, serviceInstanceId: unknown, priority: unknown) => ({ consumer, serviceInstanceId, priority });
export const VALID = entry('TestConsumerB', SEED_INSTANCE, 2);

export const CREATE_REFUSALS: Refusal[] = [
  ['no list', {}, 'Request payload is empty'],
  ['an empty entries list', { entries: [] }, 'Request payload is empty'],
  ['an empty candidates list', { candidates: [] }, 'Request payload is empty'],
  ['a null entry', { entries: [VALID, null] }, 'Request payload contains null element'],
  ['a missing priority', { entries: [{ consumer: 'TestConsumerB', serviceInstanceId: SEED_INSTANCE }] }, 'Priority is missing'],
  ['a null priority', { entries: [entry('TestConsumerB', SEED_INSTANCE, null)] }, 'Priority is missing'],
  ['a zero priority', { entries: [entry('TestConsumerB', SEED_INSTANCE, 0)] }, 'Priority should be positive'],
  ['a negative priority', { entries: [entry('TestConsumerB', SEED_INSTANCE, -1)] }, 'Priority should be positive'],
  ['a missing consumer', { entries: [{ serviceInstanceId: SEED_INSTANCE, priority: 1 }] }, `${SYSTEM}null`],
  ['a blank consumer', { entries: [entry('  ', SEED_INSTANCE, 1)] }, `${SYSTEM}null`],
  ['a bad consumer', { entries: [entry('1abc', SEED_INSTANCE, 1)] }, `${SYSTEM}1abc`],
  ['a missing instance id', { entries: [{ consumer: 'TestConsumerB', priority: 1 }] }, `${INSTANCE_ID}null`],
  ['a two-part instance id', { entries: [entry('TestConsumerB', 'A|b', 1)] }, `${INSTANCE_ID}A|b`],
  ['a four-part instance id', { entries: [entry('TestConsumerB', 'A|b|1.0.0|x', 1)] }, `${INSTANCE_ID}A|b|1.0.0|x`],
  ['a bad provider in the instance id', { entries: [entry('TestConsumerB', '1A|svc|1.0.0', 1)] }, `${SYSTEM}1A`],
  ['a bad service definition in the instance id', { entries: [entry('TestConsumerB', 'A|1svc|1.0.0', 1)] }, `${DEFINITION}1svc`],
  ['a bad version in the instance id', { entries: [entry('TestConsumerB', 'A|svc|1.x.0', 1)] }, BAD_VERSION],
  // Order within an entry: priority, then consumer, then instance id.
  ['a missing priority before naming errors', { entries: [{ consumer: '1x', serviceInstanceId: 'bad' }] }, 'Priority is missing'],
  ['a bad consumer before a bad instance id', { entries: [entry('1x', 'bad', 1)] }, `${SYSTEM}1x`],
  // Order across entries: list order, and every entry before the duplicate check.
  ['the first bad entry of several', { entries: [VALID, entry('TestConsumerB', 'A|b', 3), entry('TestConsumerB', SEED_INSTANCE, null)] }, `${INSTANCE_ID}A|b`],
  [
    'a duplicate in the request (after normalization)',
    { entries: [VALID, entry('test-consumer-b', 'OtherProvider|test-service|1', 2)] },
    `${CONFLICT}TestConsumerB, service definition: testService, priority: 2`,
  ],
  ['a per-entry error before an in-request duplicate', { entries: [VALID, VALID, entry('TestConsumerB', SEED_INSTANCE, 0)] }, 'Priority should be positive'],
  ['entries first when both lists are present', { entries: [entry('TestConsumerB', SEED_INSTANCE, 0)], candidates: [VALID] }, 'Priority should be positive'],
];

export const QUERY_REFUSALS: Refusal[] = [
  // Pagination first.
  ['a size without a page', { consumerNames: BOTH, pagination: { size: 5 } }, 'If size parameter is defined then page parameter cannot be undefined'],
  ['a page size above MAX_PAGE_SIZE', { consumerNames: BOTH, pagination: { page: 0, size: 1001 } }, 'The page size cannot be larger than 1000'],
  ['a page without a size', { consumerNames: BOTH, pagination: { page: 0 } }, 'If page parameter is defined then size parameter cannot be undefined'],
  ['an unknown direction', { consumerNames: BOTH, pagination: { direction: 'UP' } }, 'Direction is invalid. Only ASC or DESC are allowed'],
  ['an unknown sort field', { consumerNames: BOTH, pagination: { sortField: 'updatedAt' } }, `Sort field is invalid. Only the following are allowed: ${SORT_FIELDS}`],
  ['a sort field in the wrong case', { consumerNames: BOTH, pagination: { sortField: 'Priority' } }, `Sort field is invalid. Only the following are allowed: ${SORT_FIELDS}`],
  ['pagination before the at-least-one rule', { pagination: { direction: 'UP' } }, 'Direction is invalid. Only ASC or DESC are allowed'],
  // At least one filter.
  ['no filter', {}, AT_LEAST_ONE],
  ['only priorities', { minPriority: 1, maxPriority: 5 }, AT_LEAST_ONE],
  ['only empty filters', { ids: [], consumerNames: [], serviceDefinitions: [], serviceInstanceIds: [], createdBy: '  ' }, AT_LEAST_ONE],
  ['pagination and a blank createdBy', { pagination: { page: 0, size: 10 }, createdBy: '' }, AT_LEAST_ONE],
  // ids, then the other lists' empty elements.
  ['a null id', { ids: [S1, null] }, 'Id list contains null or empty element'],
  ['a blank id', { ids: ['  '] }, 'Id list contains null or empty element'],
  ['an id that is no UUID', { ids: ['notanid'] }, 'Invalid UUID: notanid'],
  ['a padded id that is no UUID', { ids: [' notanid '] }, 'Invalid UUID: notanid'],
  ['a bad id before a blank consumer', { ids: ['notanid'], consumerNames: [''] }, 'Invalid UUID: notanid'],
  ['a null consumer', { consumerNames: ['ConsumerA', null] }, 'Consumer name list contains null or empty element'],
  ['a blank service definition', { consumerNames: ['ConsumerA'], serviceDefinitions: [' '] }, 'Service definition name list contains null or empty element'],
  ['a null instance id', { serviceInstanceIds: [null] }, 'Service instance id list contains null or empty element'],
  ['a blank consumer before a bad priority', { consumerNames: [''], minPriority: 0 }, 'Consumer name list contains null or empty element'],
  // Priorities.
  ['a zero minPriority', { consumerNames: BOTH, minPriority: 0 }, 'Invalid minimum priority: should be a positive integer'],
  ['a negative maxPriority', { consumerNames: BOTH, maxPriority: -1 }, 'Invalid maximum priority: should be a positive integer'],
  ['both priorities zero', { consumerNames: BOTH, minPriority: 0, maxPriority: 0 }, 'Invalid minimum priority: should be a positive integer'],
  ['minPriority above maxPriority', { consumerNames: BOTH, minPriority: 25, maxPriority: 1 }, 'Minimum priority should not be greater than maximum priority'],
  ['the seed query with minPriority above maxPriority', { ...SEED_QUERY, minPriority: 25, maxPriority: 1 }, 'Minimum priority should not be greater than maximum priority'],
  ['a bad priority before a bad name', { consumerNames: ['1x'], minPriority: 0 }, 'Invalid minimum priority: should be a positive integer'],
  // Naming, after normalization: consumers, createdBy, definitions, instance ids.
  ['a bad consumer', { consumerNames: ['ConsumerA', '1x'] }, `${SYSTEM}1x`],
  ['a bad createdBy', { createdBy: '1x' }, `${SYSTEM}1x`],
  ['a bad consumer before a bad createdBy', { consumerNames: ['1x'], createdBy: '2y' }, `${SYSTEM}1x`],
  ['a bad createdBy before a bad service definition', { serviceDefinitions: ['1x'], createdBy: '2y' }, `${SYSTEM}2y`],
  ['a bad service definition', { serviceDefinitions: ['1x'] }, `${DEFINITION}1x`],
  ['a bad service definition before a bad instance id', { serviceDefinitions: ['1x'], serviceInstanceIds: ['A|b'] }, `${DEFINITION}1x`],
  ['a bad instance id', { serviceInstanceIds: ['A|b'] }, `${INSTANCE_ID}A|b`],
  ['a bad version', { serviceInstanceIds: ['A|b|1.x.0'] }, BAD_VERSION],
];

/** modify-priorities: a map of record ids to priorities. */
export const PRIORITY_MAP_REFUSALS: Refusal[] = [
  ['an array for the map', [S1], 'Could not parse payload. Reason: a JSON object mapping record ids to priorities was expected'],
  ['an empty map', {}, 'Priority map is empty'],
  ['a non-UUID key', { notanid: 1 }, 'Invalid UUID: notanid'],
  ['a padded non-UUID key', { ' notanid ': 1 }, 'Invalid UUID: notanid'],
  ['a bad key before a null value', { [S1]: null, notanid: 1 }, 'Invalid UUID: notanid'],
  ['a null value (seed example)', { [S1]: null }, 'Priority map contains null value'],
  ['a null value before a zero', { [S1]: 0, [S2]: null }, 'Priority map contains null value'],
  ['a string priority', { [S1]: 'x' }, 'Could not parse payload. Reason: priority "x" is not an integer'],
  ['a fraction', { [S1]: 1.5 }, 'Could not parse payload. Reason: priority 1.5 is not an integer'],
  // SPEC.md §8.3: priorities are 32-bit integers.
  ['a priority beyond 32 bits', { [S1]: 2147483648 }, 'Could not parse payload. Reason: priority 2147483648 is not an integer'],
  ['a boolean', { [S1]: true }, 'Could not parse payload. Reason: priority true is not an integer'],
  ['a zero priority', { [S1]: 0 }, 'Invalid priority: 0, should be positive'],
  ['a negative priority', { [S1]: 4, [S2]: -2 }, 'Invalid priority: -2, should be positive'],
  ['a negative numeric string', { [S1]: ' -3 ' }, 'Invalid priority: -3, should be positive'],
  ['a zero priority before an unknown id', { [UNKNOWN]: 0 }, 'Invalid priority: 0, should be positive'],
];

/** remove: the record ids (a query parameter on HTTP, the payload on MQTT). */
export const REMOVE_REFUSALS: Refusal[] = [
  ['no ids', undefined, 'UUIDs are missing'],
  ['an empty list', [], 'UUIDs are missing'],
  ['a non-UUID (after a valid one)', [S1, 'notanid'], 'Invalid UUID: notanid'],
  ['a padded non-UUID', [' notanid '], 'Invalid UUID: notanid'],
  ['a number', [5], 'Invalid UUID: 5'],
  ['a null', [null], 'Invalid UUID: null'],
];
