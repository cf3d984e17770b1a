import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppLogger, LogRecord, LogSink } from './app-logger';
import { LogEntry } from './log-entry.entity';

export const APP_LOGGER = Symbol('APP_LOGGER');

const FLUSH_INTERVAL_MS = 1000;
const MAX_BUFFERED = 5000;

/**
 * Keeps INFO-or-worse log events in the database for get-log, written in batches once a second
 * so that logging never waits on the database. If the database is unreachable, events are kept
 * (up to a bound) and the failure goes to stderr, not back into the log.
 */
@Injectable()
export class LogPersistenceService implements LogSink, OnModuleInit, OnApplicationShutdown {
  private buffer: LogRecord[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
    if (this.buffer.length >= MAX_BUFFERED) this.buffer.shift();
    this.buffer.push(record);
  }

  /** Writes what is buffered; resolves when it is stored (get-log then sees it). */
  async flush(): Promise<void> {
    await this.flushing;
    if (this.buffer.length === 0 || !this.dataSource.isInitialized) return;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.dataSource
      .getRepository(LogEntry)
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
