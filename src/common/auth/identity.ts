import { NamingValidator } from '../naming/naming-validator';

/** Who is calling: the normalized system name and whether it is the system operator. */
export interface Identity {
  systemName: string;
  sysop: boolean;
}

/**
 * The one way a policy builds an identity. Only a name that passes the system-name convention
 * (SPEC.md §8.1) after normalization can be the sysop, whatever the policy's evidence says: a
 * name that is no system name is never trusted with management.
 */
export function identityOf(systemName: string, sysopClaimed: boolean): Identity {
  return { systemName, sysop: sysopClaimed && NamingValidator.isSystemName(systemName) };
}
