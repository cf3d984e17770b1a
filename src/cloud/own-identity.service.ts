import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CloudJoinError, CoreCallError } from './core-call.error';
import { CoreSystemsClient, OwnIdentityTokens } from './core-systems.client';
import { OwnIdentitySessions, StoredSession } from './own-identity-sessions';

const MAX_TOKEN_LENGTH = 2048;

/**
 * This system's own identity under the `outsourced` policy (SPEC-cloud.md §5): logs in at
 * start-up, renews before the token expires, logs in once more after a 401, logs out at
 * shutdown. Authentication keeps one session per system name, so replicas share it through the
 * database (`own_identity_session`) and log in under an advisory lock instead of cancelling each
 * other's tokens.
 */
@Injectable()
export class OwnIdentity implements OwnIdentityTokens, OnModuleDestroy {
  private readonly logger = new Logger(OwnIdentity.name);
  private session?: StoredSession;
  private timer?: NodeJS.Timeout;
  private recovery?: Promise<string | undefined>;
  private lastRecoveryLogin = 0;
  private loggedOut = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly client: CoreSystemsClient,
    private readonly sessions: OwnIdentitySessions,
  ) {
    if (this.enabled) client.useOwnIdentity(this);
  }

  get enabled(): boolean {
    return this.config.auth.policy === 'outsourced';
  }

  token(): string | undefined {
    return this.session?.token;
  }

  /** The first login, before anything else talks to the cloud; retried like the registry's connection check. */
  async start(): Promise<void> {
    if (!this.enabled) return;
    const { connectAttempts, retryIntervalMs } = this.config.cloud;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.underLock(async () => this.store(await this.login()));
        break;
      } catch (error) {
        const failure = error as CoreCallError;
        if (failure.status === 401 || failure.status === 400) {
          throw new CloudJoinError(`Login to the Authentication system failed: ${failure.errorMessage ?? failure.message}`);
        }
        if (attempt >= connectAttempts) {
          throw new CloudJoinError(`Login to the Authentication system failed after ${attempt} attempts: ${failure.message}`);
        }
        this.logger.warn(`Login to the Authentication system failed (attempt ${attempt} of ${connectAttempts}), trying again in ${retryIntervalMs} ms: ${failure.message}`);
        await new Promise((resolve) => setTimeout(resolve, retryIntervalMs));
      }
    }
    this.logger.log('Logged in to the Authentication system');
    this.timer = setInterval(() => void this.renewIfDue(), this.config.cloud.loginIntervalMs);
    this.timer.unref();
  }

  /** SPEC-cloud.md §5.3: after a 401 on a call with `failed`, log in once (at most once per interval) and hand out the new token. */
  recover(failed: string): Promise<string | undefined> {
    if (this.loggedOut) return Promise.resolve(undefined);
    if (this.session && this.session.token !== failed) return Promise.resolve(this.session.token);
    this.recovery ??= (async () => {
      try {
        if (Date.now() - this.lastRecoveryLogin < this.config.cloud.loginIntervalMs) return undefined;
        await this.underLock(async () => {
          const stored = await this.stored();
          // Another replica has already replaced the token that failed: use its session.
          if (stored && stored.token !== failed) {
            this.session = stored;
            return;
          }
          this.lastRecoveryLogin = Date.now();
          await this.store(await this.login());
          this.logger.log('Logged in to the Authentication system again after a 401');
        });
        return this.session?.token;
      } catch (error) {
        this.logger.error(`Login to the Authentication system after a 401 failed: ${(error as Error).message}`);
        return undefined;
      } finally {
        this.recovery = undefined;
      }
    })();
    return this.recovery;
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** SPEC-cloud.md §5.5: the last step of leaving the cloud, after MQTT is disconnected (the session is in memory). */
  async logout(): Promise<void> {
    this.onModuleDestroy();
    if (!this.enabled || !this.session || !this.config.cloud.leaveOnShutdown) return;
    this.loggedOut = true;
    try {
      await this.client.call('identity', 'identity-logout', { body: this.loginBody() });
      this.logger.log('Logged out of the Authentication system');
    } catch (error) {
      this.logger.warn(`Logout from the Authentication system failed: ${(error as Error).message}`);
    }
  }

  /** Periodic tick: log in again when now > expirationTime − (5 × interval + 1 ms). */
  private async renewIfDue(): Promise<void> {
    if (!this.due(this.session)) return;
    try {
      await this.underLock(async () => {
        const stored = await this.stored();
        if (stored && stored.token !== this.session?.token && !this.due(stored)) {
          this.session = stored;
          return;
        }
        await this.store(await this.login());
      });
      this.logger.log('Renewed the identity token at the Authentication system');
    } catch (error) {
      const failure = error as CoreCallError;
      if (failure.status === 401) {
        // As the reference: wrong credentials do not get better by repeating them.
        this.logger.error(`Login to the Authentication system refused, periodic logins stop: ${failure.errorMessage ?? failure.message}`);
        if (this.timer) clearInterval(this.timer);
        this.timer = undefined;
      } else {
        this.logger.warn(`Renewing the identity token failed, trying again later: ${failure.message}`);
      }
    }
  }

  private due(session: StoredSession | undefined): boolean {
    if (!session) return true;
    if (session.expiresAt === undefined) return false;
    return Date.now() > session.expiresAt - (5 * this.config.cloud.loginIntervalMs + 1);
  }

  private loginBody(): { systemName: string; credentials: Record<string, string> } {
    return { systemName: this.config.systemName, credentials: this.config.cloud.loginCredentials ?? {} };
  }

  private async login(): Promise<StoredSession> {
    const answer = await this.client.call<{ token?: unknown; expirationTime?: unknown }>('identity', 'identity-login', { anonymous: true, body: this.loginBody() });
    const token = answer?.token;
    if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN_LENGTH || /[\s\x00-\x1f\x7f]/.test(token)) {
      throw new CoreCallError('The Authentication system answered the login without a usable token', 'answered', 502);
    }
    const expiry = typeof answer?.expirationTime === 'string' ? Date.parse(answer.expirationTime) : typeof answer?.expirationTime === 'number' ? answer.expirationTime : Number.NaN;
    return { token, expiresAt: Number.isFinite(expiry) ? expiry : undefined };
  }

  private async store(session: StoredSession): Promise<void> {
    this.session = session;
    await this.sessions.save(this.config.systemName, session);
  }

  private stored(): Promise<StoredSession | undefined> {
    return this.sessions.find(this.config.systemName);
  }

  private underLock<T>(work: () => Promise<T>): Promise<T> {
    return this.sessions.underLoginLock(work);
  }
}
