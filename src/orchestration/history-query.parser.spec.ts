import { rejection, testConfig } from '../../test/support/unit';
import { EVERY_JOB, HISTORY_QUERY_REFUSALS } from '../../test/support/cases/orchestration';
import { NameNormalizer } from '../common/naming/name-normalizer';
import { HistoryQueryRequestDto } from './dto/history.dto';
import { HistoryQueryParser } from './history-query.parser';

// SPEC-management.md §4: every rule and text of the history query, in the spec's order (the table
// shared with the contract spec is in test/support/cases/orchestration.ts).
const parser = new HistoryQueryParser(new NameNormalizer('extended'), testConfig());
const JOB = '091cc9c3-e704-4d0a-8d70-96fb2c11da55';
const query = (request: unknown) => parser.parseQuery(request as HistoryQueryRequestDto | null);

describe('HistoryQueryParser.parseQuery', () => {
  it.each(HISTORY_QUERY_REFUSALS)('rejects %s', (_, request, message) => {
    expect(rejection(() => query(request))).toBe(message);
  });

  it('normalizes every filter; no payload means everything, newest first', () => {
    expect(query(null)).toEqual(EVERY_JOB);
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
