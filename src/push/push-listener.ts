import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PUSH_JOB_CHANNEL } from './push-queue';
import { PushWakeUp } from './push-wake-up';

/** How the listener shows in pg_stat_activity. */
export const PUSH_LISTENER_APPLICATION_NAME = 'arrowhead-orchestration-push-listener';
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

/**
 * Wakes the dispatcher when any replica queues a push job: LISTEN on PUSH_JOB_CHANNEL over a
 * connection of its own (a pooled one would be handed to other queries). While that connection is
 * down, it reconnects with back-off and the dispatcher's polling (PUSH_POLL_INTERVAL_MS) finds the
 * jobs; once back, it wakes the dispatcher for what was queued meanwhile.
 *
 * Only on a configured PostgreSQL: pglite-socket serves the embedded PGlite on one connection
 * (the pool's) and refuses a second, and that database belongs to this one process, whose own
 * enqueues wake the dispatcher directly.
 */
@Injectable()
export class PushListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PushListener.name);
  private client?: Client;
  private timer?: NodeJS.Timeout;
  private closed = false;
  private retryMs = FIRST_RETRY_MS;
  /** Reconnection attempts in the current outage (none: no outage). */
  private outage?: { attempts: number };

  constructor(
    private readonly wakeUp: PushWakeUp,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The backend process of the listening connection, while it is up (for diagnostics and tests). */
  get backendPid(): number | undefined {
    return (this.client as { processID?: number } | undefined)?.processID;
  }

  onApplicationBootstrap(): void {
    if (this.config.database.url) void this.connect();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.outage) this.outage.attempts++;
    const client = new Client({
      connectionString: this.config.database.url,
      application_name: PUSH_LISTENER_APPLICATION_NAME,
      // A connection that silently died (network, not the server) must be noticed, too.
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
    });
    client.on('notification', () => this.wakeUp.wake());
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the connection was closed')));
    try {
      await client.connect();
      await client.query(`LISTEN ${PUSH_JOB_CHANNEL}`);
    } catch (error) {
      discard(client);
      this.retry(error as Error);
      return;
    }
    if (this.closed) {
      discard(client);
      return;
    }
    this.client = client;
    this.retryMs = FIRST_RETRY_MS;
    if (this.outage) {
      this.logger.log(`Listening for queued push jobs again (after ${this.outage.attempts} reconnection attempt(s))`);
      this.outage = undefined;
    }
    // Jobs queued while nobody listened here are found now, not at the next poll.
    this.wakeUp.wake();
  }

  private lost(client: Client, error: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    discard(client);
    this.retry(error);
  }

  /** One warning per outage; the attempts in between are quiet. */
  private retry(error: Error): void {
    if (this.closed) return;
    if (!this.outage) {
      this.outage = { attempts: 0 };
      this.logger.warn(
        `Not listening for queued push jobs (${error.message}); reconnecting, and polling every ${this.config.push.pollIntervalMs} ms meanwhile`,
      );
    }
    this.timer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}

/** Closes a connection no longer wanted; its late errors have nobody to tell. */
function discard(client: Client): void {
  client.removeAllListeners();
  client.on('error', () => undefined);
  void client.end().catch(() => undefined);
}
