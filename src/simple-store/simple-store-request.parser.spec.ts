import { rejection, testConfig } from '../../test/support/unit';
import { NameNormalizer } from '../common/naming/name-normalizer';
import { SimpleStoreCreateRequestDto, SimpleStoreQueryRequestDto } from './dto/simple-store.dto';
import { SimpleStoreRequestParser } from './simple-store-request.parser';

// SPEC-management.md §1: every rule and text of simple-store create, query, modify-priorities
// (the part that needs no stored rules) and remove, in the spec's order.
const parser = new SimpleStoreRequestParser(new NameNormalizer('extended'), testConfig());
const SEED_INSTANCE = 'TestProvider|testService|1.0.0';
const ID = '341f7626-bdee-4ec1-8cb9-23f88e04e374';
const ID2 = '7b2d1b5e-0c4f-4a59-9c49-0b7a9f3c8a10';
const SYSTEM = 'The specified system name does not match the naming convention: ';
const DEFINITION = 'The specified service definition name does not match the naming convention: ';
const INSTANCE_ID = 'The specified service instance identifier does not match the naming convention: ';
const BAD_VERSION = 'Version verification failure: the version should only contain numbers and separator . characters';
const AT_LEAST_ONE = 'At least one of the following fields must be specified: ids, consumerNames, serviceDefinitions, serviceInstanceIds, createdBy';
const CONFLICT = 'Conflicting rules, the combination of the following fields should be unique: ';

const entry = (consumer: unknown, serviceInstanceId: unknown, priority: unknown) => ({ consumer, serviceInstanceId, priority });
const VALID = entry('TestConsumerB', SEED_INSTANCE, 2);
const create = (request: unknown) => parser.parseCreate(request as SimpleStoreCreateRequestDto | null);
const query = (request: unknown) => parser.parseQuery(request as SimpleStoreQueryRequestDto | null);

describe('SimpleStoreRequestParser.parseCreate', () => {
  it.each([
    ['no payload', null, 'Request payload is null'],
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
  ])('rejects %s', (_, request, message) => {
    expect(rejection(() => create(request))).toBe(message);
  });

  it('normalizes and takes the service definition from the instance id', () => {
    expect(create({ candidates: [entry(' test-consumer-b ', ' test_provider | test-service | 1.2 ', 3)] })).toEqual([
      { consumer: 'TestConsumerB', serviceInstanceId: 'TestProvider|testService|1.2.0', serviceDefinition: 'testService', priority: 3 },
    ]);
  });

  it('prefers `entries` to `candidates`', () => {
    expect(create({ entries: [VALID], candidates: [] })).toHaveLength(1);
  });
});

describe('SimpleStoreRequestParser.parseQuery', () => {
  const BOTH = ['ConsumerA', 'ConsumerB'];
  it.each([
    [null, 'Request payload is missing'],
    // Pagination first.
    [{ pagination: { direction: 'UP' } }, 'Direction is invalid. Only ASC or DESC are allowed'],
    [{ consumerNames: BOTH, pagination: { sortField: 'updatedAt' } }, 'Sort field is invalid. Only the following are allowed: [id, consumer, serviceDefinition, priority, serviceInstanceId, createdAt]'],
    // At least one filter.
    [{}, AT_LEAST_ONE],
    [{ minPriority: 1, maxPriority: 5 }, AT_LEAST_ONE],
    [{ ids: [], consumerNames: [], serviceDefinitions: [], serviceInstanceIds: [], createdBy: '  ' }, AT_LEAST_ONE],
    // ids, then the other lists' empty elements.
    [{ ids: [ID, null] }, 'Id list contains null or empty element'],
    [{ ids: ['  '] }, 'Id list contains null or empty element'],
    [{ ids: ['notanid'] }, 'Invalid UUID: notanid'],
    [{ ids: [' notanid '] }, 'Invalid UUID: notanid'],
    [{ ids: ['notanid'], consumerNames: [''] }, 'Invalid UUID: notanid'],
    [{ consumerNames: ['ConsumerA', null] }, 'Consumer name list contains null or empty element'],
    [{ consumerNames: ['ConsumerA'], serviceDefinitions: [' '] }, 'Service definition name list contains null or empty element'],
    [{ serviceInstanceIds: [null] }, 'Service instance id list contains null or empty element'],
    [{ consumerNames: [''], minPriority: 0 }, 'Consumer name list contains null or empty element'],
    // Priorities.
    [{ consumerNames: BOTH, minPriority: 0 }, 'Invalid minimum priority: should be a positive integer'],
    [{ consumerNames: BOTH, maxPriority: -1 }, 'Invalid maximum priority: should be a positive integer'],
    [{ consumerNames: BOTH, minPriority: 0, maxPriority: 0 }, 'Invalid minimum priority: should be a positive integer'],
    [{ consumerNames: BOTH, minPriority: 25, maxPriority: 1 }, 'Minimum priority should not be greater than maximum priority'],
    [{ consumerNames: ['1x'], minPriority: 0 }, 'Invalid minimum priority: should be a positive integer'],
    // Naming, after normalization: consumers, createdBy, definitions, instance ids.
    [{ consumerNames: ['ConsumerA', '1x'] }, `${SYSTEM}1x`],
    [{ createdBy: '1x' }, `${SYSTEM}1x`],
    [{ consumerNames: ['1x'], createdBy: '2y' }, `${SYSTEM}1x`],
    [{ serviceDefinitions: ['1x'], createdBy: '2y' }, `${SYSTEM}2y`],
    [{ serviceDefinitions: ['1x'] }, `${DEFINITION}1x`],
    [{ serviceDefinitions: ['1x'], serviceInstanceIds: ['A|b'] }, `${DEFINITION}1x`],
    [{ serviceInstanceIds: ['A|b'] }, `${INSTANCE_ID}A|b`],
    [{ serviceInstanceIds: ['A|b|1.x.0'] }, BAD_VERSION],
  ])('rejects %j', (request, message) => {
    expect(rejection(() => query(request))).toBe(message);
  });

  it('normalizes every filter and canonicalizes ids', () => {
    expect(
      query({
        ids: [` ${ID.toUpperCase()} `],
        consumerNames: ['consumer-a'],
        serviceDefinitions: ['Beta_Service'],
        serviceInstanceIds: ['p1|alpha|1'],
        createdBy: ' sysop ',
        minPriority: 1,
        maxPriority: 1,
      }),
    ).toEqual({
      page: { page: 0, size: 1000, direction: 'DESC', sortField: 'id' },
      ids: [ID],
      consumers: ['ConsumerA'],
      serviceDefinitions: ['betaService'],
      serviceInstanceIds: ['P1|alpha|1.0.0'],
      minPriority: 1,
      maxPriority: 1,
      createdBy: 'Sysop',
    });
  });

  it('takes a blank createdBy as absent next to a real filter', () => {
    expect(query({ consumerNames: ['A'], createdBy: ' ' }).createdBy).toBeUndefined();
  });
});

describe('SimpleStoreRequestParser.parsePriorityMap', () => {
  it.each([
    ['no payload', null, 'Priority map is null'],
    ['an array', [ID], 'Could not parse payload. Reason: a JSON object mapping record ids to priorities was expected'],
    ['a number', 5, 'Could not parse payload. Reason: a JSON object mapping record ids to priorities was expected'],
    ['an empty map', {}, 'Priority map is empty'],
    ['a non-UUID key', { notanid: 1 }, 'Invalid UUID: notanid'],
    ['a padded non-UUID key', { ' notanid ': 1 }, 'Invalid UUID: notanid'],
    ['a bad key before a null value', { [ID]: null, notanid: 1 }, 'Invalid UUID: notanid'],
    ['a null value (seed example)', { [ID]: null }, 'Priority map contains null value'],
    ['a null value before a zero', { [ID]: 0, [ID2]: null }, 'Priority map contains null value'],
    ['a string priority', { [ID]: 'x' }, 'Could not parse payload. Reason: priority "x" is not an integer'],
    ['a fraction', { [ID]: 1.5 }, 'Could not parse payload. Reason: priority 1.5 is not an integer'],
    ['a priority beyond 32 bits', { [ID]: 2147483648 }, 'Could not parse payload. Reason: priority 2147483648 is not an integer'],
    ['a boolean', { [ID]: true }, 'Could not parse payload. Reason: priority true is not an integer'],
    ['a zero priority', { [ID]: 0 }, 'Invalid priority: 0, should be positive'],
    ['a negative priority', { [ID]: 4, [ID2]: -2 }, 'Invalid priority: -2, should be positive'],
    ['a negative numeric string', { [ID]: ' -3 ' }, 'Invalid priority: -3, should be positive'],
  ])('rejects %s', (_, map, message) => {
    expect(rejection(() => parser.parsePriorityMap(map))).toBe(message);
  });

  it('canonicalizes ids and reads numeric strings (Jackson coercion)', () => {
    expect(parser.parsePriorityMap({ [` ${ID.toUpperCase()} `]: '7', [ID2]: 2 })).toEqual(
      new Map([
        [ID, 7],
        [ID2, 2],
      ]),
    );
  });
});

describe('SimpleStoreRequestParser.parseRemove', () => {
  it.each([
    ['no ids', undefined, 'UUIDs are missing'],
    ['an empty list', [], 'UUIDs are missing'],
    ['a non-UUID (after a valid one)', [ID, 'notanid'], 'Invalid UUID: notanid'],
    ['a padded non-UUID', [' notanid '], 'Invalid UUID: notanid'],
    ['a number', [5], 'Invalid UUID: 5'],
    ['a null', [null], 'Invalid UUID: null'],
  ])('rejects %s', (_, uuids, message) => {
    expect(rejection(() => parser.parseRemove(uuids as unknown[] | undefined))).toBe(message);
  });

  it('canonicalizes padded, upper-case and shortened UUIDs', () => {
    expect(parser.parseRemove([` ${ID.toUpperCase()} `, '1-2-3-4-5'])).toEqual([ID, '00000001-0002-0003-0004-000000000005']);
  });
});
