import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LockManagementService } from '../lock-management/lock-management.service';
import { StoredLogs } from '../logging/stored-logs';
import { OrchestrationJobService } from '../orchestration/orchestration-job.service';
import { SubscriptionService } from '../push/subscription.service';

const JOB_NAME = 'cleaner';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The one background clean-up (SPEC-operations.md §2), every CLEANER_INTERVAL_MS, first run one
 * interval after start-up, never two runs at once. Each table's owner removes its own rows:
 * expired subscriptions, expired locks, finished jobs older than ORCH_HISTORY_MAX_AGE_DAYS, log
 * records older than LOG_MAX_AGE_DAYS or beyond LOG_MAX_ROWS. Expired records already count for
 * nothing, so this only keeps the tables small; failures are logged, never surfaced. Every
 * replica may run it: the deletes are idempotent.
 */
@Injectable()
export class CleanerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CleanerService.name);
  private running?: Promise<void>;

  constructor(
    private readonly locks: LockManagementService,
    private readonly jobs: OrchestrationJobService,
    private readonly subscriptions: SubscriptionService,
    private readonly scheduler: SchedulerRegistry,
    private readonly logs: StoredLogs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.addInterval(JOB_NAME, setInterval(() => void this.runOnce(), this.config.cleanerIntervalMs));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', JOB_NAME)) {
      this.scheduler.deleteInterval(JOB_NAME);
    }
    await this.running;
  }

  async runOnce(now = new Date()): Promise<void> {
    if (this.running) {
      return;
    }
    this.running = (async () => {
      await this.step('expired subscriptions', () => this.subscriptions.removeExpired(now));
      await this.step('expired locks', () => this.locks.removeExpired(now));
      const cutoff = new Date(now.getTime() - this.config.orchestration.historyMaxAgeDays * DAY_MS);
      await this.step('finished jobs past retention', () => this.jobs.removeFinishedBefore(cutoff));
      const logCutoff = new Date(now.getTime() - this.config.log.maxAgeDays * DAY_MS);
      await this.step('log entries past retention', () => this.logs.removeOlderThan(logCutoff));
      await this.step('log entries over LOG_MAX_ROWS', () => this.logs.trimTo(this.config.log.maxRows));
    })().finally(() => {
      this.running = undefined;
    });
    await this.running;
  }

  private async step(what: string, remove: () => Promise<number>): Promise<void> {
    try {
      const removed = await remove();
      if (removed > 0) this.logger.log(`Removed ${removed} ${what}`);
    } catch (error) {
      this.logger.error(`Cleaning ${what} failed: ${(error as Error).message}`);
    }
  }
}
