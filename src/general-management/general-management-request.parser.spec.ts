import { rejection, testConfig } from '../../test/support/unit';
import { CONFIG_KEYS_REFUSALS, LOG_QUERY_REFUSALS } from '../../test/support/cases/general-management';
import { LogRequestDto } from './dto/general-management.dto';
import { GeneralManagementRequestParser } from './general-management-request.parser';

// SPEC-management.md §5: every rule and text of get-log and get-config, in the spec's order (the
// tables shared with the contract spec are in test/support/cases/general-management.ts).
const parser = new GeneralManagementRequestParser(testConfig({ MAX_PAGE_SIZE: '500' }));
const parseLog = (request: unknown) => parser.parseLogQuery(request as LogRequestDto | null);
const DEFAULT_PAGE = { page: 0, size: 500, direction: 'DESC', sortField: 'entryDate' };

describe('GeneralManagementRequestParser.parseLogQuery', () => {
  it('reads no request as everything up to now, newest first, any severity and logger', () => {
    const before = Date.now();
    const query = parseLog(null);
    expect(query).toEqual({ page: DEFAULT_PAGE, from: new Date(0), to: expect.any(Date), severity: 'ALL', logger: null });
    expect(query.to.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('normalizes severity (upper case) and logger (trimmed; loggerStr when logger is absent)', () => {
    expect(parseLog({ severity: ' warn ', loggerStr: ' Boot ', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', pagination: { page: 1, size: 5, sortField: 'logLevel', direction: 'asc' } })).toEqual({
      page: { page: 1, size: 5, direction: 'ASC', sortField: 'logLevel' },
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-01-02T00:00:00Z'),
      severity: 'WARN',
      logger: 'Boot',
    });
    expect(parseLog({ logger: 'Own', loggerStr: 'Other' }).logger).toBe('Own');
    expect(parseLog({ logger: '  ' }).logger).toBeNull();
    expect(parseLog({ severity: 'all' }).severity).toBe('ALL');
  });

  it.each(LOG_QUERY_REFUSALS)('rejects %s', (_, request, message) => {
    expect(rejection(() => parseLog(request))).toBe(message);
  });
});

describe('GeneralManagementRequestParser.parseConfigKeys', () => {
  it('trims the keys and keeps each once, in the order sent', () => {
    expect(parser.parseConfigKeys(['max.page.size', ' server.port ', 'max.page.size'])).toEqual(['max.page.size', 'server.port']);
  });

  it.each([
    ...CONFIG_KEYS_REFUSALS,
    ['a null key', [null], 'The list of the requested configuration keys contains a null or empty value'],
    ['a key that is not text', [5], 'The list of the requested configuration keys contains a null or empty value'],
  ])('rejects %s', (_, keys, message) => {
    expect(rejection(() => parser.parseConfigKeys(keys as unknown[] | undefined))).toBe(message);
  });
});
