import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LockManagementService } from './lock-management.service';

const JOB_NAME = 'lock-cleaner';

/**
 * Deletes expired locks every CLEANER_INTERVAL_MS (first run one interval after start-up). Runs
 * never overlap; failures are logged, never surfaced. Expired locks already block nothing, so
 * this only keeps the table small.
 */
@Injectable()
export class LockCleanerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LockCleanerService.name);
  private running?: Promise<void>;

  constructor(
    private readonly locks: LockManagementService,
    private readonly scheduler: SchedulerRegistry,
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

  async runOnce(): Promise<void> {
    if (this.running) {
      return;
    }
    this.running = (async () => {
      try {
        const removed = await this.locks.removeExpired();
        if (removed > 0) this.logger.log(`Removed ${removed} expired lock(s)`);
      } catch (error) {
        this.logger.error(`Lock cleanup failed: ${(error as Error).message}`);
      } finally {
        this.running = undefined;
      }
    })();
    await this.running;
  }
}
