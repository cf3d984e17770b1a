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
import { DEFAULT_BLOCKED_NETWORKS, parseNetworks } from '../common/http/blocked-networks';
import { StartupError } from '../startup-error';

export type NormalizationMode = 'simple' | 'extended';
export type ManagementPolicy = 'sysop-only' | 'whitelist' | 'authorization';
export type AuthenticationPolicy = 'declared' | 'certificate' | 'outsourced';
export type ClientAuth = 'none' | 'request' | 'require';

/** The typed, validated configuration every part of the service reads. */
export interface AppConfig {
  systemName: string;
  /** Address published to other systems (reported by get-config as `domain.name`). */
  domainName: string;
  log: { format: 'json' | 'text'; level: 'error' | 'warn' | 'log' | 'debug' | 'verbose'; maxAgeDays: number };
  http: {
    port: number;
    address: string;
    bodyLimit: string;
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
    caFile?: string;
    certFile?: string;
    keyFile?: string;
    rejectUnauthorized: boolean;
  };
  /** HTTPS (and the embedded broker's MQTTS) with PEM files; the same identity is used for outgoing calls. */
  tls: { enabled: boolean; keyFile?: string; certFile?: string; caFile?: string; clientAuth: ClientAuth };
  auth: {
    policy: AuthenticationPolicy;
    /** Authentication core system (outsourced policy), e.g. https://authentication:8443. */
    authenticationUrl?: string;
    tokenCacheMs: number;
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
    /** How often idle replicas look for queued jobs (their own triggers wake them at once). */
    pollIntervalMs: number;
    /** How long a claimed job belongs to its replica before another may take it over. */
    leaseMs: number;
    /** Deadline of one HTTP notification attempt, from before the connection to the last byte. */
    httpTimeoutMs: number;
    httpRetries: number;
    /** CIDR networks HTTP notifications may not go to (empty: anywhere). */
    blockedNetworks: string[];
  };
}

/** The highest MAX_BULK accepted (see EnvironmentVariables.MAX_BULK). */
export const MAX_BULK_LIMIT = 5000;

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['true', '1', 'yes'].includes(value.trim().toLowerCase()) ? true : ['false', '0', 'no'].includes(value.trim().toLowerCase()) ? false : value : value;
const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
const toLowerTrimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** Environment variables, validated at start-up; every bad one is reported at once. */
class EnvironmentVariables {
  @IsOptional() @IsString() SYSTEM_NAME?: string;
  @IsOptional() @IsString() DOMAIN_NAME?: string;
  @IsOptional() @Transform(toLowerTrimmed) @IsIn(['json', 'text'], { message: 'LOG_FORMAT must be json or text' }) LOG_FORMAT?: 'json' | 'text';
  @IsOptional() @Transform(toLowerTrimmed) @IsIn(['error', 'warn', 'log', 'debug', 'verbose'], { message: 'LOG_LEVEL must be error, warn, log, debug or verbose' })
  LOG_LEVEL?: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  @IsOptional() @Transform(toInteger) @IsInt() @Min(1) LOG_MAX_AGE_DAYS?: number;

  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(65535) SERVER_PORT?: number;
  @IsOptional() @IsString() SERVER_ADDRESS?: string;
  @IsOptional() @Transform(toInteger) @IsInt() @Min(0) @Max(65535) MANAGEMENT_PORT?: number;
  @IsOptional() @Matches(/^\d+(b|kb|mb)?$/i, { message: 'BODY_LIMIT must look like 1mb, 512kb or a byte count' }) BODY_LIMIT?: string;

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
  @IsOptional() @Matches(/^https?:\/\/[^/]+/, { message: 'CONSUMER_AUTHORIZATION_URL must be an http(s):// URL' }) CONSUMER_AUTHORIZATION_URL?: string;
  @IsOptional() @Transform(toBoolean) @IsBoolean() TLS_ENABLED?: boolean;
  @IsOptional() @IsString() TLS_KEY_FILE?: string;
  @IsOptional() @IsString() TLS_CERT_FILE?: string;
  @IsOptional() @IsString() TLS_CA_FILE?: string;
  @IsOptional() @Transform(toLowerTrimmed) @IsIn(['none', 'request', 'require'], { message: 'TLS_CLIENT_AUTH must be none, request or require' }) TLS_CLIENT_AUTH?: ClientAuth;
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

function blankToUndefined(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== ''),
  );
}

/** Validates the environment and builds the configuration; throws one error listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const vars = plainToInstance(EnvironmentVariables, blankToUndefined(env));
  const errors = validateSync(vars, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((text) => `  - ${error.property}=${JSON.stringify(error.value)}: ${text}`),
    );
    throw new ConfigurationError(`Invalid configuration:\n${lines.join('\n')}`);
  }

  const systemName = vars.SYSTEM_NAME?.trim() ?? 'SimpleStoreServiceOrchestration';
  const policy = vars.AUTH_POLICY ?? 'declared';
  const tlsEnabled = vars.TLS_ENABLED ?? false;
  const combination: string[] = [];
  const port = vars.PORT ?? vars.SERVER_PORT ?? 8465;
  if (vars.MANAGEMENT_PORT !== undefined && vars.MANAGEMENT_PORT !== 0 && vars.MANAGEMENT_PORT === port) {
    combination.push(`MANAGEMENT_PORT=${vars.MANAGEMENT_PORT} must differ from the API port (PORT)`);
  }
  if (tlsEnabled && (!vars.TLS_KEY_FILE || !vars.TLS_CERT_FILE)) combination.push('TLS_ENABLED=true needs TLS_KEY_FILE and TLS_CERT_FILE');
  if (vars.TLS_CLIENT_AUTH && vars.TLS_CLIENT_AUTH !== 'none' && !vars.TLS_CA_FILE) combination.push(`TLS_CLIENT_AUTH=${vars.TLS_CLIENT_AUTH} needs TLS_CA_FILE (the CA client certificates are checked against)`);
  if (policy === 'certificate' && !tlsEnabled) combination.push("AUTH_POLICY=certificate needs TLS_ENABLED=true (Authentication policy cannot be 'CERTIFICATE' while SSL is disabled)");
  if (policy === 'certificate' && !vars.TLS_CA_FILE) combination.push('AUTH_POLICY=certificate needs TLS_CA_FILE');
  if (policy === 'certificate' && vars.TLS_CLIENT_AUTH === 'none') combination.push('AUTH_POLICY=certificate needs TLS_CLIENT_AUTH=request or require');
  if (policy === 'outsourced' && !vars.AUTHENTICATION_URL) combination.push('AUTH_POLICY=outsourced needs AUTHENTICATION_URL (the Authentication system)');
  if (vars.MANAGEMENT_POLICY === 'authorization' && !vars.CONSUMER_AUTHORIZATION_URL) {
    combination.push('MANAGEMENT_POLICY=authorization needs CONSUMER_AUTHORIZATION_URL (the ConsumerAuthorization system)');
  }
  if (combination.length > 0) {
    throw new ConfigurationError(`Invalid configuration:\n${combination.map((line) => `  - ${line}`).join('\n')}`);
  }
  const push = {
    maxWorkers: vars.PUSH_MAX_WORKERS ?? 5,
    pollIntervalMs: vars.PUSH_POLL_INTERVAL_MS ?? 1000,
    leaseMs: vars.PUSH_LEASE_MS ?? 60000,
    httpTimeoutMs: vars.PUSH_HTTP_TIMEOUT_MS ?? 5000,
    httpRetries: vars.PUSH_HTTP_RETRIES ?? 2,
    // Set but empty means "block nothing" (every other blank variable means "use the default").
    blockedNetworks: parseNetworks(env.PUSH_HTTP_BLOCKED_NETWORKS ?? DEFAULT_BLOCKED_NETWORKS).networks,
  };
  return {
    systemName,
    domainName: vars.DOMAIN_NAME ?? '',
    log: { format: vars.LOG_FORMAT ?? 'text', level: vars.LOG_LEVEL ?? 'log', maxAgeDays: vars.LOG_MAX_AGE_DAYS ?? 30 },
    http: {
      port,
      address: vars.SERVER_ADDRESS ?? '0.0.0.0',
      bodyLimit: vars.BODY_LIMIT ?? '1mb',
      managementPort: vars.MANAGEMENT_PORT,
    },
    database: { url: vars.DATABASE_URL, dataDir: vars.DATA_DIR ?? './data' },
    mqtt: {
      enabled: vars.MQTT_ENABLED ?? true,
      url: vars.MQTT_URL,
      embeddedPort: vars.MQTT_PORT ?? (tlsEnabled ? 8883 : 1883),
      // Unique per process: a broker drops the older of two clients with one id (replicas!).
      clientId: vars.MQTT_CLIENT_ID ?? `AH-${systemName}-${randomBytes(4).toString('hex')}`,
      username: vars.MQTT_USERNAME,
      password: vars.MQTT_PASSWORD,
      sharedGroup: vars.MQTT_SHARED_GROUP,
      // MQTTS presents this system's TLS identity unless the broker needs another one.
      caFile: vars.MQTT_CA_FILE ?? (tlsEnabled ? vars.TLS_CA_FILE : undefined),
      certFile: vars.MQTT_CERT_FILE ?? (tlsEnabled ? vars.TLS_CERT_FILE : undefined),
      keyFile: vars.MQTT_KEY_FILE ?? (tlsEnabled ? vars.TLS_KEY_FILE : undefined),
      rejectUnauthorized: vars.MQTT_REJECT_UNAUTHORIZED ?? true,
    },
    tls: {
      enabled: tlsEnabled,
      keyFile: vars.TLS_KEY_FILE,
      certFile: vars.TLS_CERT_FILE,
      caFile: vars.TLS_CA_FILE,
      // `request`, not `require`, for the certificate policy: probes, scrapers and the Swagger UI come
      // without a client certificate; API calls without one are still refused (401).
      clientAuth: vars.TLS_CLIENT_AUTH ?? (policy === 'certificate' ? 'request' : 'none'),
    },
    auth: {
      policy,
      authenticationUrl: vars.AUTHENTICATION_URL?.replace(/\/+$/, ''),
      tokenCacheMs: vars.AUTH_TOKEN_CACHE_MS ?? 30000,
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
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
