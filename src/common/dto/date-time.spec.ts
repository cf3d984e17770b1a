import { formatDateTime, parseDateTime } from './date-time';

// SPEC.md §8.3 DateTime: ISO-8601 instant, parsed like Java's ISO_INSTANT, written as UTC `...Z`.
describe('parseDateTime', () => {
  it.each([
    ['2025-11-08T11:24:43Z', '2025-11-08T11:24:43.000Z'],
    ['2025-11-08T00:00:00Z', '2025-11-08T00:00:00.000Z'],
    ['2025-11-08T23:59:59Z', '2025-11-08T23:59:59.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
  ])('accepts the UTC instant %j', (text, iso) => {
    expect(parseDateTime(text)?.toISOString()).toBe(iso);
  });

  it.each([
    ['2025-11-08T12:00:00.1Z', '2025-11-08T12:00:00.100Z'],
    ['2025-11-08T12:00:00.123Z', '2025-11-08T12:00:00.123Z'],
    ['2025-11-08T12:00:00.123456Z', '2025-11-08T12:00:00.123Z'],
    ['2025-11-08T12:00:00.123456789Z', '2025-11-08T12:00:00.123Z'],
  ])('accepts optional fractional seconds: %j', (text, iso) => {
    expect(parseDateTime(text)?.toISOString()).toBe(iso);
  });

  it.each([
    ['2025-11-08T13:24:43+02:00', '2025-11-08T11:24:43.000Z'],
    ['2025-11-08T06:24:43-05:00', '2025-11-08T11:24:43.000Z'],
    ['2025-11-08T11:24:43+00:00', '2025-11-08T11:24:43.000Z'],
    ['2025-11-08T16:54:43+05:30', '2025-11-08T11:24:43.000Z'],
    ['2025-11-09T01:00:00+02:00', '2025-11-08T23:00:00.000Z'],
    ['2025-11-08T22:00:00-03:00', '2025-11-09T01:00:00.000Z'],
    ['2025-11-08T13:24:43.5+02:00', '2025-11-08T11:24:43.500Z'],
  ])('converts the numeric offset of %j to UTC', (text, iso) => {
    expect(parseDateTime(text)?.toISOString()).toBe(iso);
  });

  it.each([
    ['2025-13-08T11:24:43Z', 'month 13'],
    ['2025-00-08T11:24:43Z', 'month 0'],
    ['2025-02-30T11:24:43Z', 'February 30'],
    ['2025-02-29T11:24:43Z', 'February 29 in a non-leap year'],
    ['2025-04-31T11:24:43Z', 'April 31'],
    ['2025-11-00T11:24:43Z', 'day 0'],
    ['2025-11-08T25:00:00Z', 'hour 25'],
    ['2025-11-08T11:60:00Z', 'minute 60'],
  ])('rejects the invalid calendar value %j (%s)', (text) => {
    expect(parseDateTime(text)).toBeNull();
  });

  it.each([
    ['2025-11-08', 'date only'],
    ['2025-11-08T11:24:43', 'local date-time without zone'],
    ['2025-11-08T11:24', 'no seconds, no zone'],
    ['2025-11-08 11:24:43Z', 'space instead of T'],
    ['tomorrow', 'free text'],
    ['', 'empty'],
    ['1762601083', 'epoch seconds'],
    ['2025-11-08T11:24:43Z ', 'trailing space'],
    ['2025-11-08T11:24:43Europe/Budapest', 'zone id'],
  ])('rejects the non-instant %j (%s)', (text) => {
    expect(parseDateTime(text)).toBeNull();
  });
});

describe('formatDateTime', () => {
  it.each([
    ['2025-11-08T11:24:43.000Z', '2025-11-08T11:24:43Z'],
    ['2025-11-08T12:00:00.123Z', '2025-11-08T12:00:00Z'],
    ['2025-11-08T12:00:00.999Z', '2025-11-08T12:00:00Z'],
    ['1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00Z'],
  ])('%j → %j (UTC, whole seconds, Z)', (iso, expected) => {
    expect(formatDateTime(new Date(iso))).toBe(expected);
  });

  it('always writes UTC, whatever the offset the value was parsed with', () => {
    const parsed = parseDateTime('2025-11-08T13:24:43.654321+02:00');
    expect(parsed).not.toBeNull();
    expect(formatDateTime(parsed as Date)).toBe('2025-11-08T11:24:43Z');
  });

  it('round-trips a whole-second instant', () => {
    const text = '2025-11-08T11:24:43Z';
    expect(formatDateTime(parseDateTime(text) as Date)).toBe(text);
  });

  it('matches the wire format YYYY-MM-DDTHH:MM:SSZ', () => {
    expect(formatDateTime(new Date())).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});
