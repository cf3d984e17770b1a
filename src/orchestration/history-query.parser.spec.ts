import { rejection, testConfig } from '../../test/support/unit';
import { NameNormalizer } from '../common/naming/name-normalizer';
import { HistoryQueryRequestDto } from './dto/history.dto';
import { HistoryQueryParser } from './history-query.parser';

// SPEC-management.md §4: every rule and text of the history query, in the spec's order.
const parser = new HistoryQueryParser(new NameNormalizer('extended'), testConfig());
const JOB = '091cc9c3-e704-4d0a-8d70-96fb2c11da55';
const SYSTEM = 'The specified system name does not match the naming convention: ';
const query = (request: unknown) => parser.parseQuery(request as HistoryQueryRequestDto | null);

describe('HistoryQueryParser.parseQuery', () => {
  it.each([
    [{ pagination: { sortField: 'status' } }, 'Sort field is invalid. Only the following are allowed: [id, createdAt, startedAt, finishedAt]'],
    [{ ids: [' '] }, 'UUID is missing'],
    [{ ids: [null] }, 'UUID is missing'],
    [{ ids: ['abc123'] }, 'Invalid orchestration job id: abc123'],
    [{ ids: [' abc123 '] }, 'Invalid orchestration job id: abc123'],
    [{ statuses: [''] }, 'Status list contains empty element'],
    [{ statuses: ['FINISHED'] }, 'Invalid status: FINISHED'],
    [{ statuses: [' finished '] }, 'Invalid status: finished'],
    [{ type: 'POLL' }, 'Invalid type: POLL'],
    [{ requesterSystems: [null] }, 'Requester system list contains empty element'],
    [{ targetSystems: [''] }, 'Target system list contains empty element'],
    [{ serviceDefinitions: [' '] }, 'Service definition list contains empty element'],
    [{ subscriptionIds: [''] }, 'UUID is missing'],
    [{ subscriptionIds: ['nope'] }, 'Invalid subscription id: nope'],
    [{ requesterSystems: ['1abc'] }, `${SYSTEM}1abc`],
    [{ targetSystems: ['2abc'] }, `${SYSTEM}2abc`],
    [{ serviceDefinitions: ['1kelvin'] }, 'The specified service definition name does not match the naming convention: 1kelvin'],
    // Order: ids, statuses, type, empty elements, subscription ids, then names (requesters, targets, definitions).
    [{ ids: ['abc'], statuses: [''] }, 'Invalid orchestration job id: abc'],
    [{ statuses: ['X'], type: 'Y' }, 'Invalid status: X'],
    [{ type: 'Y', requesterSystems: [''] }, 'Invalid type: Y'],
    [{ requesterSystems: ['1abc'], subscriptionIds: ['nope'] }, 'Invalid subscription id: nope'],
    [{ targetSystems: ['2abc'], requesterSystems: ['1abc'] }, `${SYSTEM}1abc`],
    [{ serviceDefinitions: ['1kelvin'], targetSystems: ['2abc'] }, `${SYSTEM}2abc`],
  ])('rejects %j', (request, message) => {
    expect(rejection(() => query(request))).toBe(message);
  });

  it('normalizes every filter; no payload means everything, newest first', () => {
    expect(query(null)).toEqual({
      page: { page: 0, size: 1000, direction: 'DESC', sortField: 'id' },
      ids: [],
      statuses: [],
      type: undefined,
      requesterSystems: [],
      targetSystems: [],
      serviceDefinitions: [],
      subscriptionIds: [],
    });
    expect(
      query({
        ids: [JOB.toUpperCase()],
        statuses: [' in_progress ', 'done'],
        type: ' push ',
        requesterSystems: ['temperature-consumer'],
        targetSystems: ['sysop'],
        serviceDefinitions: ['Kelvin_Info'],
        subscriptionIds: [` ${JOB} `],
      }),
    ).toMatchObject({
      ids: [JOB],
      statuses: ['IN_PROGRESS', 'DONE'],
      type: 'PUSH',
      requesterSystems: ['TemperatureConsumer'],
      targetSystems: ['Sysop'],
      serviceDefinitions: ['kelvinInfo'],
      subscriptionIds: [JOB],
    });
  });
});
