import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OutgoingHttp, OutgoingHttpError, OutgoingResponse } from '../common/http/outgoing-http';
import { CoreCallError } from './core-call.error';

/** Where a service of another core system is reached: base URL (with basePath) and its operations. */
export interface ServiceEndpoint {
  baseUrl: string;
  operations: Record<string, { path: string; method: string }>;
}

/** Outsourced policy: the own identity token, and a way to get a new one after a 401 (SPEC-cloud.md §5). */
export interface OwnIdentityTokens {
  token(): string | undefined;
  /** Called after `failed` got a 401; resolves with the token to repeat the call with, if any. */
  recover(failed: string): Promise<string | undefined>;
}

const LOOKUP_PATH = '/serviceregistry/service-discovery/lookup?verbose=false';
/** What is read of a peer's error text: enough for a log line, bounded. */
const MAX_ERROR_TEXT = 300;

/** Services whose address can be given explicitly (SPEC-cloud.md §4.4): base path and operations of the real systems. */
const EXPLICIT: Record<string, { basePath: string; operations: ServiceEndpoint['operations'] }> = {
  identity: {
    basePath: '/authentication/identity',
    operations: {
      'identity-login': { path: '/login', method: 'POST' },
      'identity-logout': { path: '/logout', method: 'POST' },
      'identity-verify': { path: '/verify', method: 'GET' },
    },
  },
  authorization: { basePath: '/consumerauthorization/authorization', operations: { verify: { path: '/verify', method: 'POST' } } },
  blacklistDiscovery: { basePath: '/blacklist', operations: { check: { path: '/check', method: 'GET' } } },
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const HOST = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]{1,253})$/;

/**
 * Calls the other core systems (ServiceRegistry, Authentication, ConsumerAuthorization,
 * Blacklist) the way the reference does (SPEC-cloud.md §2, §4): finds them through the Service
 * Registry's lookup unless an explicit URL is configured, keeps what it found for
 * DISCOVERY_CACHE_TTL_MS and forgets it when a call there fails, sends this system's own identity
 * on every call, and under `outsourced` logs in once more and repeats a call that got 401.
 */
@Injectable()
export class CoreSystemsClient {
  private readonly logger = new Logger(CoreSystemsClient.name);
  private readonly cache = new Map<string, { endpoint: ServiceEndpoint; until: number }>();
  private readonly lookups = new Map<string, Promise<ServiceEndpoint>>();
  private ownIdentity?: OwnIdentityTokens;
  private readonly template: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly http: OutgoingHttp,
  ) {
    this.template = config.tls.enabled ? 'generic_https' : 'generic_http';
  }

  useOwnIdentity(tokens: OwnIdentityTokens): void {
    this.ownIdentity = tokens;
  }

  get registryUrl(): string | undefined {
    return this.config.cloud.serviceRegistryUrl;
  }

  /**
   * Calls `operation` of service `definition` (provider `provider` if named) and returns the
   * decoded JSON answer (undefined for an empty one). `param` is appended percent-encoded;
   * `anonymous` sends no identity (the own login). Throws CoreCallError.
   */
  async call<T = unknown>(
    definition: string,
    operation: string,
    options: { provider?: string; param?: string; body?: unknown; anonymous?: boolean } = {},
  ): Promise<T | undefined> {
    const endpoint = await this.endpoint(definition, options.provider);
    const target = endpoint.operations[operation];
    if (!target) throw new CoreCallError(`Service does not define the specified operation: ${definition}/${operation}`, 'not-found', 503);
    const url = `${endpoint.baseUrl}${target.path}${options.param !== undefined ? `/${encodeURIComponent(options.param)}` : ''}`;
    return this.send<T>(target.method, url, options.body, { cacheKey: this.cacheKey(definition, options.provider), anonymous: options.anonymous });
  }

  /** The SR's lookup (SPEC-cloud.md §4.1); the raw answer. Used as the connection check too. */
  async lookup(definition: string, provider?: string): Promise<unknown> {
    const registry = this.config.cloud.serviceRegistryUrl;
    if (!registry) throw new CoreCallError(`Service definition is not found: ${definition}`, 'not-found', 404);
    const body = { ...(provider ? { providerNames: [provider] } : {}), serviceDefinitionNames: [definition], interfaceTemplateNames: [this.template] };
    return this.send('POST', `${registry}${LOOKUP_PATH}`, body, {});
  }

  /** Where `definition` is served: the explicit URL, the cache, or a fresh lookup. */
  async endpoint(definition: string, provider?: string): Promise<ServiceEndpoint> {
    const explicit = this.explicitEndpoint(definition);
    if (explicit) return explicit;
    const key = this.cacheKey(definition, provider);
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.endpoint;
    this.cache.delete(key);
    // Requests arriving together share one lookup.
    let pending = this.lookups.get(key);
    if (!pending) {
      pending = this.lookup(definition, provider)
        .then((answer) => {
          const endpoint = this.endpointFrom(answer, definition);
          if (this.config.cloud.discoveryCacheTtlMs > 0) this.cache.set(key, { endpoint, until: Date.now() + this.config.cloud.discoveryCacheTtlMs });
          return endpoint;
        })
        .finally(() => this.lookups.delete(key));
      this.lookups.set(key, pending);
    }
    return pending;
  }

  /** Keeps a looked-up endpoint as if `endpoint()` had found it (the registration's connection check). */
  remember(definition: string, provider: string | undefined, answer: unknown): void {
    try {
      const endpoint = this.endpointFrom(answer, definition);
      if (this.config.cloud.discoveryCacheTtlMs > 0) this.cache.set(this.cacheKey(definition, provider), { endpoint, until: Date.now() + this.config.cloud.discoveryCacheTtlMs });
    } catch {
      // An empty answer is never kept (SPEC-cloud.md §4.3).
    }
  }

  private cacheKey(definition: string, provider?: string): string {
    return `${definition}|${provider ?? ''}`;
  }

  private explicitEndpoint(definition: string): ServiceEndpoint | undefined {
    const bases: Record<string, string | undefined> = {
      identity: this.config.auth.authenticationUrl,
      authorization: this.config.auth.consumerAuthorizationUrl,
      blacklistDiscovery: this.config.cloud.blacklistUrl,
    };
    const base = bases[definition];
    const known = EXPLICIT[definition];
    return base && known ? { baseUrl: `${base}${known.basePath}`, operations: known.operations } : undefined;
  }

  /** SPEC-cloud.md §4.2: the first entry with an interface of our template; URL scheme from the template name. */
  private endpointFrom(answer: unknown, definition: string): ServiceEndpoint {
    const entries = isRecord(answer) && Array.isArray(answer.entries) ? answer.entries : [];
    for (const entry of entries) {
      const interfaces = isRecord(entry) && Array.isArray(entry.interfaces) ? entry.interfaces : [];
      const chosen = interfaces.find((candidate) => isRecord(candidate) && candidate.templateName === this.template) as Record<string, unknown> | undefined;
      const properties = chosen && isRecord(chosen.properties) ? chosen.properties : undefined;
      if (!properties) continue;
      const address = Array.isArray(properties.accessAddresses) ? properties.accessAddresses[0] : undefined;
      const port = properties.accessPort;
      const basePath = properties.basePath ?? '';
      if (typeof address !== 'string' || !HOST.test(address) || !Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) continue;
      if (typeof basePath !== 'string' || !/^(\/[^\s?#]*)?$/.test(basePath) || !isRecord(properties.operations)) continue;
      const operations: ServiceEndpoint['operations'] = {};
      for (const [name, value] of Object.entries(properties.operations)) {
        if (isRecord(value) && typeof value.path === 'string' && /^\/[^\s?#]*$/.test(value.path) && typeof value.method === 'string' && /^[A-Z]{3,7}$/.test(value.method)) {
          // `{id}`-style placeholders are where the parameter goes; we append it ourselves.
          operations[name] = { path: value.path.replace(/\/\{[^}]*\}$/, ''), method: value.method };
        }
      }
      const scheme = this.template === 'generic_https' ? 'https' : 'http';
      return { baseUrl: `${scheme}://${address}:${port}${basePath}`, operations };
    }
    throw new CoreCallError(`Service definition is not found: ${definition}`, 'not-found', 404);
  }

  private authorizationHeader(token: string | undefined): Record<string, string> {
    switch (this.config.auth.policy) {
      case 'declared':
        return { Authorization: `Bearer SYSTEM//${this.config.systemName}` };
      case 'outsourced':
        return token ? { Authorization: `Bearer IDENTITY-TOKEN//${token}` } : {};
      default:
        // certificate: the TLS client certificate (OutgoingHttp) is the identity.
        return {};
    }
  }

  private async send<T>(method: string, url: string, body: unknown, options: { cacheKey?: string; anonymous?: boolean }): Promise<T | undefined> {
    let token = options.anonymous ? undefined : this.ownIdentity?.token();
    let response = await this.once(method, url, body, token, options.cacheKey);
    if (response.status === 401 && token !== undefined && this.config.auth.policy === 'outsourced' && this.ownIdentity) {
      token = await this.ownIdentity.recover(token);
      if (token !== undefined) response = await this.once(method, url, body, token, options.cacheKey);
    }
    if (response.status >= 200 && response.status < 300) {
      if (response.body.trim() === '') return undefined;
      try {
        return JSON.parse(response.body) as T;
      } catch {
        throw new CoreCallError(`${method} ${url} answered ${response.status} with a body that is not JSON`, 'answered', 502);
      }
    }
    if (options.cacheKey && [404, 502, 503].includes(response.status)) this.cache.delete(options.cacheKey);
    const errorMessage = errorMessageOf(response);
    throw new CoreCallError(`${method} ${url} answered ${response.status}: ${errorMessage}`, 'answered', response.status, errorMessage);
  }

  private async once(method: string, url: string, body: unknown, token: string | undefined, cacheKey?: string): Promise<OutgoingResponse> {
    try {
      return await this.http.send({
        method,
        url,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: { Accept: 'text/plain, application/json', ...this.authorizationHeader(token) },
        timeoutMs: this.config.coreHttpTimeoutMs,
      });
    } catch (error) {
      if (cacheKey) this.cache.delete(cacheKey);
      const reason = error instanceof OutgoingHttpError ? error.reason : (error as Error).message;
      this.logger.debug(`${method} ${url}: ${reason}`);
      throw new CoreCallError(`Could not get any response from: ${url} (${reason})`, 'unreachable');
    }
  }
}

function errorMessageOf(response: OutgoingResponse): string {
  try {
    const parsed = JSON.parse(response.body) as unknown;
    if (isRecord(parsed) && typeof parsed.errorMessage === 'string') return parsed.errorMessage.slice(0, MAX_ERROR_TEXT);
  } catch {
    // not an ErrorResponse
  }
  return (response.statusText || `HTTP ${response.status}`).slice(0, MAX_ERROR_TEXT);
}
