import type { Repository } from 'typeorm';
import { AppLogger, LogRecord } from './app-logger';
import { LogEntry } from './log-entry.entity';
import { LogPersistenceService } from './log-persistence.service';

const record = (at: number, message: string): LogRecord => ({
  logId: message,
  entryDate: new Date(at),
  logger: 'Test',
  severity: 'WARN',
  message,
  exception: null,
});

describe('LogPersistenceService', () => {
  it('keeps at most 100 records a second and stores one summary of what it dropped', () => {
    const table = { manager: { connection: { isInitialized: false } } } as unknown as Repository<LogEntry>;
    const service = new LogPersistenceService(table, new AppLogger('text', undefined, false));
    const second = Date.UTC(2026, 0, 1, 12, 0, 0);
    for (let index = 0; index < 250; index++) service.accept(record(second + 500, `flood ${index}`));
    service.accept(record(second + 1500, 'next second'));
    const buffered = (service as unknown as { buffer: LogRecord[] }).buffer;
    expect(buffered).toHaveLength(102);
    expect(buffered.slice(0, 100).map((entry) => entry.message)).toEqual(Array.from({ length: 100 }, (_, index) => `flood ${index}`));
    expect(buffered[100]).toMatchObject({ severity: 'WARN', logger: 'LogPersistenceService', message: '150 log record(s) not stored: more than 100 a second' });
    expect(buffered[101].message).toBe('next second');
  });
});
