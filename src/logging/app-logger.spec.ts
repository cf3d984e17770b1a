import { AppLogger, LogRecord } from './app-logger';
import { runWithTrace } from './trace-context';

describe('AppLogger', () => {
  let written: string[];
  let spy: jest.SpyInstance;
  beforeEach(() => {
    written = [];
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => spy.mockRestore());

  it('prints one JSON object per line with the trace id of the request being served', () => {
    const logger = new AppLogger('json');
    runWithTrace('trace-7', () => logger.log('pulled', 'OrchestrationService'));
    const line = JSON.parse(written.join(''));
    expect(line).toEqual({ time: expect.any(String), level: 'INFO', context: 'OrchestrationService', message: 'pulled', traceId: 'trace-7' });
  });

  it('keeps start-up events until the sink is there, then hands over INFO-or-worse only', () => {
    const logger = new AppLogger('json', AppLogger.levelsFrom('debug'), false);
    logger.log('early');
    logger.debug('too detailed to keep');
    const records: LogRecord[] = [];
    logger.attachSink({ accept: (record) => records.push(record) });
    logger.warn('late', 'Somewhere');
    expect(records.map((record) => [record.severity, record.message, record.logger])).toEqual([
      ['INFO', 'early', 'Application'],
      ['WARN', 'late', 'Somewhere'],
    ]);
    expect(written).toEqual([]); // console off
  });

  it('escapes control characters of client values in text lines and bounds the traceId', () => {
    const logger = new AppLogger('text');
    runWithTrace(`forged\nline${'x'.repeat(200)}`, () => logger.warn('client sent "a\u0000b\u001b[31m"', 'MqttServer'));
    const text = written.join('');
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(text).toContain('client sent "a\\u0000b\\u001b[31m"');
    expect(text).toContain(`[trace forged\\nline${'x'.repeat(100 - 'forged\nline'.length)}…]`);
  });

  it('stores records with control characters escaped (PostgreSQL refuses NUL in text)', () => {
    const logger = new AppLogger('json', undefined, false);
    const records: LogRecord[] = [];
    logger.attachSink({ accept: (record) => records.push(record) });
    logger.warn('name "a\u0000b\nc"');
    expect(records[0].message).toBe('name "a\\u0000b\\nc"');
  });

  it('maps LOG_LEVEL to the levels from it upwards', () => {
    expect(AppLogger.levelsFrom('warn')).toEqual(['warn', 'error', 'fatal']);
  });
});
