import { rejection, testConfig } from '../../test/support/unit';
import { LogRequestDto } from './dto/general-management.dto';
import { GeneralManagementRequestParser } from './general-management-request.parser';

// SPEC-management.md §5: every rule and text of get-log and get-config, in the spec's order.
const parser = new GeneralManagementRequestParser(testConfig({ MAX_PAGE_SIZE: '500' }));
const parseLog = (request: unknown) => parser.parseLogQuery(request as LogRequestDto | null);
const DEFAULT_PAGE = { page: 0, size: 500, direction: 'DESC', sortField: 'entryDate' };
const FROM_TEXT = 'Invalid date time in field: from. Please use a UTC date time in ISO-8601 format';

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

  it.each([
    ['an unknown sort field', { pagination: { sortField: 'message' } }, 'Sort field is invalid. Only the following are allowed: [logId, entryDate, logger, logLevel]'],
    ['a page size above MAX_PAGE_SIZE', { pagination: { page: 0, size: 501 } }, 'The page size cannot be larger than 500'],
    ['an unparsable from', { from: 'yesterday' }, FROM_TEXT],
    ['an unparsable to', { to: '2025-13-01T00:00:00Z' }, 'Invalid date time in field: to. Please use a UTC date time in ISO-8601 format'],
    ['to before from', { from: '2025-01-02T00:00:00Z', to: '2025-01-01T00:00:00Z' }, 'Invalid time interval'],
    ['a from in the future (to is now)', { from: '2999-01-01T00:00:00Z' }, 'Invalid time interval'],
    ['an unknown severity', { severity: 'LOUD' }, 'Invalid severity is specified. Allowed values are: ALL, TRACE, DEBUG, INFO, WARN, ERROR, FATAL, OFF'],
    // Order: pagination, from, to, interval, severity.
    ['pagination before times', { pagination: { sortField: 'message' }, from: 'yesterday' }, 'Sort field is invalid. Only the following are allowed: [logId, entryDate, logger, logLevel]'],
    ['from before to', { from: 'yesterday', to: 'tomorrow' }, FROM_TEXT],
    ['times before severity', { from: 'yesterday', severity: 'LOUD' }, FROM_TEXT],
  ])('rejects %s', (_, request, message) => {
    expect(rejection(() => parseLog(request))).toBe(message);
  });
});

describe('GeneralManagementRequestParser.parseConfigKeys', () => {
  it('trims the keys and keeps each once, in the order sent', () => {
    expect(parser.parseConfigKeys(['max.page.size', ' server.port ', 'max.page.size'])).toEqual(['max.page.size', 'server.port']);
  });

  it.each([
    ['no keys', undefined, 'The list of the requested configuration keys is null or empty'],
    ['an empty list', [], 'The list of the requested configuration keys is null or empty'],
    ['a blank key', ['max.page.size', ' '], 'The list of the requested configuration keys contains a null or empty value'],
    ['a null key', [null], 'The list of the requested configuration keys contains a null or empty value'],
    ['a key that is not text', [5], 'The list of the requested configuration keys contains a null or empty value'],
  ])('rejects %s', (_, keys, message) => {
    expect(rejection(() => parser.parseConfigKeys(keys))).toBe(message);
  });
});
