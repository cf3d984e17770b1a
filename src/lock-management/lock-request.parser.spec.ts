import { rejection, testConfig } from '../../test/support/unit';
import { FUTURE, INSTANCE, lock, LOCK_CREATE_REFUSALS, LOCK_QUERY_REFUSALS, LOCK_REMOVE_REFUSALS } from '../../test/support/cases/locks';
import { SYSTEM } from '../../test/support/cases/refusal';
import { NameNormalizer } from '../common/naming/name-normalizer';
import { LockListRequestDto, LockQueryRequestDto } from './dto/lock.dto';
import { LockRequestParser } from './lock-request.parser';

// SPEC-locks.md: every rule and text of lock create, query and remove, in the spec's order (the
// tables shared with the contract spec are in test/support/cases/locks.ts).
const parser = new LockRequestParser(new NameNormalizer('extended'), testConfig());
const NOW = new Date('2026-01-01T00:00:00Z');
const JOB = '091cc9c3-e704-4d0a-8d70-96fb2c11da55';
const create = (request: unknown) => parser.parseCreate(request as LockListRequestDto | null, NOW);
const query = (request: unknown) => parser.parseQuery(request as LockQueryRequestDto | null);

describe('LockRequestParser.parseCreate', () => {
  it.each([
    ['no payload', null, 'Request payload is null'],
    ...LOCK_CREATE_REFUSALS,
  ])('rejects %s', (_, request, message) => {
    expect(rejection(() => create(request))).toBe(message);
  });

  it('normalizes names, reads offsets and keeps the request order', () => {
    expect(create({ locks: [lock(' temperature-provider2 | Kelvin_Info | 1 ', 'temperature-manager', '2099-01-01T02:00:00.500+02:00'), lock('B|c|2.1')] })).toEqual([
      { serviceInstanceId: INSTANCE, owner: 'TemperatureManager', expiresAt: new Date('2099-01-01T00:00:00.500Z') },
      { serviceInstanceId: 'B|c|2.1.0', owner: 'TemperatureManager', expiresAt: new Date(FUTURE) },
    ]);
  });

  it('accepts an expiry of exactly now', () => {
    expect(create({ locks: [lock(INSTANCE, 'A', '2026-01-01T00:00:00Z')] })).toHaveLength(1);
  });
});

describe('LockRequestParser.parseQuery', () => {
  it.each(LOCK_QUERY_REFUSALS)('rejects %s', (_, request, message) => {
    expect(rejection(() => query(request))).toBe(message);
  });

  it('takes no payload as "everything", newest id first, a page of the maximum size', () => {
    expect(query(null)).toEqual({
      page: { page: 0, size: 1000, direction: 'DESC', sortField: 'id' },
      ids: [],
      orchestrationJobIds: [],
      serviceInstanceIds: [],
      owners: [],
      expiresBefore: undefined,
      expiresAfter: undefined,
    });
  });

  it('normalizes names, canonicalizes job ids and reads the window', () => {
    const filter = query({
      ids: [3],
      orchestrationJobIds: [` ${JOB.toUpperCase()} `],
      serviceInstanceIds: ['p2|svc|1'],
      owners: ['alpha'],
      expiresBefore: ' 2099-01-01T13:00:00Z ',
      expiresAfter: '2099-01-01T10:00:00Z',
    });
    expect(filter).toMatchObject({
      ids: [3],
      orchestrationJobIds: [JOB],
      serviceInstanceIds: ['P2|svc|1.0.0'],
      owners: ['Alpha'],
      expiresBefore: new Date('2099-01-01T13:00:00Z'),
      expiresAfter: new Date('2099-01-01T10:00:00Z'),
    });
  });
});

describe('LockRequestParser.parseRemove', () => {
  it.each([
    ...LOCK_REMOVE_REFUSALS.map(([name, ids, message]): [string, string | undefined, unknown, string] => [name, 'Alpha', ids, message]),
    ['a null instance id', 'Alpha', [null], 'Service instance id list contains empty element'],
    ['an object as instance id', 'Alpha', [{}], 'Service instance id list contains empty element'],
    ['no owner', undefined, ['P1|svc|1.0.0'], 'Owner is missing'],
    ['a blank owner', ' ', ['P1|svc|1.0.0'], 'Owner is missing'],
    ['a bad owner', '1x', ['P1|svc|1.0.0'], `${SYSTEM}1x`],
    // Order: the list before the owner, the owner's name before the ids' names.
    ['no list and no owner', undefined, undefined, 'Service instance id list empty'],
    ['a bad owner and a bad id', '1x', ['P1|svc'], `${SYSTEM}1x`],
  ])('rejects %s', (_, owner, ids, message) => {
    expect(rejection(() => parser.parseRemove(owner, ids as unknown[] | undefined))).toBe(message);
  });

  it('normalizes the owner and the ids (numbers as text)', () => {
    expect(parser.parseRemove('alpha', ['p1|svc|1', 'P2|svc|2.0'])).toEqual({ owner: 'Alpha', serviceInstanceIds: ['P1|svc|1.0.0', 'P2|svc|2.0.0'] });
  });
});
