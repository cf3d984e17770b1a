import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AppLogger, LogRecord, LogSink } from './app-logger';
import { LogEntry } from './log-entry.entity';

export const APP_LOGGER = Symbol('APP_LOGGER');

const FLUSH_INTERVAL_MS = 1000;
const MAX_BUFFERED = 5000;
/** Stored records per second: a backstop for floods the sources do not rate-limit themselves. */
const MAX_STORED_PER_SECOND = 100;

/**
 * Keeps INFO-or-worse log events in the database for get-log, written in batches once a second
 * so that logging never waits on the database. If the database is unreachable, events are kept
 * (up to a bound) and the failure goes to stderr, not back into the log. At most
 * MAX_STORED_PER_SECOND records a second are kept; a summary record counts what was dropped, so
 * that no flood of requests, however it gets logged, turns into the same flood of rows (the
 * cleaner caps the table at LOG_MAX_ROWS as well).
 */
@Injectable()
export class LogPersistenceService implements LogSink, OnModuleInit, OnApplicationShutdown {
  private buffer: LogRecord[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private second = 0;
  private acceptedThisSecond = 0;
  private dropped = 0;

  constructor(
    @InjectRepository(LogEntry) private readonly logs: Repository<LogEntry>,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  onModuleInit(): void {
    this.logger.attachSink(this);
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.logger.attachSink(undefined);
    await this.flush();
  }

  accept(record: LogRecord): void {
    this.turnSecond(record.entryDate.getTime());
    if (this.acceptedThisSecond >= MAX_STORED_PER_SECOND) {
      this.dropped++;
      return;
    }
    this.acceptedThisSecond++;
    this.keep(record);
  }

  private keep(record: LogRecord): void {
    if (this.buffer.length >= MAX_BUFFERED) this.buffer.shift();
    this.buffer.push(record);
  }

  /** A new second: the count starts again, and what the last one dropped is reported in one record. */
  private turnSecond(now: number): void {
    const second = Math.floor(now / 1000);
    if (second === this.second) return;
    this.second = second;
    this.acceptedThisSecond = 0;
    if (this.dropped === 0) return;
    this.keep({
      logId: randomUUID(),
      entryDate: new Date(now),
      logger: LogPersistenceService.name,
      severity: 'WARN',
      message: `${this.dropped} log record(s) not stored: more than ${MAX_STORED_PER_SECOND} a second`,
      exception: null,
    });
    this.dropped = 0;
  }

  /** Writes what is buffered; resolves when it is stored (get-log then sees it). */
  async flush(): Promise<void> {
    this.turnSecond(Date.now());
    await this.flushing;
    if (this.buffer.length === 0 || !this.logs.manager.connection.isInitialized) return;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.logs
      .insert(batch.map(({ severity, ...record }) => ({ ...record, logLevel: severity })))
      .then(() => undefined)
      .catch((error: Error) => {
        this.buffer = [...batch, ...this.buffer].slice(-MAX_BUFFERED);
        process.stderr.write(`Could not store ${batch.length} log entries: ${error.message}\n`);
      })
      .finally(() => {
        this.flushing = undefined;
      });
    await this.flushing;
  }
}
