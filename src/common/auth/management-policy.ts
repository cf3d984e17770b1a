import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DeclaredOperation } from '../arrowhead/arrowhead-operation.decorator';
import { serviceOperationOf } from '../arrowhead/routes';
import { NameNormalizer } from '../naming/name-normalizer';
import { NamingValidator } from '../naming/naming-validator';
import { ConsumerAuthorizationClient } from './consumer-authorization.client';
import { Identity } from './identity';

/** Who may call management operations (SPEC.md §6): MANAGEMENT_POLICY with its whitelist, or ConsumerAuthorization. */
@Injectable()
export class ManagementPolicy {
  private readonly whitelist: ReadonlySet<string>;

  constructor(
    private readonly consumerAuthorization: ConsumerAuthorizationClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    normalizer: NameNormalizer,
  ) {
    // Only a name that passes the system-name convention can match: entries that do not are dropped.
    this.whitelist = new Set(
      config.auth.managementWhitelist.map((name) => normalizer.systemName(name)).filter((name): name is string => NamingValidator.isSystemName(name)),
    );
  }

  /** Whether the filter applies at all (ENABLE_MANAGEMENT_FILTER). */
  get enabled(): boolean {
    return this.config.auth.managementFilterEnabled;
  }

  /** Sysop; whitelisted (whitelist and authorization policies); or ConsumerAuthorization says yes. `traceId`: the request's, for log lines. */
  async mayManage(identity: Identity, operation: DeclaredOperation | undefined, traceId: string | undefined): Promise<boolean> {
    const { managementPolicy } = this.config.auth;
    if (identity.sysop) return true;
    if (managementPolicy === 'sysop-only') return false;
    if (this.whitelist.has(identity.systemName)) return true;
    if (managementPolicy !== 'authorization') return false;
    const target = operation ? serviceOperationOf(operation.topic) : null;
    return target !== null && this.consumerAuthorization.mayUse(identity.systemName, target.serviceDefinition, target.operation, traceId);
  }
}
