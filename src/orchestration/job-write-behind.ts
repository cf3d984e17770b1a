import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { OrchestrationJob } from './entities/orchestration-job.entity';
import { OrchestrationJobRepository } from './orchestration-job.repository';

/** Rows per INSERT: one statement, one round trip, one commit for a whole batch. */
const MAX_BATCH = 1000;
/** While writes keep failing, one log line per this period (each failure is still counted). */
const FAILURE_LOG_MS = 10_000;

/**
 * Pull job records written behind (issue 11): a pull hands over its job in its final state (DONE,
 * or ERROR with the message) and answers at once; the records go to the database in multi-row
 * inserts at least every flush interval, and at shutdown. The buffer is bounded: when it is full,
 * a pull waits for the next flush to make room (back-pressure) instead of growing memory. A failed
 * flush keeps its rows, is logged and counted, and is retried on the next tick; it never fails
 * the pull. Readers of the history flush first (see `flush`).
 */
@Injectable()
export class JobWriteBehind implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobWriteBehind.name);
  private buffer: OrchestrationJob[] = [];
  /** Pulls waiting for room, woken in order after each successful flush. */
  private waiting: (() => void)[] = [];
  /** The flush in progress (flushes run one after another). */
  private chain: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private closed = false;
  /** Failed attempts since the last successful write, and when the last one was logged. */
  private failedAttempts = 0;
  private lastFailureLogged = 0;

  constructor(
    private readonly jobs: OrchestrationJobRepository,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.config.orchestration.jobFlushIntervalMs);
    this.timer.unref();
  }

  /** Hands over a finished job; resolves once it is buffered (or, after shutdown began, written). */
  async record(job: OrchestrationJob): Promise<void> {
    while (!this.closed && this.buffer.length >= this.config.orchestration.jobBufferSize) {
      await new Promise<void>((wake) => this.waiting.push(wake));
    }
    this.buffer.push(job);
    if (this.closed) {
      // Shutting down: no timer any more, so write it now (a failure is logged, not the pull's).
      await this.flush();
    }
  }

  /** Jobs handed over and not yet written (for tests and diagnostics). */
  get pending(): number {
    return this.buffer.length;
  }

  /**
   * Writes everything buffered before this call (queued behind a flush in progress). A history
   * query calls this first, so it sees every pull this replica answered. Never rejects: a failure
   * is logged and counted, and the rows stay for the next attempt.
   */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.writeAll());
    return this.chain;
  }

  private async writeAll(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.slice(0, MAX_BATCH);
      try {
        await this.jobs.insertFinished(batch);
      } catch (error) {
        this.failed(error as Error);
        return;
      }
      if (this.failedAttempts > 0) {
        this.logger.log(`Orchestration job records are written again, after ${this.failedAttempts} failed attempt(s)`);
        this.failedAttempts = 0;
      }
      this.buffer.splice(0, batch.length);
      for (const wake of this.waiting.splice(0, batch.length)) wake();
    }
  }

  /** Counted every time; logged at the first failure and then at most every FAILURE_LOG_MS (retries run every flush interval). */
  private failed(error: Error): void {
    this.metrics.recordJobFlushFailure();
    this.failedAttempts++;
    const now = Date.now();
    if (this.failedAttempts === 1 || now - this.lastFailureLogged >= FAILURE_LOG_MS) {
      this.lastFailureLogged = now;
      this.logger.error(
        `Could not write ${this.buffer.length} orchestration job record(s) (attempt ${this.failedAttempts}), will retry: ${error.message}`,
      );
    }
  }

  /** Before the database closes: stop the timer and write what is left (a few attempts). */
  async beforeApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    for (let attempt = 0; attempt < 3 && this.buffer.length > 0; attempt++) {
      await this.flush();
    }
    if (this.buffer.length > 0) {
      this.logger.error(`${this.buffer.length} orchestration job record(s) could not be written before shutdown`);
    }
    for (const wake of this.waiting.splice(0)) wake();
  }
}
