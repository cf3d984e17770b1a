import { ArrowheadException } from '../arrowhead/arrowhead.exception';
import { Transport } from '../arrowhead/request-context';
import { NameNormalizer } from '../naming/name-normalizer';
import { Identity, identityOf } from './identity';
import { CallerCredentials, IdentityResolver } from './identity-resolver';

const SYSOP = 'Sysop';
const SCHEME = 'SYSTEM';

const TEXTS: Record<Transport, { missing: string; invalid: string }> = {
  http: { missing: 'No authorization header has been provided', invalid: 'Invalid authorization header' },
  mqtt: { missing: 'No authentication info has been provided', invalid: 'Invalid authentication info' },
};

/**
 * The `declared` policy: the caller names itself. HTTP `Authorization: Bearer SYSTEM//<name>`,
 * MQTT `authentication: "SYSTEM//<name>"`.
 */
export class DeclaredIdentityResolver extends IdentityResolver {
  constructor(private readonly normalizer: NameNormalizer) {
    super();
  }

  async resolve({ authorization, transport }: CallerCredentials): Promise<Identity> {
    const texts = TEXTS[transport];
    if (authorization === undefined || authorization.trim() === '') {
      throw ArrowheadException.auth(texts.missing);
    }
    let declared = authorization.trim();
    if (transport === 'http') {
      const words = declared.split(' ');
      if (words.length !== 2 || words[0] !== 'Bearer') {
        throw ArrowheadException.auth(texts.invalid);
      }
      declared = words[1];
    }
    const parts = declared.split('//');
    const systemName = parts.length === 2 && parts[0] === SCHEME ? this.normalizer.systemName(parts[1]) : null;
    if (systemName === null) {
      throw ArrowheadException.auth(texts.invalid);
    }
    return identityOf(systemName, systemName === SYSOP);
  }
}
