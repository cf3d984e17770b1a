import type { JobRecord } from '../orchestration/orchestration-job.repository';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OrchestrationService } from '../orchestration/orchestration.service';
import { HttpNotifier, MqttNotifier, NotificationError } from './notifiers';
import { MetricsService } from '../metrics/metrics.service';
import { PushQueue } from './push-queue';
import { PushWakeUp } from './push-wake-up';
import { SubscriptionRepository } from './subscription.repository';

/**
 * Runs queued push jobs with at most PUSH_MAX_WORKERS at a time (SPEC-orchestration.md §6).
 * Jobs come from the database, so every replica takes part and a job runs once. It looks for
 * work when woken (PushWakeUp: an enqueue on this replica, or on any replica through PushListener),
 * after every finished job, and every PUSH_POLL_INTERVAL_MS in case a wake-up was missed.
 */
@Injectable()
export class PushDispatcher implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PushDispatcher.name);
  private readonly running = new Set<Promise<void>>();
  private started = false;
  private claiming = false;
  private wakeRequested = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly queue: PushQueue,
    private readonly subscriptions: SubscriptionRepository,
    wakeUp: PushWakeUp,
    private readonly orchestration: OrchestrationService,
    private readonly mqtt: MqttNotifier,
    private readonly http: HttpNotifier,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    wakeUp.onWake(() => this.wake());
  }

  /** Called once HTTP and MQTT are up, so that a notification never finds the broker missing. */
  start(): void {
    this.started = true;
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Finish what is running (its notifications still need the broker), take nothing new.
    this.started = false;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.running]);
  }

  /** Look for work now (and again after every finished job, and every poll interval). */
  wake(): void {
    if (!this.started) return;
    if (this.claiming) {
      this.wakeRequested = true;
      return;
    }
    void this.fill();
  }

  private async fill(): Promise<void> {
    this.claiming = true;
    clearTimeout(this.timer);
    try {
      do {
        this.wakeRequested = false;
        while (this.started && this.running.size < this.config.push.maxWorkers) {
          const free = this.config.push.maxWorkers - this.running.size;
          const jobs = await this.queue.claim(free, this.config.push.leaseMs);
          for (const job of jobs) {
            const run: Promise<void> = this.execute(job).finally(() => {
              this.running.delete(run);
              this.wake();
            });
            this.running.add(run);
          }
          if (jobs.length < free) break;
        }
      } while (this.wakeRequested && this.started);
    } catch (error) {
      this.logger.error(`Could not claim push jobs: ${(error as Error).message}`);
    } finally {
      this.claiming = false;
      if (this.started) this.timer = setTimeout(() => this.wake(), this.config.push.pollIntervalMs);
    }
  }

  /**
   * Runs a claimed job while renewing its lease every third of PUSH_LEASE_MS, so that a long
   * delivery keeps it. If the lease is lost anyway (this replica stalled past it and another one
   * took the job over), the delivery is stopped and its outcome dropped: the finish is fenced by
   * the claim token.
   */
  private async execute(job: JobRecord): Promise<void> {
    const leaseMs = this.config.push.leaseMs;
    const lost = new AbortController();
    const renewal = setInterval(() => {
      this.queue.renew(job, leaseMs).then(
        (held) => {
          if (!held && !lost.signal.aborted) lost.abort();
        },
        (error: Error) => this.logger.warn(`Could not renew the lease of push job ${job.id}: ${error.message}`),
      );
    }, Math.floor(leaseMs / 3));
    try {
      await this.run(job, lost.signal);
    } finally {
      clearInterval(renewal);
    }
  }

  private async run(job: JobRecord, lost: AbortSignal): Promise<void> {
    let protocol = 'NONE';
    const finish = async (status: 'DONE' | 'ERROR', message: string) => {
      const held = await this.queue.finish(job, status, message);
      if (protocol !== 'NONE') this.metrics.recordPush(protocol, held ? status : 'LEASE_LOST');
      if (!held) {
        this.logger.warn(`Push job ${job.id} was taken over by another replica; its outcome here (${status}) is dropped`);
      }
    };
    try {
      if (!job.subscriptionId) {
        await finish('ERROR', `Orchestration job ${job.id} has no subscription id`);
        return;
      }
      const subscription = await this.subscriptions.findById(job.subscriptionId);
      if (!subscription) {
        await finish('ERROR', `Orchestration job ${job.id} has no subscription with ${job.subscriptionId} subscription id`);
        return;
      }
      protocol = subscription.notifyProtocol;
      const results = await this.orchestration.orchestrate(job.targetSystem, subscription.orchestrationRequest);
      const response = { results, warnings: subscription.orchestrationRequest.warnings };
      try {
        if (subscription.notifyProtocol.startsWith('MQTT')) await this.mqtt.notify(subscription, response);
        else await this.http.notify(subscription, response, lost);
      } catch (error) {
        if (!(error instanceof NotificationError)) throw error;
        await finish('ERROR', error.message);
        return;
      }
      await finish('DONE', `${results.length} local result(s)`);
    } catch (error) {
      this.logger.error(`Push job ${job.id} failed: ${(error as Error).message}`);
      await finish('ERROR', (error as Error).message).catch(() => undefined);
    }
  }
}
