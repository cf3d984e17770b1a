import { AppLogger, LogRecord } from './app-logger';
import { traced } from './trace-context';

describe('AppLogger', () => {
  let written: string[];
  let spies: jest.SpyInstance[];
  beforeEach(() => {
    written = [];
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
  });
  afterEach(() => spies.forEach((spy) => spy.mockRestore()));

  it('prints one JSON object per line with the trace id of the request the line is about', () => {
    const logger = new AppLogger('json');
    logger.log(traced('trace-7', 'pulled'), 'OrchestrationService');
    logger.error(traced('trace-8', 'failed'), 'Error: failed\n    at somewhere (file.js:1:2)', 'OrchestrationService');
    logger.warn('about no request');
    const lines = written.join('').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { time: expect.any(String), level: 'INFO', context: 'OrchestrationService', message: 'pulled', traceId: 'trace-7' },
      { time: expect.any(String), level: 'ERROR', context: 'OrchestrationService', message: 'failed', traceId: 'trace-8', stack: 'Error: failed\n    at somewhere (file.js:1:2)' },
      { time: expect.any(String), level: 'WARN', message: 'about no request' },
    ]);
  });

  it('stores a traced line with its text, as any other', () => {
    const logger = new AppLogger('json', undefined, false);
    const records: LogRecord[] = [];
    logger.attachSink({ accept: (record) => records.push(record) });
    logger.warn(traced('trace-9', 'Blacklist check failed'), 'BlacklistFilter');
    expect(records.map((record) => [record.severity, record.message, record.logger])).toEqual([['WARN', 'Blacklist check failed', 'BlacklistFilter']]);
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
    logger.warn(traced(`forged\nline${'x'.repeat(200)}`, 'client sent "a\u0000b\u001b[31m"'), 'MqttServer');
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
