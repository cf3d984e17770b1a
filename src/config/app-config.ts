import { Logger } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
  ValidateBy,
} from 'class-validator';
import { randomBytes } from 'node:crypto';
import { resolveAliases } from './aliases';
import { DEFAULT_BLOCKED_NETWORKS, parseNetworks } from '../common/http/blocked-networks';
import { StartupError } from '../startup-error';
import { integerText } from '../common/validation/lenient';

export type NormalizationMode = 'simple' | 'extended';
export type ManagementPolicy = 'sysop-only' | 'whitelist' | 'authorization';
export type AuthenticationPolicy = 'declared' | 'certificate' | 'outsourced';
export type ClientAuth = 'none' | 'request' | 'require';

/** The typed, validated configuration every part of the service reads. */
export interface AppConfig {
  systemName: string;
  /** Address published to other systems (reported by get-config as `domain.name`). */
  domainName: string;
  log: {
    format: 'json' | 'text';
    level: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
    maxAgeDays: number;
    /** Stored log records beyond this many are removed by the cleaner, oldest first. */
    maxRows: number;
  };
  http: {
    port: number;
    address: string;
    bodyLimit: string;
    /** Origins browsers may call from (SPEC-cloud.md §7); `*` wildcards allowed. */
    corsOrigins: string[];
    /** Plain-HTTP listener for health, metrics and the OpenAPI description, which then leave the API port. */
    managementPort?: number;
  };
  database: { url?: string; dataDir: string };
  mqtt: {
    enabled: boolean;
    /** External broker; when absent an embedded broker listens on `embeddedPort`. */
    url?: string;
    embeddedPort: number;
    clientId: string;
    username?: string;
    password?: string;
    sharedGroup?: string;
    /** PEM files for the broker connection; absent: this system's TLS identity and anchors (config/tls.ts). */
    caFile?: string;
    certFile?: string;
    keyFile?: string;
    rejectUnauthorized: boolean;
    /** Larger MQTT requests are dropped unparsed; the embedded broker refuses larger packets. */
    maxPayloadBytes: number;
  };
  /**
   * HTTPS (and the embedded broker's MQTTS) with PEM files or a PKCS12 key store and trust store;
   * the same identity and anchors serve outgoing HTTPS and MQTTS (config/tls.ts loads them).
   */
  tls: {
    enabled: boolean;
    keyFile?: string;
    certFile?: string;
    caFile?: string;
    keystore?: { path: string; password: string; alias?: string; keyPassword?: string };
    truststore?: { path: string; password: string };
    clientAuth: ClientAuth;
    /** Outgoing HTTPS skips the check that the certificate names the host (reference `disable.hostname.verifier`). */
    disableHostnameVerifier: boolean;
  };
  /** Time limit of one call to another core system (Authentication, ConsumerAuthorization, …). */
  coreHttpTimeoutMs: number;
  /** Things worth telling the operator at start-up (aliases used, ignored variables). */
  warnings: string[];
  auth: {
    policy: AuthenticationPolicy;
    /** Authentication core system (outsourced policy), e.g. https://authentication:8443. */
    authenticationUrl?: string;
    tokenCacheMs: number;
    /** At most this many verified tokens are kept (least recently used ones go first). */
    tokenCacheMax: number;
    /** ConsumerAuthorization core system (authorization management policy). */
    consumerAuthorizationUrl?: string;
    managementFilterEnabled: boolean;
    managementPolicy: ManagementPolicy;
    managementWhitelist: string[];
  };
  normalizationMode: NormalizationMode;
  maxPageSize: number;
  /** Entries any one list or map of a request may have (MAX_BULK). */
  maxBulk: number;
  cleanerIntervalMs: number;
  orchestration: {
    /** A live lock hides its instance from every consumer but its owner (SPEC-locks.md §5.3). */
    locksAffectPull: boolean;
    /** Finished jobs older than this many days are deleted by the cleaner. */
    historyMaxAgeDays: number;
    /** Pull job records are written behind, in batches, at least this often. */
    jobFlushIntervalMs: number;
    /** Pull job records buffered at most; a full buffer holds pulls back until the next flush. */
    jobBufferSize: number;
  };
  push: {
    /** Push jobs run at the same time by this replica. */
    maxWorkers: number;
    /** How often idle replicas look for queued jobs anyway (enqueues wake them at once, through PostgreSQL on a configured database). */
    pollIntervalMs: number;
    /** How long a claimed job belongs to its replica before another may take it over. */
    leaseMs: number;
    /** Deadline of one HTTP notification attempt, from before the connection to the last byte. */
    httpTimeoutMs: number;
    httpRetries: number;
    /** CIDR networks HTTP notifications may not go to (empty: anywhere). */
    blockedNetworks: string[];
  };
  /** Taking part in a local cloud (SPEC-cloud.md): registry, discovery, own identity, Blacklist. */
  cloud: CloudConfig;
}

export interface CloudConfig {
  /** ServiceRegistry base URL; absent = standalone (SPEC-cloud.md §1). */
  serviceRegistryUrl?: string;
  register: boolean;
  connectAttempts: number;
  retryIntervalMs: number;
  leaveOnShutdown: boolean;
  discoveryCacheTtlMs: number;
  blacklistUrl?: string;
  /** Outsourced policy: what this system logs in with (never logged, never reported). */
  loginCredentials?: Record<string, string>;
  loginIntervalMs: number;
  blacklist: { enabled: boolean; failOpen: boolean; exclude: string[] };
}

/** The highest MAX_BULK accepted (see EnvironmentVariables.MAX_BULK). */
export const MAX_BULK_LIMIT = 5000;

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['true', '1', 'yes'].includes(value.trim().toLowerCase()) ? true : ['false', '0', 'no'].includes(value.trim().toLowerCase()) ? false : value : value;
const toInteger = ({ value }: { value: unknown }) => integerText(value) ?? value;
const toLowerTrimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** Environment variables, validated at start-up; every bad one is reported at once. */
class EnvironmentVariables {
  @IsOptional() @IsString() SYSTEM_NAME?: string;
  @IsOptional() @IsString() DOMAIN_NAME?: string;
  @IsOptional() @Transform(toLowerTrimmed) @IsIn(['json', 'text'], { message: 'LOG_FORMAT must be json or text' }) LOG_FORMAT?: 'json' | 'text';
  @IsOptional() @Transform(toLowerTrimmed) @IsIn(['error', 'warn', 'log', 'debug', 'verbose'], { message: 'LOG_LEVEL must be error, warn, log, debug or verbose' })
  LOG_LEVEL?: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) LOG_MAX_AGE_DAYS?: number;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(100) LOG_MAX_ROWS?: number;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsString() SERVER_ADDRESS?: string;
  @IsOptional() @IsString() CORS_ORIGINS?: string;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(65535) MANAGEMENT_PORT?: number;
  @IsOptional() @Matches(/^\d+(b|kb|mb)?$/i, { message: 'BODY_LIMIT must look like 1mb, 512kb or a byte count' }) BODY_LIMIT?: string;
  @IsOptional() @Matches(/^\d+(b|kb|mb)?$/i, { message: 'MQTT_MAX_PAYLOAD must look like 1mb, 512kb or a byte count' }) MQTT_MAX_PAYLOAD?: string;

  @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' }) DATABASE_URL?: string;
  @IsOptional() @IsString() DATA_DIR?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean() MQTT_ENABLED?: boolean;
  @IsOptional() @Matches(/^(mqtts?|tcp|ssl|wss?):\/\//, { message: 'MQTT_URL must be an mqtt://, mqtts://, tcp://, ssl://, ws:// or wss:// URL' }) MQTT_URL?: string;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(65535) MQTT_PORT?: number;
  @IsOptional() @IsString() MQTT_CLIENT_ID?: string;
  @IsOptional() @IsString() MQTT_USERNAME?: string;
  @IsOptional() @IsString() MQTT_PASSWORD?: string;
  @IsOptional() @Matches(/^[^/#+$]+$/, { message: 'MQTT_SHARED_GROUP must not contain /, #, + or $' }) MQTT_SHARED_GROUP?: string;
  @IsOptional() @IsString() MQTT_CA_FILE?: string;
  @IsOptional() @IsString() MQTT_CERT_FILE?: string;
  @IsOptional() @IsString() MQTT_KEY_FILE?: string;
  @IsOptional() @Transform(toBoolean) @IsBoolean() MQTT_REJECT_UNAUTHORIZED?: boolean;

  @IsOptional() @Transform(toLowerTrimmed) @IsIn(['declared', 'certificate', 'outsourced'], { message: 'AUTH_POLICY must be declared, certificate or outsourced' }) AUTH_POLICY?: AuthenticationPolicy;
  @IsOptional() @Matches(/^https?:\/\/[^/]+/, { message: 'AUTHENTICATION_URL must be an http(s):// URL' }) AUTHENTICATION_URL?: string;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) AUTH_TOKEN_CACHE_MS?: number;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(1_000_000) AUTH_TOKEN_CACHE_MAX?: number;
  @IsOptional() @IsString() AUTH_LOGIN_PASSWORD?: string;
  @IsOptional() @IsString() AUTH_LOGIN_CREDENTIALS?: string;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(100) AUTH_LOGIN_INTERVAL_MS?: number;
  @IsOptional() @Matches(/^https?:\/\/[^/]+/, { message: 'SERVICE_REGISTRY_URL must be an http(s):// URL' }) SERVICE_REGISTRY_URL?: string;
  @IsOptional() @Transform(toBoolean) @IsBoolean() SERVICE_REGISTRY_REGISTER?: boolean;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(1000) SERVICE_REGISTRY_CONNECT_ATTEMPTS?: number;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(10) SERVICE_REGISTRY_RETRY_INTERVAL_MS?: number;
  @IsOptional() @Transform(toBoolean) @IsBoolean() LEAVE_CLOUD_ON_SHUTDOWN?: boolean;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) DISCOVERY_CACHE_TTL_MS?: number;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(100) CORE_HTTP_TIMEOUT_MS?: number;
  @IsOptional() @Matches(/^https?:\/\/[^/]+/, { message: 'BLACKLIST_URL must be an http(s):// URL' }) BLACKLIST_URL?: string;
  @IsOptional() @Transform(toBoolean) @IsBoolean() BLACKLIST_ENABLED?: boolean;
  @IsOptional() @Transform(toBoolean) @IsBoolean() BLACKLIST_FAIL_OPEN?: boolean;
  @IsOptional() @IsString() BLACKLIST_EXCLUDE?: string;
  @IsOptional() @Matches(/^https?:\/\/[^/]+/, { message: 'CONSUMER_AUTHORIZATION_URL must be an http(s):// URL' }) CONSUMER_AUTHORIZATION_URL?: string;
  @IsOptional() @Transform(toBoolean) @IsBoolean() TLS_ENABLED?: boolean;
  @IsOptional() @IsString() TLS_KEY_FILE?: string;
  @IsOptional() @IsString() TLS_CERT_FILE?: string;
  @IsOptional() @IsString() TLS_CA_FILE?: string;
  @IsOptional() @IsString() TLS_KEYSTORE?: string;
  @IsOptional() @IsString() TLS_KEYSTORE_PASSWORD?: string;
  @IsOptional() @IsString() TLS_KEY_ALIAS?: string;
  @IsOptional() @IsString() TLS_KEY_PASSWORD?: string;
  @IsOptional() @IsString() TLS_TRUSTSTORE?: string;
  @IsOptional() @IsString() TLS_TRUSTSTORE_PASSWORD?: string;
  @IsOptional() @Transform(toLowerTrimmed) @IsIn(['none', 'request', 'require'], { message: 'TLS_CLIENT_AUTH must be none, request or require' }) TLS_CLIENT_AUTH?: ClientAuth;
  @IsOptional() @Transform(toBoolean) @IsBoolean() DISABLE_HOSTNAME_VERIFIER?: boolean;
  @IsOptional() @Transform(toBoolean) @IsBoolean() ENABLE_MANAGEMENT_FILTER?: boolean;
  @IsOptional() @Transform(toLowerTrimmed) @IsIn(['sysop-only', 'whitelist', 'authorization'], { message: 'MANAGEMENT_POLICY must be sysop-only, whitelist or authorization' }) MANAGEMENT_POLICY?: ManagementPolicy;
  @IsOptional() @IsString() MANAGEMENT_WHITELIST?: string;

  @IsOptional() @Transform(toLowerTrimmed) @IsIn(['simple', 'extended'], { message: 'NORMALIZATION_MODE must be simple or extended' }) NORMALIZATION_MODE?: NormalizationMode;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) MAX_PAGE_SIZE?: number;
  // At most 5000: a create statement binds 9 values per entry, and PostgreSQL takes at most 65,535.
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(MAX_BULK_LIMIT) MAX_BULK?: number;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(100) CLEANER_INTERVAL_MS?: number;
  @IsOptional() @Transform(toBoolean) @IsBoolean() ORCH_LOCKS_AFFECT_PULL?: boolean;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) ORCH_HISTORY_MAX_AGE_DAYS?: number;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(50) ORCH_JOB_FLUSH_INTERVAL_MS?: number;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(1_000_000) ORCH_JOB_BUFFER_SIZE?: number;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) @Max(100) PUSH_MAX_WORKERS?: number;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(50) PUSH_POLL_INTERVAL_MS?: number;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1000) PUSH_LEASE_MS?: number;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(50) PUSH_HTTP_TIMEOUT_MS?: number;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(10) PUSH_HTTP_RETRIES?: number;
  @IsOptional()
  @ValidateBy({
    name: 'isNetworkList',
    validator: {
      validate: (value) => typeof value === 'string' && parseNetworks(value).errors.length === 0,
      defaultMessage: (args) => `PUSH_HTTP_BLOCKED_NETWORKS must be a comma-separated list of CIDR networks: ${parseNetworks(String(args?.value)).errors.join('; ')}`,
    },
  })
  PUSH_HTTP_BLOCKED_NETWORKS?: string;
}

export class ConfigurationError extends StartupError {}

/** `1mb`, `512kb`, `2048b` or `2048` in bytes (the BODY_LIMIT notation, powers of 1024 as body-parser reads it). */
export function sizeInBytes(size: string): number {
  const [, digits, unit = 'b'] = /^(\d+)(b|kb|mb)?$/i.exec(size.trim()) ?? [];
  return Number(digits) * { b: 1, kb: 1024, mb: 1024 * 1024 }[unit.toLowerCase() as 'b' | 'kb' | 'mb'];
}

function blankToUndefined(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== ''),
  );
}

/** Shown as `***` in error messages. */
const SECRET = /PASSWORD|CREDENTIALS/;

function shown(name: string, value: unknown): string {
  if (SECRET.test(name)) return '"***"';
  // A database URL may carry its password.
  return JSON.stringify(typeof value === 'string' ? value.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@') : value);
}

/** Validates the environment and builds the configuration; throws one error listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const aliases = resolveAliases(blankToUndefined(env));
  const vars = plainToInstance(EnvironmentVariables, aliases.env);
  const problems = [...aliases.errors];
  for (const error of validateSync(vars, { whitelist: false })) {
    // Name the variable the operator set: an alias is reported as itself.
    const from = aliases.sources[error.property];
    const name = from ? `${from}=${shown(from, error.value)} (read as ${error.property})` : `${error.property}=${shown(error.property, error.value)}`;
    for (const text of Object.values(error.constraints ?? {})) problems.push(`${name}: ${text}`);
  }

  const systemName = vars.SYSTEM_NAME?.trim() ?? 'SimpleStoreServiceOrchestration';
  const policy = vars.AUTH_POLICY ?? 'declared';
  const tlsEnabled = vars.TLS_ENABLED ?? false;
  const port = vars.PORT ?? 8465;
  if (vars.MANAGEMENT_PORT !== undefined && vars.MANAGEMENT_PORT !== 0 && vars.MANAGEMENT_PORT === port) {
    problems.push(`MANAGEMENT_PORT=${vars.MANAGEMENT_PORT} must differ from the API port (PORT)`);
  }
  const pemIdentity = Boolean(vars.TLS_KEY_FILE || vars.TLS_CERT_FILE);
  const anchors = Boolean(vars.TLS_CA_FILE || vars.TLS_TRUSTSTORE);
  if (pemIdentity && vars.TLS_KEYSTORE) problems.push('TLS_KEY_FILE/TLS_CERT_FILE and TLS_KEYSTORE are both set: give the PEM files or the PKCS12 key store, not both');
  if (vars.TLS_CA_FILE && vars.TLS_TRUSTSTORE) problems.push('TLS_CA_FILE and TLS_TRUSTSTORE are both set: give the PEM file or the PKCS12 trust store, not both');
  if (vars.TLS_KEYSTORE && !vars.TLS_KEYSTORE_PASSWORD) problems.push('TLS_KEYSTORE needs TLS_KEYSTORE_PASSWORD');
  if (vars.TLS_TRUSTSTORE && !vars.TLS_TRUSTSTORE_PASSWORD) problems.push('TLS_TRUSTSTORE needs TLS_TRUSTSTORE_PASSWORD');
  if (tlsEnabled && !vars.TLS_KEYSTORE && (!vars.TLS_KEY_FILE || !vars.TLS_CERT_FILE)) problems.push('TLS_ENABLED=true needs TLS_KEY_FILE and TLS_CERT_FILE, or TLS_KEYSTORE');
  if (vars.TLS_CLIENT_AUTH && vars.TLS_CLIENT_AUTH !== 'none' && !anchors) {
    problems.push(`TLS_CLIENT_AUTH=${vars.TLS_CLIENT_AUTH} needs TLS_CA_FILE or TLS_TRUSTSTORE (the CA client certificates are checked against)`);
  }
  if (policy === 'certificate' && !tlsEnabled) problems.push("AUTH_POLICY=certificate needs TLS_ENABLED=true (Authentication policy cannot be 'CERTIFICATE' while SSL is disabled)");
  if (policy === 'certificate' && !anchors) problems.push('AUTH_POLICY=certificate needs TLS_CA_FILE or TLS_TRUSTSTORE');
  if (policy === 'certificate' && vars.TLS_CLIENT_AUTH === 'none') problems.push('AUTH_POLICY=certificate needs TLS_CLIENT_AUTH=request or require');
  const registryUrl = vars.SERVICE_REGISTRY_URL?.trim().replace(/\/+$/, '');
  if (policy === 'outsourced' && !vars.AUTHENTICATION_URL && !registryUrl) problems.push('AUTH_POLICY=outsourced needs AUTHENTICATION_URL or SERVICE_REGISTRY_URL');
  if (vars.MANAGEMENT_POLICY === 'authorization' && !vars.CONSUMER_AUTHORIZATION_URL && !registryUrl) {
    problems.push('MANAGEMENT_POLICY=authorization needs CONSUMER_AUTHORIZATION_URL or SERVICE_REGISTRY_URL');
  }
  if (vars.BLACKLIST_ENABLED && !vars.BLACKLIST_URL && !registryUrl) problems.push('BLACKLIST_ENABLED=true needs BLACKLIST_URL or SERVICE_REGISTRY_URL');
  const loginCredentials = loginCredentialsOf(vars, problems);
  if (policy === 'outsourced' && !loginCredentials) {
    problems.push('AUTH_POLICY=outsourced needs AUTH_LOGIN_PASSWORD or AUTH_LOGIN_CREDENTIALS (no credentials are specified to login to the authentication system)');
  }
  const register = registryUrl !== undefined && (vars.SERVICE_REGISTRY_REGISTER ?? true);
  const domainName = vars.DOMAIN_NAME?.trim() ?? '';
  if (register && domainName === '') problems.push('DOMAIN_NAME is required to register in the Service Registry');
  if (register && domainName === '0.0.0.0') problems.push('DOMAIN_NAME=0.0.0.0 cannot be registered: give the address other systems reach this service at');
  if (register && ['localhost', '127.0.0.1', '::1'].includes(domainName.toLowerCase())) {
    Logger.warn(`DOMAIN_NAME=${domainName} is registered in the Service Registry: other systems in containers or on other hosts cannot reach it there`, 'Configuration');
  }
  const push = {
    maxWorkers: vars.PUSH_MAX_WORKERS ?? 5,
    pollIntervalMs: vars.PUSH_POLL_INTERVAL_MS ?? 5000,
    leaseMs: vars.PUSH_LEASE_MS ?? 60000,
    httpTimeoutMs: vars.PUSH_HTTP_TIMEOUT_MS ?? 5000,
    httpRetries: vars.PUSH_HTTP_RETRIES ?? 2,
    // Set but empty means "block nothing" (every other blank variable means "use the default").
    blockedNetworks: parseNetworks(env.PUSH_HTTP_BLOCKED_NETWORKS ?? DEFAULT_BLOCKED_NETWORKS).networks,
  };
  if (problems.length > 0) {
    throw new ConfigurationError(`Invalid configuration:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
  }
  return {
    systemName,
    domainName,
    log: { format: vars.LOG_FORMAT ?? 'text', level: vars.LOG_LEVEL ?? 'log', maxAgeDays: vars.LOG_MAX_AGE_DAYS ?? 30, maxRows: vars.LOG_MAX_ROWS ?? 100_000 },
    http: {
      port,
      address: vars.SERVER_ADDRESS ?? '0.0.0.0',
      bodyLimit: vars.BODY_LIMIT ?? '1mb',
      managementPort: vars.MANAGEMENT_PORT,
      corsOrigins: (vars.CORS_ORIGINS ?? '*')
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
    },
    database: { url: vars.DATABASE_URL, dataDir: vars.DATA_DIR ?? './data' },
    mqtt: {
      enabled: vars.MQTT_ENABLED ?? true,
      url: vars.MQTT_URL,
      embeddedPort: vars.MQTT_PORT ?? (tlsEnabled ? 8883 : 1883),
      // Unique per process: a broker drops the older of two clients with one id (replicas!).
      clientId: vars.MQTT_CLIENT_ID ?? `AH-${systemName}-${randomBytes(4).toString('hex')}`,
      // The reference logs in to the broker with its system name (SPEC-cloud.md §8).
      username: vars.MQTT_USERNAME ?? (vars.MQTT_PASSWORD ? systemName : undefined),
      password: vars.MQTT_PASSWORD,
      sharedGroup: vars.MQTT_SHARED_GROUP,
      caFile: vars.MQTT_CA_FILE,
      certFile: vars.MQTT_CERT_FILE,
      keyFile: vars.MQTT_KEY_FILE,
      rejectUnauthorized: vars.MQTT_REJECT_UNAUTHORIZED ?? true,
      maxPayloadBytes: sizeInBytes(vars.MQTT_MAX_PAYLOAD ?? vars.BODY_LIMIT ?? '1mb'),
    },
    tls: {
      enabled: tlsEnabled,
      keyFile: vars.TLS_KEY_FILE,
      certFile: vars.TLS_CERT_FILE,
      caFile: vars.TLS_CA_FILE,
      keystore: vars.TLS_KEYSTORE
        ? { path: vars.TLS_KEYSTORE, password: vars.TLS_KEYSTORE_PASSWORD!, alias: vars.TLS_KEY_ALIAS?.trim(), keyPassword: vars.TLS_KEY_PASSWORD }
        : undefined,
      truststore: vars.TLS_TRUSTSTORE ? { path: vars.TLS_TRUSTSTORE, password: vars.TLS_TRUSTSTORE_PASSWORD! } : undefined,
      // `request`, not `require`, for the certificate policy: probes, scrapers and the Swagger UI come
      // without a client certificate; API calls without one are still refused (401).
      clientAuth: vars.TLS_CLIENT_AUTH ?? (policy === 'certificate' ? 'request' : 'none'),
      disableHostnameVerifier: vars.DISABLE_HOSTNAME_VERIFIER ?? false,
    },
    coreHttpTimeoutMs: vars.CORE_HTTP_TIMEOUT_MS ?? 10000,
    warnings: aliases.warnings,
    auth: {
      policy,
      authenticationUrl: vars.AUTHENTICATION_URL?.replace(/\/+$/, ''),
      tokenCacheMs: vars.AUTH_TOKEN_CACHE_MS ?? 30000,
      tokenCacheMax: vars.AUTH_TOKEN_CACHE_MAX ?? 10000,
      consumerAuthorizationUrl: vars.CONSUMER_AUTHORIZATION_URL?.replace(/\/+$/, ''),
      managementFilterEnabled: vars.ENABLE_MANAGEMENT_FILTER ?? true,
      managementPolicy: vars.MANAGEMENT_POLICY ?? 'sysop-only',
      managementWhitelist: (vars.MANAGEMENT_WHITELIST ?? '')
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    },
    normalizationMode: vars.NORMALIZATION_MODE ?? 'extended',
    maxPageSize: vars.MAX_PAGE_SIZE ?? 1000,
    maxBulk: vars.MAX_BULK ?? 1000,
    cleanerIntervalMs: vars.CLEANER_INTERVAL_MS ?? 30000,
    orchestration: {
      locksAffectPull: vars.ORCH_LOCKS_AFFECT_PULL ?? true,
      historyMaxAgeDays: vars.ORCH_HISTORY_MAX_AGE_DAYS ?? 15,
      jobFlushIntervalMs: vars.ORCH_JOB_FLUSH_INTERVAL_MS ?? 50,
      jobBufferSize: vars.ORCH_JOB_BUFFER_SIZE ?? 10_000,
    },
    push,
    cloud: {
      serviceRegistryUrl: registryUrl,
      register,
      connectAttempts: vars.SERVICE_REGISTRY_CONNECT_ATTEMPTS ?? 4,
      retryIntervalMs: vars.SERVICE_REGISTRY_RETRY_INTERVAL_MS ?? 15000,
      leaveOnShutdown: vars.LEAVE_CLOUD_ON_SHUTDOWN ?? true,
      discoveryCacheTtlMs: vars.DISCOVERY_CACHE_TTL_MS ?? 600000,
      blacklistUrl: vars.BLACKLIST_URL?.replace(/\/+$/, ''),
      loginCredentials,
      loginIntervalMs: vars.AUTH_LOGIN_INTERVAL_MS ?? 10000,
      blacklist: {
        enabled: vars.BLACKLIST_ENABLED ?? false,
        failOpen: vars.BLACKLIST_FAIL_OPEN ?? false,
        exclude: (vars.BLACKLIST_EXCLUDE ?? 'ServiceRegistry,Authentication,ConsumerAuthorization,DynamicServiceOrchestration')
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== ''),
      },
    },
  };
}

/** AUTH_LOGIN_CREDENTIALS (a JSON map of strings) or AUTH_LOGIN_PASSWORD (its `password` shorthand). */
function loginCredentialsOf(vars: EnvironmentVariables, problems: string[]): Record<string, string> | undefined {
  if (vars.AUTH_LOGIN_PASSWORD !== undefined && vars.AUTH_LOGIN_CREDENTIALS !== undefined) {
    problems.push('AUTH_LOGIN_PASSWORD and AUTH_LOGIN_CREDENTIALS are both set: give one');
    return undefined;
  }
  if (vars.AUTH_LOGIN_PASSWORD !== undefined) return { password: vars.AUTH_LOGIN_PASSWORD };
  if (vars.AUTH_LOGIN_CREDENTIALS === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(vars.AUTH_LOGIN_CREDENTIALS);
  } catch {
    parsed = undefined;
  }
  const valid = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.values(parsed).every((value) => typeof value === 'string');
  // The value is a secret: the message never repeats it.
  if (!valid) problems.push('AUTH_LOGIN_CREDENTIALS must be a JSON object of strings, e.g. {"password":"…"}');
  return valid ? (parsed as Record<string, string>) : undefined;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
