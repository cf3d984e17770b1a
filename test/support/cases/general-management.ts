import { Refusal } from './refusal';

/**
 * generalManagement get-log and get-config (SPEC-management.md §5): every refusal of
 * GeneralManagementRequestParser with its text, in the spec's order, for MAX_PAGE_SIZE 500.
 * The parser's unit spec runs the rows against the parser,
 * test/contract/general-management.contract-spec.ts over HTTP and MQTT.
 */

const FROM_TEXT = 'Invalid date time in field: from. Please use a UTC date time in ISO-8601 format';
const LOG_SORT_FIELD_TEXT = 'Sort field is invalid. Only the following are allowed: [logId, entryDate, logger, logLevel]';

export const LOG_QUERY_REFUSALS: Refusal[] = [
  ['an unknown sort field', { pagination: { sortField: 'message' } }, LOG_SORT_FIELD_TEXT],
  ['a page size above MAX_PAGE_SIZE', { pagination: { page: 0, size: 501 } }, 'The page size cannot be larger than 500'],
  ['an unparsable from', { from: 'yesterday' }, FROM_TEXT],
  ['an unparsable to', { to: '2025-13-01T00:00:00Z' }, 'Invalid date time in field: to. Please use a UTC date time in ISO-8601 format'],
  ['to before from', { from: '2025-01-02T00:00:00Z', to: '2025-01-01T00:00:00Z' }, 'Invalid time interval'],
  ['a from in the future (to is now)', { from: '2999-01-01T00:00:00Z' }, 'Invalid time interval'],
  ['an unknown severity', { severity: 'LOUD' }, 'Invalid severity is specified. Allowed values are: ALL, TRACE, DEBUG, INFO, WARN, ERROR, FATAL, OFF'],
  // Order: pagination, from, to, interval, severity.
  ['pagination before times', { pagination: { sortField: 'message' }, from: 'yesterday' }, LOG_SORT_FIELD_TEXT],
  ['from before to', { from: 'yesterday', to: 'tomorrow' }, FROM_TEXT],
  ['times before severity', { from: 'yesterday', severity: 'LOUD' }, FROM_TEXT],
];

/** get-config: the keys (a query parameter on HTTP, the payload on MQTT). */
export const CONFIG_KEYS_REFUSALS: Refusal[] = [
  ['no keys', undefined, 'The list of the requested configuration keys is null or empty'],
  ['an empty list', [], 'The list of the requested configuration keys is null or empty'],
  ['a blank key', ['max.page.size', ' '], 'The list of the requested configuration keys contains a null or empty value'],
];
