import { rejection, testConfig } from '../../test/support/unit';
import { CREATE_REFUSALS, entry, PRIORITY_MAP_REFUSALS, QUERY_REFUSALS, REMOVE_REFUSALS, VALID } from '../../test/support/cases/simple-store';
import { NameNormalizer } from '../common/naming/name-normalizer';
import { SimpleStoreCreateRequestDto, SimpleStoreQueryRequestDto } from './dto/simple-store.dto';
import { SimpleStoreRequestParser } from './simple-store-request.parser';

// SPEC-management.md §1: every rule and text of simple-store create, query, modify-priorities
// (the part that needs no stored rules) and remove, in the spec's order (the tables shared with
// the contract spec are in test/support/cases/simple-store.ts).
const parser = new SimpleStoreRequestParser(new NameNormalizer('extended'), testConfig());
const ID = '341f7626-bdee-4ec1-8cb9-23f88e04e374';
const ID2 = '7b2d1b5e-0c4f-4a59-9c49-0b7a9f3c8a10';
const create = (request: unknown) => parser.parseCreate(request as SimpleStoreCreateRequestDto | null);
const query = (request: unknown) => parser.parseQuery(request as SimpleStoreQueryRequestDto | null);

describe('SimpleStoreRequestParser.parseCreate', () => {
  it.each([
    ['no payload', null, 'Request payload is null'],
    ...CREATE_REFUSALS,
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
  it.each([
    ['no payload', null, 'Request payload is missing'],
    ...QUERY_REFUSALS,
  ])('rejects %s', (_, request, message) => {
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
    ['a number', 5, 'Could not parse payload. Reason: a JSON object mapping record ids to priorities was expected'],
    ...PRIORITY_MAP_REFUSALS,
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
    ...REMOVE_REFUSALS,
  ])('rejects %s', (_, uuids, message) => {
    expect(rejection(() => parser.parseRemove(uuids as unknown[] | undefined))).toBe(message);
  });

  it('canonicalizes padded, upper-case and shortened UUIDs', () => {
    expect(parser.parseRemove([` ${ID.toUpperCase()} `, '1-2-3-4-5'])).toEqual([ID, '00000001-0002-0003-0004-000000000005']);
  });
});
