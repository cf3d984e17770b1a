import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_ENDPOINT } from './public-endpoint.decorator';
import { BlacklistFilter } from '../../cloud/blacklist.filter';
import { ARROWHEAD_OPERATION, DeclaredOperation } from '../arrowhead/arrowhead-operation.decorator';
import { ArrowheadException } from '../arrowhead/arrowhead.exception';
import { attachIdentity, credentialsOf } from '../arrowhead/request-context';
import { IdentityResolver } from './identity-resolver';
import { ManagementPolicy } from './management-policy';

/**
 * Authentication, the Blacklist filter, then the management policy, for both transports. Failing checks throw (never
 * return false): on MQTT a `false` would become a generic RPC error instead of our 401/403.
 */
@Injectable()
export class ArrowheadAuthGuard implements CanActivate {
  constructor(
    private readonly identityResolver: IdentityResolver,
    private readonly reflector: Reflector,
    private readonly blacklist: BlacklistFilter,
    private readonly managementPolicy: ManagementPolicy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.get<boolean>(PUBLIC_ENDPOINT, context.getHandler())) {
      return true;
    }
    const credentials = credentialsOf(context);
    const identity = await this.identityResolver.resolve(credentials);
    attachIdentity(context, identity);
    await this.blacklist.check(identity, credentials.traceId);
    const operation = this.reflector.get<DeclaredOperation | undefined>(ARROWHEAD_OPERATION, context.getHandler());
    // Management is what the operation declares (SPEC.md §6); a handler that declares nothing counts as management.
    const management = operation?.management ?? true;
    if (this.managementPolicy.enabled && management && !(await this.managementPolicy.mayManage(identity, operation, credentials.traceId))) {
      throw ArrowheadException.forbidden('Requester has no management permission');
    }
    return true;
  }
}
