import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_ENDPOINT } from './public-endpoint.decorator';
import { ConsumerAuthorizationClient } from './consumer-authorization.client';
import { ARROWHEAD_OPERATION, DeclaredOperation } from '../arrowhead/arrowhead-operation.decorator';
import { serviceOperationOf } from '../arrowhead/routes';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ArrowheadException } from '../arrowhead/arrowhead.exception';
import { attachIdentity, credentialsOf } from '../arrowhead/request-context';
import { NameNormalizer } from '../naming/name-normalizer';
import { NamingValidator } from '../naming/naming-validator';
import { Identity } from './identity';
import { IdentityResolver } from './identity-resolver';

/**
 * Authentication, then the management policy, for both transports. Failing checks throw (never
 * return false): on MQTT a `false` would become a generic RPC error instead of our 401/403.
 */
@Injectable()
export class ArrowheadAuthGuard implements CanActivate {
  private readonly whitelist: ReadonlySet<string>;

  constructor(
    private readonly identityResolver: IdentityResolver,
    private readonly reflector: Reflector,
    private readonly consumerAuthorization: ConsumerAuthorizationClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    normalizer: NameNormalizer,
  ) {
    // Only a name that passes the system-name convention can match: entries that do not are dropped.
    this.whitelist = new Set(
      config.auth.managementWhitelist.map((name) => normalizer.systemName(name)).filter((name): name is string => NamingValidator.isSystemName(name)),
    );
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.get<boolean>(PUBLIC_ENDPOINT, context.getHandler())) {
      return true;
    }
    const identity = await this.identityResolver.resolve(credentialsOf(context));
    attachIdentity(context, identity);
    const operation = this.reflector.get<DeclaredOperation | undefined>(ARROWHEAD_OPERATION, context.getHandler());
    // Management is what the operation declares (SPEC.md §6); a handler that declares nothing counts as management.
    const management = operation?.management ?? true;
    if (this.config.auth.managementFilterEnabled && management && !(await this.mayManage(identity, operation))) {
      throw ArrowheadException.forbidden('Requester has no management permission');
    }
    return true;
  }

  /** SPEC.md §6: sysop; whitelisted (whitelist and authorization policies); or ConsumerAuthorization says yes. */
  private async mayManage(identity: Identity, operation: DeclaredOperation | undefined): Promise<boolean> {
    const { managementPolicy } = this.config.auth;
    if (identity.sysop) return true;
    if (managementPolicy === 'sysop-only') return false;
    if (this.whitelist.has(identity.systemName)) return true;
    if (managementPolicy !== 'authorization') return false;
    const target = operation ? serviceOperationOf(operation.topic) : null;
    return target !== null && this.consumerAuthorization.mayUse(identity.systemName, target.serviceDefinition, target.operation);
  }
}
