import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TracedMessage } from './trace-context';

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

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const escapeOne = (character: string) => NAMED[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Client values (traceId, names, topics) end up in log lines: a control character in one could
 * forge a second line, hide text from a terminal, or (NUL) make PostgreSQL refuse the stored
 * record. Text logs and stored records show them escaped (`\n`, `\u0000`).
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/** Stack traces keep their line structure; everything else is escaped. */
function escapeStack(stack: string): string {
  return stack.replace(CONTROL_BUT_LINE_BREAKS, escapeOne);
}

/** A client-chosen traceId is quoted in every line of its request: bounded. */
const MAX_LOGGED_TRACE_ID = 100;
function loggedTraceId(traceId: string | undefined): string | undefined {
  if (traceId === undefined) return undefined;
  return traceId.length > MAX_LOGGED_TRACE_ID ? `${traceId.slice(0, MAX_LOGGED_TRACE_ID)}…` : traceId;
}

function textOf(message: unknown): string {
  if (message instanceof TracedMessage) return message.text;
  if (message instanceof Error) return message.message;
  return typeof message === 'string' ? message : JSON.stringify(message);
}

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
    if (this.format === 'text' && this.toConsole) super.printStackTrace(escapeStack(stack));
  }

  protected override printMessages(messages: unknown[], context = '', logLevel: LogLevel = 'log', writeStreamType?: 'stdout' | 'stderr', errorStack?: unknown): void {
    for (const message of messages) {
      this.persist(message, context, logLevel, errorStack);
      if (!this.toConsole) continue;
      const traceId = loggedTraceId(message instanceof TracedMessage ? message.traceId : undefined);
      const text = textOf(message);
      const stack = typeof errorStack === 'string' ? errorStack : message instanceof Error ? message.stack : undefined;
      if (this.format === 'json') {
        const line = { time: new Date().toISOString(), level: SEVERITY_OF[logLevel], context: context || undefined, message: text, traceId, stack };
        process[writeStreamType ?? (logLevel === 'error' || logLevel === 'fatal' ? 'stderr' : 'stdout')].write(`${JSON.stringify(line)}\n`);
      } else {
        const line = escapeControl(traceId ? `${text} [trace ${traceId}]` : text);
        super.printMessages([line], context, logLevel, writeStreamType, typeof errorStack === 'string' ? escapeStack(errorStack) : errorStack);
      }
    }
  }

  private persist(message: unknown, context: string, logLevel: LogLevel, errorStack: unknown): void {
    const severity = SEVERITY_OF[logLevel];
    if (SEVERITIES.indexOf(severity) < SEVERITIES.indexOf('INFO')) return;
    const text = textOf(message);
    const stack = typeof errorStack === 'string' ? errorStack : message instanceof Error ? (message.stack ?? null) : null;
    const record: LogRecord = {
      logId: randomUUID(),
      entryDate: new Date(),
      logger: (context || 'Application').slice(0, 100),
      severity,
      message: escapeControl(text),
      exception: stack === null ? null : escapeStack(stack),
    };
    if (this.sink) this.sink.accept(record);
    else if (this.early.length < 500) this.early.push(record);
  }
}
