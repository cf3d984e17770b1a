import { Inject, Injectable, Logger } from '@nestjs/common';
import { ArrowheadException, ExceptionType } from '../common/arrowhead/arrowhead.exception';
import { Identity } from '../common/auth/identity';
import { NameNormalizer } from '../common/naming/name-normalizer';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { traced } from '../logging/trace-context';
import { CoreSystemsClient } from './core-systems.client';

/**
 * The Blacklist filter (SPEC-cloud.md §6): after authentication, before the management filter,
 * on both transports. One check per request, nothing cached. Unless BLACKLIST_FAIL_OPEN, a
 * Blacklist that cannot answer clearly means no: otherwise every blacklisted system would get in
 * whenever the Blacklist is down.
 */
@Injectable()
export class BlacklistFilter {
  private readonly logger = new Logger(BlacklistFilter.name);
  private readonly excluded: ReadonlySet<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly client: CoreSystemsClient,
    normalizer: NameNormalizer,
  ) {
    this.excluded = new Set(
      [...config.cloud.blacklist.exclude, 'Blacklist'].map((name) => normalizer.systemName(name)).filter((name): name is string => name !== null),
    );
  }

  /** `traceId`: the checked request's, for log lines. */
  async check(identity: Identity, traceId: string | undefined): Promise<void> {
    if (!this.config.cloud.blacklist.enabled || identity.sysop || this.excluded.has(identity.systemName)) return;
    let answer: unknown;
    try {
      answer = await this.client.call('blacklistDiscovery', 'check', { provider: 'Blacklist', param: identity.systemName });
    } catch (error) {
      this.logger.warn(traced(traceId, `Blacklist check of ${identity.systemName} failed: ${(error as Error).message}`));
      answer = undefined;
    }
    if (answer === true) throw new ArrowheadException(ExceptionType.FORBIDDEN, `${identity.systemName} system is blacklisted`, true);
    if (answer === false || this.config.cloud.blacklist.failOpen) return;
    throw new ArrowheadException(ExceptionType.FORBIDDEN, 'Blacklist system is not available, the system might be blacklisted', true);
  }
}
