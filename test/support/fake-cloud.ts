import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';

/**
 * One HTTP server playing the four peers of a local cloud (SPEC-cloud.md §10): ServiceRegistry,
 * Authentication, ConsumerAuthorization and Blacklist. It follows the real systems' interfaces
 * INCLUDING what they refuse: a call without the expected `Authorization` gets their 401, a
 * register body that does not fit the templates (or an existing record) gets 400, revoking
 * another system's service 403, identity-verify without the caller's own live token 401.
 * Every request is recorded. Also a separate process: `ts-node test/support/fake-cloud.ts --port N`.
 */

export interface RecordedCall {
  method: string;
  /** The path as sent (percent-encoded), with the query. */
  rawPath: string;
  /** The decoded path, without the query. */
  path: string;
  query: string;
  authorization?: string;
  body?: any;
  at: number;
}

export interface FakeCloudOptions {
  /** `declared`: SYSTEM//<name> headers are expected; `outsourced`: IDENTITY-TOKEN//<live token>. */
  policy?: 'declared' | 'outsourced';
  /** Passwords of the systems allowed to log in (systemName → password). */
  passwords?: Record<string, string>;
  /** Token lifetime E in ms (login answers expirationTime = now + E). */
  tokenLifetimeMs?: number;
  /** Callers' tokens known to identity-verify: token → system name (and sysop). */
  callerTokens?: Record<string, { systemName: string; sysop?: boolean }>;
  /** ConsumerAuthorization's answer. */
  authorize?: (question: any) => boolean;
  /** Blacklisted system names. */
  blacklisted?: string[];
  /** Serve HTTPS with this PEM key and certificate (the peers of a TLS cloud). */
  tls?: { key: string; cert: string };
}

type Answer = { status: number; body?: unknown };
const error = (status: number, errorMessage: string, exceptionType: string): Answer => ({ status, body: { errorMessage, errorCode: status, exceptionType } });

const SR_PROVIDER = 'ServiceRegistry';
/** Interfaces published per service definition: provider, base path and operations (as the real systems). */
const PUBLISHED: Record<string, { provider: string; basePath: string; operations: Record<string, { path: string; method: string }> }> = {
  systemDiscovery: {
    provider: SR_PROVIDER,
    basePath: '/serviceregistry/system-discovery',
    operations: { register: { path: '/register', method: 'POST' }, lookup: { path: '/lookup', method: 'POST' }, revoke: { path: '/revoke', method: 'DELETE' } },
  },
  serviceDiscovery: {
    provider: SR_PROVIDER,
    basePath: '/serviceregistry/service-discovery',
    operations: { register: { path: '/register', method: 'POST' }, lookup: { path: '/lookup', method: 'POST' }, revoke: { path: '/revoke', method: 'DELETE' } },
  },
  identity: {
    provider: 'Authentication',
    basePath: '/authentication/identity',
    operations: {
      'identity-login': { path: '/login', method: 'POST' },
      'identity-logout': { path: '/logout', method: 'POST' },
      'identity-verify': { path: '/verify', method: 'GET' },
    },
  },
  authorization: { provider: 'ConsumerAuthorization', basePath: '/consumerauthorization/authorization', operations: { verify: { path: '/verify', method: 'POST' } } },
  blacklistDiscovery: { provider: 'Blacklist', basePath: '/blacklist', operations: { check: { path: '/check', method: 'GET' }, lookup: { path: '/lookup', method: 'GET' } } },
};

const TEMPLATES: Record<string, { protocol: string; mqtt: boolean }> = {
  generic_http: { protocol: 'http', mqtt: false },
  generic_https: { protocol: 'https', mqtt: false },
  generic_mqtt: { protocol: 'tcp', mqtt: true },
  generic_mqtts: { protocol: 'ssl', mqtt: true },
};

const isObject = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null && !Array.isArray(value);
const canonical = (value: unknown): string => JSON.stringify(value, (_, v) => (isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

export class FakeCloud {
  readonly calls: RecordedCall[] = [];
  readonly systems = new Map<string, { metadata: unknown; version: string; addresses: string[] }>();
  readonly instances = new Map<string, { provider: string; body: any }>();
  options: Required<Omit<FakeCloudOptions, 'authorize' | 'tls'>> & { authorize: (question: any) => boolean };
  /** Answers forced for a path (exact decoded path, or prefix ending in `*`), e.g. 403 for the system register. */
  readonly overrides = new Map<string, Answer>();
  /** The latest login token per system; earlier ones stop working at once (one session per system). */
  readonly sessions = new Map<string, { token: string; expiresAt: number }>();
  /** Runs before a request is answered; a test may hold the answer back (e.g. the last registration). */
  beforeAnswer?: (call: RecordedCall) => Promise<void> | void;
  private tokenCounter = 0;
  private server?: Server;
  private readonly sockets = new Set<import('node:net').Socket>();

  constructor(private readonly init: FakeCloudOptions = {}) {
    const options = init;
    this.options = {
      policy: options.policy ?? 'declared',
      passwords: options.passwords ?? { SimpleStoreServiceOrchestration: 'pw' },
      tokenLifetimeMs: options.tokenLifetimeMs ?? 300_000,
      callerTokens: options.callerTokens ?? {},
      authorize: options.authorize ?? (() => false),
      blacklisted: options.blacklisted ?? [],
    };
  }

  async start(port = 0): Promise<this> {
    const handler = (request: IncomingMessage, response: ServerResponse) => this.handle(request, response);
    this.server = this.init.tls ? createHttpsServer(this.init.tls, handler) : createServer(handler);
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    return this;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  get url(): string {
    return `${this.init.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Calls since `from`, as `METHOD rawPath` lines (handy for order assertions). */
  lines(from = 0): string[] {
    return this.calls.slice(from).map((call) => `${call.method} ${call.rawPath}`);
  }

  /** The session's current token of `systemName`. */
  tokenOf(systemName = 'SimpleStoreServiceOrchestration'): string | undefined {
    return this.sessions.get(systemName)?.token;
  }

  /** Authentication loses the session (a restart, an expiry): the token stops working. */
  forgetSessions(): void {
    this.sessions.clear();
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [rawPathOnly, query = ''] = (request.url ?? '/').split('?');
      let path: string;
      try {
        path = decodeURIComponent(rawPathOnly);
      } catch {
        path = rawPathOnly;
      }
      let body: any;
      let badJson = false;
      if (raw !== '') {
        try {
          body = JSON.parse(raw);
        } catch {
          badJson = true;
        }
      }
      const call: RecordedCall = { method: request.method ?? '', rawPath: request.url ?? '/', path, query, authorization: request.headers.authorization, body, at: Date.now() };
      this.calls.push(call);
      void Promise.resolve(this.beforeAnswer?.(call)).then(() => {
        const answer = badJson ? error(400, 'Invalid JSON', 'INVALID_PARAMETER') : this.answer(call);
        if (answer.body === undefined) {
          response.writeHead(answer.status).end();
        } else {
          response.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
        }
      });
    });
  }

  private override(path: string): Answer | undefined {
    for (const [key, answer] of this.overrides) {
      if (key === path || (key.endsWith('*') && path.startsWith(key.slice(0, -1)))) return answer;
    }
    return undefined;
  }

  /** The caller's system name per the policy, or the filter's 401 (as the real OutsourcedFilter / declared filter). */
  private caller(call: RecordedCall): { name: string } | Answer {
    const header = call.authorization;
    if (!header) return error(401, 'No authorization header has been provided', 'AUTH');
    const match = /^Bearer (.+)$/.exec(header);
    if (!match) return error(401, 'Invalid authorization header', 'AUTH');
    if (this.options.policy === 'declared') {
      const declared = /^SYSTEM\/\/([A-Za-z][A-Za-z0-9]*)$/.exec(match[1]);
      return declared ? { name: declared[1] } : error(401, 'Invalid authorization header', 'AUTH');
    }
    const token = /^IDENTITY-TOKEN\/\/(.+)$/.exec(match[1]);
    if (!token) return error(401, 'Invalid authorization header', 'AUTH');
    for (const [name, session] of this.sessions) {
      if (session.token === token[1] && session.expiresAt > Date.now()) return { name };
    }
    // Callers' tokens stand for systems that logged in elsewhere: valid here too, as in a real cloud.
    const known = this.options.callerTokens?.[token[1]];
    if (known) return { name: known.systemName };
    return error(401, 'Invalid identity token', 'AUTH');
  }

  private answer(call: RecordedCall): Answer {
    const forced = this.override(call.path);
    if (forced) return forced;
    const { method, path } = call;
    // Authentication's tokenless operations.
    if (method === 'POST' && path === '/authentication/identity/login') return this.login(call.body);
    if (method === 'POST' && path === '/authentication/identity/logout') return this.logout(call);
    // The SR admits a lookup without identity only for exactly ["identity"] under outsourced.
    const identityLookup =
      this.options.policy === 'outsourced' && method === 'POST' && path === '/serviceregistry/service-discovery/lookup' && canonical(call.body?.serviceDefinitionNames) === '["identity"]' && !call.authorization;
    const caller = identityLookup ? { name: '' } : this.caller(call);
    if ('status' in caller) return caller;

    if (method === 'POST' && path === '/serviceregistry/service-discovery/lookup') return this.lookup(call);
    if (method === 'DELETE' && path === '/serviceregistry/system-discovery/revoke') {
      if (!this.systems.has(caller.name)) return { status: 204 };
      this.systems.delete(caller.name);
      for (const [id, instance] of this.instances) if (instance.provider === caller.name) this.instances.delete(id);
      return { status: 200 };
    }
    if (method === 'POST' && path === '/serviceregistry/system-discovery/register') return this.registerSystem(caller.name, call.body);
    if (method === 'POST' && path === '/serviceregistry/service-discovery/register') return this.registerService(caller.name, call.body);
    if (method === 'DELETE' && path.startsWith('/serviceregistry/service-discovery/revoke/')) {
      const id = path.slice('/serviceregistry/service-discovery/revoke/'.length);
      const instance = this.instances.get(id);
      if (!instance) return { status: 204 };
      if (instance.provider !== caller.name) return error(403, "Revoking other systems' service is forbidden", 'FORBIDDEN');
      this.instances.delete(id);
      return { status: 200 };
    }
    if (method === 'GET' && path.startsWith('/authentication/identity/verify/')) {
      const token = path.slice('/authentication/identity/verify/'.length);
      const known = this.options.callerTokens[token];
      const own = [...this.sessions].find(([, session]) => session.token === token);
      const systemName = known?.systemName ?? own?.[0];
      return {
        status: 200,
        body: systemName ? { verified: true, systemName, sysop: known?.sysop === true, loginTime: new Date().toISOString(), expirationTime: new Date(Date.now() + 3_600_000).toISOString() } : { verified: false },
      };
    }
    if (method === 'POST' && path === '/consumerauthorization/authorization/verify') {
      const body = call.body;
      const fields = ['provider', 'consumer', 'targetType', 'target'];
      if (!isObject(body) || fields.some((field) => typeof body[field] !== 'string' || body[field] === '')) return error(400, 'Invalid authorization request', 'INVALID_PARAMETER');
      return { status: 200, body: this.options.authorize(body) };
    }
    if (method === 'GET' && path.startsWith('/blacklist/check/')) {
      return { status: 200, body: this.options.blacklisted.includes(path.slice('/blacklist/check/'.length)) };
    }
    return error(404, `No such operation: ${method} ${path}`, 'DATA_NOT_FOUND');
  }

  private login(body: any): Answer {
    if (!isObject(body) || typeof body.systemName !== 'string' || body.systemName === '') return error(400, 'System name is missing', 'INVALID_PARAMETER');
    if (!isObject(body.credentials)) return error(400, 'Missing credentials', 'INVALID_PARAMETER');
    if (typeof body.credentials.password !== 'string' || body.credentials.password === '') return error(400, 'Missing or empty password', 'INVALID_PARAMETER');
    if (this.options.passwords[body.systemName] !== body.credentials.password) return error(401, 'Invalid name and/or credentials', 'AUTH');
    const token = `T${++this.tokenCounter}`;
    const expiresAt = Date.now() + this.options.tokenLifetimeMs;
    this.sessions.set(body.systemName, { token, expiresAt });
    return { status: 200, body: { token, expirationTime: new Date(expiresAt).toISOString() } };
  }

  private logout(call: RecordedCall): Answer {
    const body = call.body;
    if (!isObject(body) || this.options.passwords[body.systemName] === undefined || this.options.passwords[body.systemName] !== body.credentials?.password) {
      return error(401, 'Invalid name and/or credentials', 'AUTH');
    }
    this.sessions.delete(body.systemName);
    return { status: 200 };
  }

  private lookup(call: RecordedCall): Answer {
    const body = call.body;
    if (!isObject(body)) return error(400, 'Request payload is missing', 'INVALID_PARAMETER');
    const definitions: unknown[] | undefined = Array.isArray(body.serviceDefinitionNames) && body.serviceDefinitionNames.length > 0 ? body.serviceDefinitionNames : undefined;
    const providers: unknown[] | undefined = Array.isArray(body.providerNames) && body.providerNames.length > 0 ? body.providerNames : undefined;
    if (!definitions && !providers) return error(400, 'One of the filters must be specified', 'INVALID_PARAMETER');
    const templates: unknown[] | undefined = Array.isArray(body.interfaceTemplateNames) && body.interfaceTemplateNames.length > 0 ? body.interfaceTemplateNames : undefined;
    const template = typeof templates?.[0] === 'string' ? (templates[0] as string) : 'generic_http';
    const entries: unknown[] = [];
    // The core systems this fake plays, published at its own address.
    const definition = definitions?.[0] as string | undefined;
    const published = definition !== undefined ? PUBLISHED[definition] : undefined;
    if (published && (!providers || providers.includes(published.provider)) && TEMPLATES[template] && !TEMPLATES[template].mqtt) {
      entries.push({
        instanceId: `${published.provider}|${definition}|1.0.0`,
        provider: { name: published.provider },
        serviceDefinition: { name: definition },
        version: '1.0.0',
        metadata: { unrestrictedDiscovery: true },
        interfaces: [
          {
            templateName: template,
            protocol: TEMPLATES[template].protocol,
            policy: 'NONE',
            properties: { accessAddresses: ['127.0.0.1'], accessPort: this.port, basePath: published.basePath, operations: published.operations },
          },
        ],
      });
    }
    // What was registered here (so a lookup shows the service's registration, as on the real SR).
    for (const [instanceId, instance] of this.instances) {
      if (definitions && !definitions.includes(instance.body.serviceDefinitionName)) continue;
      if (providers && !providers.includes(instance.provider)) continue;
      const interfaces = (instance.body.interfaces as any[]).filter((item) => !templates || templates.includes(item.templateName));
      if (interfaces.length === 0) continue;
      entries.push({ instanceId, provider: { name: instance.provider }, serviceDefinition: { name: instance.body.serviceDefinitionName }, version: instance.body.version, metadata: instance.body.metadata ?? {}, interfaces });
    }
    return { status: 200, body: { entries, count: entries.length } };
  }

  private registerSystem(name: string, body: any): Answer {
    if (!isObject(body)) return error(400, 'Request payload is missing', 'INVALID_PARAMETER');
    const { metadata, version, addresses, deviceName } = body;
    if (metadata !== undefined && metadata !== null && !isObject(metadata)) return error(400, 'Metadata is invalid', 'INVALID_PARAMETER');
    if (version !== undefined && version !== null && (typeof version !== 'string' || !/^\d+\.\d+\.\d+$/.test(version))) return error(400, 'Version is invalid', 'INVALID_PARAMETER');
    if (!Array.isArray(addresses) || addresses.length === 0 || addresses.some((address) => typeof address !== 'string' || address.trim() === '' || address === '0.0.0.0')) {
      return error(400, 'Address list is invalid', 'INVALID_PARAMETER');
    }
    if (deviceName !== undefined && deviceName !== null) return error(400, 'Device name is not known', 'INVALID_PARAMETER');
    const record = { metadata: metadata ?? {}, version: version ?? '1.0.0', addresses };
    const existing = this.systems.get(name);
    if (existing) {
      if (canonical(existing) !== canonical(record)) return error(400, `System with name: ${name} already exists, but provided interfaces, metadata or version is not matching`, 'INVALID_PARAMETER');
      return { status: 200, body: this.systemResponse(name, record) };
    }
    this.systems.set(name, record);
    return { status: 201, body: this.systemResponse(name, record) };
  }

  private systemResponse(name: string, record: { metadata: unknown; version: string; addresses: string[] }) {
    return { name, metadata: record.metadata, version: record.version, addresses: record.addresses.map((address) => ({ type: 'HOSTNAME', address })), device: null };
  }

  private registerService(provider: string, body: any): Answer {
    if (!this.systems.has(provider)) return error(400, `System not exists: ${provider}`, 'INVALID_PARAMETER');
    if (!isObject(body) || typeof body.serviceDefinitionName !== 'string' || !/^[a-z][A-Za-z0-9]*$/.test(body.serviceDefinitionName)) {
      return error(400, 'Service definition name is invalid', 'INVALID_PARAMETER');
    }
    if (typeof body.version !== 'string' || !/^\d+\.\d+\.\d+$/.test(body.version)) return error(400, 'Version is invalid', 'INVALID_PARAMETER');
    if (body.metadata !== undefined && body.metadata !== null && !isObject(body.metadata)) return error(400, 'Metadata is invalid', 'INVALID_PARAMETER');
    if (!Array.isArray(body.interfaces) || body.interfaces.length === 0) return error(400, 'Interface list is empty', 'INVALID_PARAMETER');
    for (const item of body.interfaces) {
      const problem = this.interfaceProblem(item);
      if (problem) return error(400, problem, 'INVALID_PARAMETER');
    }
    const instanceId = `${provider}|${body.serviceDefinitionName}|${body.version}`;
    this.instances.set(instanceId, { provider, body });
    return {
      status: 201,
      body: { instanceId, provider: { name: provider }, serviceDefinition: { name: body.serviceDefinitionName }, version: body.version, expiresAt: null, metadata: body.metadata ?? {}, interfaces: body.interfaces },
    };
  }

  /** The SR's template check (restricted interface policy): known template, its protocol, its properties. */
  private interfaceProblem(item: any): string | undefined {
    if (!isObject(item) || !TEMPLATES[item.templateName]) return `Interface template does not exist: ${item?.templateName}`;
    const template = TEMPLATES[item.templateName];
    if (item.protocol !== template.protocol) return `Interface protocol is not matching the template: ${item.protocol}`;
    if (!['NONE', 'CERT_AUTH', 'TIME_LIMITED_TOKEN_AUTH', 'USAGE_LIMITED_TOKEN_AUTH', 'BASE64_SELF_CONTAINED_TOKEN_AUTH', 'RSA_SHA256_JSON_WEB_TOKEN_AUTH', 'RSA_SHA512_JSON_WEB_TOKEN_AUTH'].includes(item.policy)) {
      return `Security policy is invalid: ${item.policy}`;
    }
    const p = item.properties;
    if (!isObject(p)) return 'Interface properties are missing';
    if (!Array.isArray(p.accessAddresses) || p.accessAddresses.length === 0 || p.accessAddresses.some((address: unknown) => typeof address !== 'string' || address === '')) {
      return 'accessAddresses is invalid';
    }
    if (!Number.isInteger(p.accessPort) || p.accessPort < 1 || p.accessPort > 65535) return 'accessPort is invalid';
    if (template.mqtt) {
      if (typeof p.baseTopic !== 'string' || p.baseTopic === '') return 'baseTopic is missing';
      if (!Array.isArray(p.operations) || p.operations.length === 0 || p.operations.some((operation: unknown) => typeof operation !== 'string')) return 'operations is invalid';
    } else {
      if (typeof p.basePath !== 'string' || !p.basePath.startsWith('/')) return 'basePath is invalid';
      if (!isObject(p.operations) || Object.keys(p.operations).length === 0) return 'operations is invalid';
      for (const operation of Object.values(p.operations)) {
        if (!isObject(operation) || typeof operation.path !== 'string' || !operation.path.startsWith('/') || !['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(operation.method)) {
          return 'operations is invalid';
        }
      }
    }
    return undefined;
  }
}

/** `ts-node test/support/fake-cloud.ts --port 18590 [--outsourced] [--password pw] [--blacklist A,B] [--authorize Operator1,…] [--token C1=TemperatureConsumer]` */
async function main(argv: string[]): Promise<void> {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const list = (flag: string) => (value(flag) ?? '').split(',').filter((item) => item !== '');
  const allowed = list('--authorize');
  const callerTokens = Object.fromEntries(
    argv.flatMap((arg, index) => (arg === '--token' ? [argv[index + 1]] : [])).map((pair) => {
      const [token, systemName] = pair.split('=');
      return [token, { systemName, sysop: systemName === 'Sysop' }];
    }),
  );
  const fake = await new FakeCloud({
    policy: argv.includes('--outsourced') ? 'outsourced' : 'declared',
    passwords: { SimpleStoreServiceOrchestration: value('--password') ?? 'pw' },
    blacklisted: list('--blacklist'),
    authorize: (question) => allowed.includes(question.consumer),
    callerTokens,
  }).start(Number(value('--port') ?? 0));
  console.log(`Fake local cloud (ServiceRegistry, Authentication, ConsumerAuthorization, Blacklist) on ${fake.url}, policy ${fake.options.policy}`);
  let shown = 0;
  setInterval(() => {
    for (const call of fake.calls.slice(shown)) {
      console.log(`${new Date(call.at).toISOString()} ${call.method} ${call.rawPath} auth=${call.authorization ?? '-'}${call.body !== undefined ? ` ${JSON.stringify(call.body)}` : ''}`);
    }
    shown = fake.calls.length;
  }, 200);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void fake.stop().then(() => process.exit(0)));
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((failure: Error) => {
    console.error(failure.message);
    process.exit(1);
  });
}
