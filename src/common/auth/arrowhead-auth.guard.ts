import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_ENDPOINT } from './public-endpoint.decorator';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ArrowheadException } from '../arrowhead/arrowhead.exception';
import { attachIdentity, credentialsOf, envelopeOf, httpRequestOf, transportOf } from '../arrowhead/request-context';
import { NameNormalizer } from '../naming/name-normalizer';
import { Identity } from './identity';
import { IdentityResolver } from './identity-resolver';

/** SPEC.md §6: HTTP URLs containing `/mgmt/`, MQTT topics containing `/management`. */
function isManagementOperation(context: ExecutionContext): boolean {
  if (transportOf(context) === 'mqtt') {
    return envelopeOf(context).topic.includes('/management');
  }
  const request = httpRequestOf(context);
  return (request.originalUrl ?? request.url).split('?')[0].includes('/mgmt/');
}

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    normalizer: NameNormalizer,
  ) {
    this.whitelist = new Set(
      config.auth.managementWhitelist.map((name) => normalizer.systemName(name)).filter((name): name is string => name !== null),
    );
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.get<boolean>(PUBLIC_ENDPOINT, context.getHandler())) {
      return true;
    }
    const identity = await this.identityResolver.resolve(credentialsOf(context), transportOf(context));
    attachIdentity(context, identity);
    if (this.config.auth.managementFilterEnabled && isManagementOperation(context) && !this.mayManage(identity)) {
      throw ArrowheadException.forbidden('Requester has no management permission');
    }
    return true;
  }

  private mayManage(identity: Identity): boolean {
    if (identity.sysop) {
      return true;
    }
    return this.config.auth.managementPolicy === 'whitelist' && this.whitelist.has(identity.systemName);
  }
}
