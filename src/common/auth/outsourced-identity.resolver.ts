import { Logger } from '@nestjs/common';
import { ArrowheadException } from '../arrowhead/arrowhead.exception';
import { Transport } from '../arrowhead/request-context';
import { OutgoingHttp, OutgoingHttpError } from '../http/outgoing-http';
import { NameNormalizer } from '../naming/name-normalizer';
import { Identity, identityOf } from './identity';
import { CallerCredentials, IdentityResolver } from './identity-resolver';

const TEXTS: Record<Transport, { missing: string; invalid: string }> = {
  http: { missing: 'No authorization header has been provided', invalid: 'Invalid authorization header' },
  mqtt: { missing: 'No authentication info has been provided', invalid: 'Invalid authentication info' },
};
const SCHEME = 'IDENTITY-TOKEN';
const VERIFY_TIMEOUT_MS = 5000;

interface VerifyResponse {
  verified?: boolean;
  systemName?: string;
  sysop?: boolean;
  expirationTime?: string;
}

/**
 * The `outsourced` policy (SPEC.md §5): the caller shows an identity token of the Authentication
 * core system, which this service has verified (identity-verify). Verified tokens are kept for
 * AUTH_TOKEN_CACHE_MS (never past their expiry), so a busy caller costs one verification, not one
 * per request.
 */
export class OutsourcedIdentityResolver extends IdentityResolver {
  private readonly logger = new Logger(OutsourcedIdentityResolver.name);
  private readonly verified = new Map<string, { identity: Identity; until: number }>();

  constructor(
    private readonly normalizer: NameNormalizer,
    private readonly http: OutgoingHttp,
    private readonly authenticationUrl: string,
    private readonly cacheMs: number,
  ) {
    super();
  }

  async resolve({ authorization, transport }: CallerCredentials): Promise<Identity> {
    const texts = TEXTS[transport];
    if (authorization === undefined || authorization.trim() === '') throw ArrowheadException.auth(texts.missing);
    let info = authorization.trim();
    if (transport === 'http') {
      const words = info.split(' ');
      if (words.length !== 2 || words[0] !== 'Bearer') throw ArrowheadException.auth(texts.invalid);
      info = words[1];
    }
    const parts = info.split('//');
    const token = parts.length === 2 && parts[0] === SCHEME ? parts[1].trim() : '';
    if (token === '') throw ArrowheadException.auth(texts.invalid);

    const cached = this.verified.get(token);
    if (cached && cached.until > Date.now()) return cached.identity;
    this.verified.delete(token);

    const answer = await this.verify(token);
    const systemName = this.normalizer.systemName(answer.systemName);
    if (answer.verified !== true || systemName === null) throw ArrowheadException.auth(texts.invalid);
    const identity: Identity = identityOf(systemName, answer.sysop === true);
    const expiry = answer.expirationTime ? Date.parse(answer.expirationTime) : Number.NaN;
    const until = Math.min(Date.now() + this.cacheMs, Number.isNaN(expiry) ? Number.POSITIVE_INFINITY : expiry);
    if (this.cacheMs > 0) this.verified.set(token, { identity, until });
    return identity;
  }

  private async verify(token: string): Promise<VerifyResponse> {
    const url = `${this.authenticationUrl}/authentication/identity/verify/${encodeURIComponent(token)}`;
    try {
      const response = await this.http.send({ method: 'GET', url, timeoutMs: VERIFY_TIMEOUT_MS });
      if (response.status === 401 || response.status === 400) return { verified: false };
      if (response.status < 200 || response.status >= 300) {
        throw new OutgoingHttpError(`HTTP ${response.status}`);
      }
      return JSON.parse(response.body) as VerifyResponse;
    } catch (error) {
      const reason = error instanceof OutgoingHttpError ? error.reason : (error as Error).message;
      this.logger.warn(`Identity verification at ${this.authenticationUrl} failed: ${reason}`);
      throw ArrowheadException.auth(`The identity cannot be verified: the Authentication system is not available (${reason})`);
    }
  }
}
