import { Transport } from '../arrowhead/request-context';
import { Identity } from './identity';

/**
 * How the caller's identity is established from its credentials (SPEC.md §5). One strategy is
 * active per process (AUTH_POLICY); the certificate and outsourced policies plug in here
 * without touching guards or handlers.
 */
export abstract class IdentityResolver {
  /** Resolves the caller or throws an AUTH ArrowheadException with the policy's wire text. */
  abstract resolve(credentials: string | undefined, transport: Transport): Promise<Identity>;
}
