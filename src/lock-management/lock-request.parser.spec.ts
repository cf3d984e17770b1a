import { rejection, testConfig } from '../../test/support/unit';
import { NameNormalizer } from '../common/naming/name-normalizer';
import { LockListRequestDto, LockQueryRequestDto } from './dto/lock.dto';
import { LockRequestParser } from './lock-request.parser';

// SPEC-locks.md: every rule and text of lock create, query and remove, in the spec's order.
const parser = new LockRequestParser(new NameNormalizer('extended'), testConfig());
const NOW = new Date('2026-01-01T00:00:00Z');
const FUTURE = '2099-11-08T11:24:43Z';
const INSTANCE = 'TemperatureProvider2|kelvinInfo|1.0.0';
const JOB = '091cc9c3-e704-4d0a-8d70-96fb2c11da55';
const SYSTEM = 'The specified system name does not match the naming convention: ';
const INSTANCE_ID = 'The specified service instance identifier does not match the naming convention: ';

const lock = (serviceInstanceId: string | null | undefined, owner: string | null | undefined = 'TemperatureManager', expiresAt: string | null | undefined = FUTURE) => ({
  serviceInstanceId,
  owner,
  expiresAt,
});
const create = (request: unknown) => parser.parseCreate(request as LockListRequestDto | null, NOW);
const query = (request: unknown) => parser.parseQuery(request as LockQueryRequestDto | null);

describe('LockRequestParser.parseCreate', () => {
  it.each([
    ['no payload', null, 'Request payload is null'],
    ['no list', {}, 'Request payload is empty'],
    ['a null list', { locks: null }, 'Request payload is empty'],
    ['an empty list', { locks: [] }, 'Request payload is empty'],
    ['a null entry', { locks: [lock(INSTANCE), null] }, 'Request payload contains null element'],
    ['a missing instance id', { locks: [{ owner: 'A', expiresAt: FUTURE }] }, 'Service instance id is missing'],
    ['a blank instance id', { locks: [lock('  ')] }, 'Service instance id is missing'],
    ['a missing owner', { locks: [lock(INSTANCE, null)] }, 'Owner is missing'],
    ['a blank owner', { locks: [lock(INSTANCE, '  ')] }, 'Owner is missing'],
    ['a missing expiry', { locks: [{ serviceInstanceId: INSTANCE, owner: 'A' }] }, 'Expiration time is missing'],
    ['a blank expiry', { locks: [lock(INSTANCE, 'A', ' ')] }, 'Expiration time is missing'],
    ['an unparsable expiry', { locks: [lock(INSTANCE, 'A', 'tomorrow')] }, 'Invalid expires at format: tomorrow'],
    ['a date without time', { locks: [lock(INSTANCE, 'A', '2099-01-01')] }, 'Invalid expires at format: 2099-01-01'],
    ['a past expiry', { locks: [lock(INSTANCE, 'A', '2020-01-01T00:00:00Z')] }, 'Expires at is in the past: 2020-01-01T00:00:00Z'],
    ['a two-part instance id', { locks: [lock('A|b')] }, `${INSTANCE_ID}A|b`],
    ['a bad version', { locks: [lock('A|b|1.x.0')] }, 'Version verification failure: the version should only contain numbers and separator . characters'],
    ['a bad owner', { locks: [lock(INSTANCE, '1abc')] }, `${SYSTEM}1abc`],
    ['one instance twice', { locks: [lock(INSTANCE, 'A'), lock(INSTANCE, 'B')] }, `Service instance id is requested more than once: ${INSTANCE}`],
    ['one instance twice after normalization', { locks: [lock(INSTANCE, 'A'), lock(' temperature-provider2 | kelvin_info | 1 ', 'B')] }, `Service instance id is requested more than once: ${INSTANCE}`],
    // Order: the presence checks of every entry come before any naming check.
    ['a missing owner after a bad name', { locks: [lock('A|b'), lock(INSTANCE, null)] }, 'Owner is missing'],
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
  it.each([
    [{ pagination: { size: 5 } }, 'If size parameter is defined then page parameter cannot be undefined'],
    [{ pagination: { page: 0, size: 1001 } }, 'The page size cannot be larger than 1000'],
    [{ pagination: { sortField: 'createdAt' } }, 'Sort field is invalid. Only the following are allowed: [id, owner, serviceInstanceId, expiresAt]'],
    [{ ids: [1, null] }, 'ID list contains empty element'],
    [{ orchestrationJobIds: [' '] }, 'Orchestration job id list contains empty element'],
    [{ orchestrationJobIds: [null] }, 'Orchestration job id list contains empty element'],
    [{ serviceInstanceIds: [null] }, 'Service instance id list contains empty element'],
    [{ owners: [''] }, 'Owner list contains empty element'],
    [{ orchestrationJobIds: ['abc123'] }, 'Invalid orchestration job id: abc123'],
    [{ serviceInstanceIds: ['A|b'] }, `${INSTANCE_ID}A|b`],
    [{ owners: ['1x'] }, `${SYSTEM}1x`],
    [{ expiresBefore: 'soon' }, 'Invalid expires before: soon'],
    [{ expiresAfter: '2099-13-01T00:00:00Z' }, 'Invalid expires after: 2099-13-01T00:00:00Z'],
    [{ expiresAfter: ' later ' }, 'Invalid expires after: later'],
    // Order: every empty-element check before any format check.
    [{ orchestrationJobIds: ['abc123'], owners: [' '] }, 'Owner list contains empty element'],
    [{ owners: ['1x'], serviceInstanceIds: ['A|b'] }, `${INSTANCE_ID}A|b`],
    [{ owners: ['1x'], expiresBefore: 'soon' }, `${SYSTEM}1x`],
  ])('rejects %j', (request, message) => {
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
    ['no instance ids', 'Alpha', undefined, 'Service instance id list empty'],
    ['an empty instance id list', 'Alpha', [], 'Service instance id list empty'],
    ['a blank instance id', 'Alpha', ['P1|svc|1.0.0', ' '], 'Service instance id list contains empty element'],
    ['a null instance id', 'Alpha', [null], 'Service instance id list contains empty element'],
    ['an object as instance id', 'Alpha', [{}], 'Service instance id list contains empty element'],
    ['no owner', undefined, ['P1|svc|1.0.0'], 'Owner is missing'],
    ['a blank owner', ' ', ['P1|svc|1.0.0'], 'Owner is missing'],
    ['a bad owner', '1x', ['P1|svc|1.0.0'], `${SYSTEM}1x`],
    ['a bad instance id', 'Alpha', ['P1|svc'], `${INSTANCE_ID}P1|svc`],
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
