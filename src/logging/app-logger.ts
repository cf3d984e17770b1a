import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { currentTraceId } from './trace-context';

export type LogFormat = 'json' | 'text';

/** Severities of get-log, lowest first (SPEC-management.md §5.1). */
export const SEVERITIES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'OFF'] as const;
export type Severity = (typeof SEVERITIES)[number];

const SEVERITY_OF: Record<LogLevel, Severity> = {
  verbose: 'TRACE',
  debug: 'DEBUG',
  log: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'FATAL',
};

export interface LogRecord {
  logId: string;
  entryDate: Date;
  logger: string;
  severity: Severity;
  message: string;
  exception: string | null;
}

/** Where persisted log records go (the database sink attaches itself once the database is up). */
export interface LogSink {
  accept(record: LogRecord): void;
}

/**
 * The service's logger: Nest's console output, as JSON lines (LOG_FORMAT=json: one object per
 * line with time, level, context, message, traceId) or readable text, and every INFO-or-worse
 * event handed to the log sink for get-log.
 */
export class AppLogger extends ConsoleLogger {
  private sink?: LogSink;
  /** Start-up events, kept until the database sink is there. */
  private early: LogRecord[] = [];

  constructor(
    private readonly format: LogFormat,
    levels: LogLevel[] = ['log', 'warn', 'error', 'fatal'],
    /** false: nothing on the console (tests), events still reach the sink. */
    private readonly toConsole = true,
  ) {
    super({ logLevels: levels });
  }

  /** The levels from LOG_LEVEL upwards, as Nest names them. */
  static levelsFrom(lowest: 'error' | 'warn' | 'log' | 'debug' | 'verbose'): LogLevel[] {
    const order: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
    return order.slice(order.indexOf(lowest));
  }

  attachSink(sink: LogSink | undefined): void {
    this.sink = sink;
    if (sink) this.early.splice(0).forEach((record) => sink.accept(record));
  }

  protected override printStackTrace(stack: string): void {
    // JSON lines carry the stack in their `stack` field.
    if (this.format === 'text' && this.toConsole) super.printStackTrace(stack);
  }

  protected override printMessages(messages: unknown[], context = '', logLevel: LogLevel = 'log', writeStreamType?: 'stdout' | 'stderr', errorStack?: unknown): void {
    const traceId = currentTraceId();
    for (const message of messages) {
      this.persist(message, context, logLevel, errorStack);
      if (!this.toConsole) continue;
      const text = message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message);
      const stack = typeof errorStack === 'string' ? errorStack : message instanceof Error ? message.stack : undefined;
      if (this.format === 'json') {
        const line = { time: new Date().toISOString(), level: SEVERITY_OF[logLevel], context: context || undefined, message: text, traceId, stack };
        process[writeStreamType ?? (logLevel === 'error' || logLevel === 'fatal' ? 'stderr' : 'stdout')].write(`${JSON.stringify(line)}\n`);
      } else {
        super.printMessages([traceId ? `${text} [trace ${traceId}]` : text], context, logLevel, writeStreamType, errorStack);
      }
    }
  }

  private persist(message: unknown, context: string, logLevel: LogLevel, errorStack: unknown): void {
    const severity = SEVERITY_OF[logLevel];
    if (SEVERITIES.indexOf(severity) < SEVERITIES.indexOf('INFO')) return;
    const text = message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message);
    const stack = typeof errorStack === 'string' ? errorStack : message instanceof Error ? (message.stack ?? null) : null;
    const record: LogRecord = { logId: randomUUID(), entryDate: new Date(), logger: context || 'Application', severity, message: text, exception: stack };
    if (this.sink) this.sink.accept(record);
    else if (this.early.length < 500) this.early.push(record);
  }
}
