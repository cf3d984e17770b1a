import { Logger } from '@nestjs/common';
import { ArrowheadException, ExceptionType } from '../arrowhead/arrowhead.exception';
import { Transport } from '../arrowhead/request-context';
import { NameNormalizer } from '../naming/name-normalizer';
import { CoreCallError } from '../../cloud/core-call.error';
import { CoreSystemsClient } from '../../cloud/core-systems.client';
import { traced } from '../../logging/trace-context';
import { Identity, identityOf } from './identity';
import { CallerCredentials, IdentityResolver } from './identity-resolver';

const TEXTS: Record<Transport, { missing: string; invalid: string }> = {
  http: { missing: 'No authorization header has been provided', invalid: 'Invalid authorization header' },
  mqtt: { missing: 'No authentication info has been provided', invalid: 'Invalid authentication info' },
};
const SCHEME = 'IDENTITY-TOKEN';
/** Real tokens are UUIDs; anything this long is refused without asking Authentication. */
const MAX_TOKEN_LENGTH = 1024;
/** How long a rejected token is answered without asking again (never longer than AUTH_TOKEN_CACHE_MS). */
const NEGATIVE_CACHE_MS = 5000;

interface VerifyResponse {
  verified?: unknown;
  systemName?: unknown;
  sysop?: unknown;
  expirationTime?: unknown;
}

/** A map that forgets its least recently used entry beyond `max` (Map keeps insertion order). */
class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.until <= Date.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, until: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, until });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * The `outsourced` policy (SPEC.md §5, SPEC-cloud.md §5.4): the caller shows an identity token of
 * the Authentication core system, which this service verifies (identity-verify) with its own
 * token. Verified tokens are kept for AUTH_TOKEN_CACHE_MS (never past their expiry, at most
 * AUTH_TOKEN_CACHE_MAX of them), rejected ones briefly too, and a token being verified is not
 * verified a second time at once: a busy or hostile caller costs one call, not one per request.
 * Callers learn only 401 `Invalid authorization header` or 503 `Authentication system is not
 * available`; Authentication's own texts and addresses go to the log.
 */
export class OutsourcedIdentityResolver extends IdentityResolver {
  private readonly logger = new Logger(OutsourcedIdentityResolver.name);
  private readonly verified: BoundedCache<Identity>;
  private readonly rejected: BoundedCache<true>;
  private readonly inFlight = new Map<string, Promise<Identity | null>>();

  constructor(
    private readonly normalizer: NameNormalizer,
    private readonly client: CoreSystemsClient,
    private readonly cacheMs: number,
    cacheMax: number,
  ) {
    super();
    this.verified = new BoundedCache(cacheMax);
    this.rejected = new BoundedCache(cacheMax);
  }

  async resolve({ authorization, transport, traceId }: CallerCredentials): Promise<Identity> {
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
    if (token === '' || token.length > MAX_TOKEN_LENGTH) throw ArrowheadException.auth(texts.invalid);

    const identity = this.verified.get(token) ?? (this.rejected.get(token) ? null : await this.verifyOnce(token, traceId));
    if (identity === null) throw ArrowheadException.auth(texts.invalid);
    return identity;
  }

  /** Requests with the same token share one verification; its log lines carry the trace of the request that started it. */
  private verifyOnce(token: string, traceId: string | undefined): Promise<Identity | null> {
    let pending = this.inFlight.get(token);
    if (!pending) {
      pending = this.verify(token, traceId).finally(() => this.inFlight.delete(token));
      this.inFlight.set(token, pending);
    }
    return pending;
  }

  /** The identity, null when Authentication says the token is not valid; 503 when it cannot be asked. */
  private async verify(token: string, traceId: string | undefined): Promise<Identity | null> {
    let answer: VerifyResponse | undefined;
    try {
      answer = await this.client.call<VerifyResponse>('identity', 'identity-verify', { param: token });
    } catch (error) {
      const failure = error as CoreCallError;
      // 401 after the own re-login: Authentication refuses to verify for us; 400: a token it cannot even read.
      if (failure.status !== 401 && failure.status !== 400) {
        this.logger.warn(traced(traceId, `Identity verification failed: ${failure.message}`));
        throw new ArrowheadException(ExceptionType.EXTERNAL_SERVER_ERROR, 'Authentication system is not available', true);
      }
      this.logger.warn(traced(traceId, `Identity verification refused: ${failure.message}`));
      answer = undefined;
    }
    const systemName = typeof answer?.systemName === 'string' ? this.normalizer.systemName(answer.systemName) : null;
    if (answer?.verified !== true || systemName === null) {
      const negativeMs = Math.min(NEGATIVE_CACHE_MS, this.cacheMs);
      if (negativeMs > 0) this.rejected.set(token, true, Date.now() + negativeMs);
      return null;
    }
    const identity = identityOf(systemName, answer.sysop === true);
    const expiry = typeof answer.expirationTime === 'string' ? Date.parse(answer.expirationTime) : Number.NaN;
    const until = Math.min(Date.now() + this.cacheMs, Number.isNaN(expiry) ? Number.POSITIVE_INFINITY : expiry);
    if (this.cacheMs > 0) this.verified.set(token, identity, until);
    return identity;
  }
}
