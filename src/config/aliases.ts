/**
 * The Java reference's configuration names (SPEC-cloud.md §9.2), accepted so that an operator can
 * reuse the reference's Docker compose files. Spring reads a property `a.b.c-d` from the variable
 * `A_B_CD` or, legacy, `A_B_C_D` (Spring Boot "Relaxed Binding 2.0"); both spellings are accepted.
 * This table is the one place that knows them: everything after it sees only this service's names.
 */

import { integerText } from '../common/validation/lenient';

type Env = Record<string, string>;

/** A reference variable set to a value this service cannot use. */
class AliasError extends Error {}

interface Alias {
  /** Spring properties of the reference; their environment spellings are derived. */
  properties: string[];
  /** This service's variable; absent: the properties are only checked, or ignored with a WARN. */
  target?: string;
  /**
   * The target's value from the properties' values (absent ones undefined), or undefined for none.
   * `resolved` holds the variables decided so far (earlier rows and this service's own names).
   */
  convert?: (values: (string | undefined)[], resolved: Env) => string | undefined;
  /** Values never shown in messages. */
  secret?: boolean;
}

export interface AliasResult {
  /** The environment with every alias turned into this service's variable. */
  env: Env;
  warnings: string[];
  errors: string[];
  /** Target variable → the reference variable(s) it was taken from, for error messages. */
  sources: Record<string, string>;
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

function isTrue(value: string | undefined): boolean {
  return value !== undefined && TRUE.includes(value.trim().toLowerCase());
}

/** The variable names Spring binds to `property`: `-` removed, and the legacy `-` → `_`. */
export function springVariables(property: string): string[] {
  const base = property.toUpperCase().replace(/\./g, '_');
  return [...new Set([base.replace(/-/g, ''), base.replace(/-/g, '_')])];
}

const same = ([value]: (string | undefined)[]) => value;

function integer(name: string, value: string): number {
  const number = integerText(value, { signed: false });
  if (number === undefined) throw new AliasError(`${name}=${JSON.stringify(value)}: must be a whole number`);
  return number;
}

function port(name: string, value: string): number {
  const number = integer(name, value);
  if (number < 1 || number > 65535) throw new AliasError(`${name}=${JSON.stringify(value)}: must be a port number (1-65535)`);
  return number;
}

function host(address: string): string {
  const trimmed = address.trim();
  return trimmed.includes(':') && !trimmed.startsWith('[') ? `[${trimmed}]` : trimmed;
}

/** `file:` is Spring's resource prefix for plain files; `classpath:` points into the Java jar. */
function filePath(value: string): string {
  const trimmed = value.trim();
  if (/^classpath\*?:/i.test(trimmed)) throw new AliasError('classpath: resources do not exist here; give a file path');
  return trimmed.replace(/^file:/i, '');
}

/** `jdbc:postgresql://host:port/db?x=y` + user + password → `postgres://user:password@host:port/db?x=y`. */
function databaseUrl([url, username, password]: (string | undefined)[]): string | undefined {
  if (url === undefined) return undefined;
  const trimmed = url.trim();
  if (/^jdbc:(mysql|mariadb):/i.test(trimmed)) throw new AliasError('MySQL is not supported: set DATABASE_URL to a PostgreSQL URL');
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return trimmed;
  const match = /^jdbc:postgresql:\/\/([^/?]+)(\/[^?]*)?(\?.*)?$/i.exec(trimmed);
  if (!match) throw new AliasError('SPRING_DATASOURCE_URL must be a jdbc:postgresql://host:port/database URL');
  const [, hostPort, path = '/', query = ''] = match;
  const user = username?.trim();
  const credentials = user ? `${encodeURIComponent(user)}${password !== undefined ? `:${encodeURIComponent(password)}` : ''}@` : '';
  return `postgres://${credentials}${hostPort}${path}${query}`;
}

/**
 * The reference's `authenticator.credentials` is a SpEL inline map, `{'password': '123456'}`
 * (single or double quotes, keys maybe bare); JSON is accepted too. Becomes a JSON string map.
 */
export function credentialsMap(text: string): Record<string, string> {
  const source = text.trim();
  const invalid = () => new AliasError("AUTHENTICATOR_CREDENTIALS must be a JSON object or a map like {'password': '…'}");
  try {
    const parsed = JSON.parse(source) as unknown;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid();
    const entries = Object.entries(parsed as Record<string, unknown>);
    if (entries.some(([, value]) => typeof value !== 'string' && typeof value !== 'number')) throw invalid();
    return Object.fromEntries(entries.map(([key, value]) => [key, String(value)]));
  } catch (error) {
    if (error instanceof AliasError) throw error;
  }
  let at = 0;
  const skipSpace = () => {
    while (at < source.length && /\s/.test(source[at])) at++;
  };
  const expect = (char: string) => {
    skipSpace();
    if (source[at] !== char) throw invalid();
    at++;
  };
  const token = (): string => {
    skipSpace();
    const quote = source[at];
    if (quote === "'" || quote === '"') {
      let value = '';
      at++;
      for (;;) {
        if (at >= source.length) throw invalid();
        if (source[at] === quote) {
          // SpEL escapes a quote by doubling it.
          if (source[at + 1] === quote) {
            value += quote;
            at += 2;
            continue;
          }
          at++;
          return value;
        }
        value += source[at++];
      }
    }
    const bare = /^[A-Za-z0-9_$.-]+/.exec(source.slice(at));
    if (!bare) throw invalid();
    at += bare[0].length;
    return bare[0];
  };
  const map: Record<string, string> = {};
  expect('{');
  skipSpace();
  if (source[at] === ':') {
    at++;
    expect('}');
  } else if (source[at] === '}') {
    at++;
  } else {
    for (;;) {
      const key = token();
      expect(':');
      map[key] = token();
      skipSpace();
      if (source[at] === ',') {
        at++;
        continue;
      }
      expect('}');
      break;
    }
  }
  skipSpace();
  if (at !== source.length) throw invalid();
  return map;
}

const TABLE: Alias[] = [
  // First: the URL conversions below depend on whether TLS is on.
  { properties: ['server.ssl.enabled'], target: 'TLS_ENABLED', convert: same },
  { properties: ['server.port'], target: 'PORT', convert: same },
  {
    properties: ['spring.datasource.url', 'spring.datasource.username', 'spring.datasource.password'],
    target: 'DATABASE_URL',
    convert: databaseUrl,
    secret: true,
  },
  {
    properties: ['service.registry.address', 'service.registry.port'],
    target: 'SERVICE_REGISTRY_URL',
    convert: ([address, registryPort], resolved) =>
      address === undefined
        ? undefined
        : `${isTrue(resolved.TLS_ENABLED) ? 'https' : 'http'}://${host(address)}:${registryPort === undefined ? 8443 : port('SERVICE_REGISTRY_PORT', registryPort)}`,
  },
  {
    properties: ['authentication.policy'],
    target: 'AUTH_POLICY',
    convert: ([policy]) => {
      const lower = policy!.trim().toLowerCase();
      if (lower === 'internal') throw new AliasError('AUTHENTICATION_POLICY=internal is the Authentication system\'s own policy: use declared, certificate or outsourced');
      return lower;
    },
  },
  {
    properties: ['authenticator.credentials'],
    target: 'AUTH_LOGIN_CREDENTIALS',
    convert: ([credentials]) => JSON.stringify(credentialsMap(credentials!)),
    secret: true,
  },
  { properties: ['authenticator.login.interval'], target: 'AUTH_LOGIN_INTERVAL_MS', convert: same },
  { properties: ['enable.blacklist.filter'], target: 'BLACKLIST_ENABLED', convert: same },
  {
    properties: ['force.blacklist.filter'],
    target: 'BLACKLIST_FAIL_OPEN',
    convert: ([force]) => {
      const lower = force!.trim().toLowerCase();
      if (!TRUE.includes(lower) && !FALSE.includes(lower)) throw new AliasError(`FORCE_BLACKLIST_FILTER=${JSON.stringify(force)}: must be true or false`);
      return String(!TRUE.includes(lower));
    },
  },
  { properties: ['blacklist.check.exclude.list'], target: 'BLACKLIST_EXCLUDE', convert: same },
  { properties: ['cors.origin.patterns'], target: 'CORS_ORIGINS', convert: same },
  { properties: ['mqtt.api.enabled'], target: 'MQTT_ENABLED', convert: same },
  { properties: ['mqtt.client.password'], target: 'MQTT_PASSWORD', convert: same, secret: true },
  {
    properties: ['mqtt.broker.address', 'mqtt.broker.port'],
    target: 'MQTT_URL',
    convert: ([address, brokerPort], resolved) =>
      address === undefined
        ? undefined
        : `${isTrue(resolved.TLS_ENABLED) ? 'mqtts' : 'mqtt'}://${host(address)}:${brokerPort === undefined ? 1883 : port('MQTT_BROKER_PORT', brokerPort)}`,
  },
  {
    properties: ['server.ssl.client-auth'],
    target: 'TLS_CLIENT_AUTH',
    convert: ([mode]) => {
      const converted = ({ need: 'require', want: 'request', none: 'none' } as Record<string, string>)[mode!.trim().toLowerCase()];
      if (!converted) throw new AliasError(`SERVER_SSL_CLIENT_AUTH=${JSON.stringify(mode)}: must be need, want or none`);
      return converted;
    },
  },
  { properties: ['server.ssl.key-store'], target: 'TLS_KEYSTORE', convert: ([path]) => filePath(path!) },
  { properties: ['server.ssl.key-store-password'], target: 'TLS_KEYSTORE_PASSWORD', convert: same, secret: true },
  { properties: ['server.ssl.key-alias'], target: 'TLS_KEY_ALIAS', convert: same },
  { properties: ['server.ssl.key-password'], target: 'TLS_KEY_PASSWORD', convert: same, secret: true },
  { properties: ['server.ssl.trust-store'], target: 'TLS_TRUSTSTORE', convert: ([path]) => filePath(path!) },
  { properties: ['server.ssl.trust-store-password'], target: 'TLS_TRUSTSTORE_PASSWORD', convert: same, secret: true },
  {
    properties: ['server.ssl.key-store-type', 'server.ssl.trust-store-type'],
    convert: (types) => {
      const names = ['SERVER_SSL_KEY_STORE_TYPE', 'SERVER_SSL_TRUST_STORE_TYPE'];
      const wrong = types.map((type, index) => (type !== undefined && type.trim().toUpperCase() !== 'PKCS12' ? `${names[index]}=${JSON.stringify(type)}` : null));
      const problems = wrong.filter((text) => text !== null);
      if (problems.length > 0) throw new AliasError(`${problems.join(', ')}: only PKCS12 key stores are supported`);
      return undefined;
    },
  },
  { properties: ['cleaner.job.interval'], target: 'CLEANER_INTERVAL_MS', convert: same },
  { properties: ['orchestration.history.max.age'], target: 'ORCH_HISTORY_MAX_AGE_DAYS', convert: same },
  { properties: ['push.orchestration.max.thread'], target: 'PUSH_MAX_WORKERS', convert: same },
  {
    properties: ['http.client.socket.timeout', 'http.client.connection.timeout'],
    target: 'CORE_HTTP_TIMEOUT_MS',
    convert: ([socket, connection]) => {
      const values = [
        socket === undefined ? undefined : integer('HTTP_CLIENT_SOCKET_TIMEOUT', socket),
        connection === undefined ? undefined : integer('HTTP_CLIENT_CONNECTION_TIMEOUT', connection),
      ].filter((value): value is number => value !== undefined);
      // This service has one limit per call where the reference has two: the larger keeps both promises.
      return values.length === 0 ? undefined : String(Math.max(...values));
    },
  },
  // Meaningless here: Hibernate and JDBC driver settings, the reference's debug log switch, and the
  // delay before registration (the first login is awaited instead).
  { properties: ['log.all.request.and.response', 'spring.datasource.driver-class-name', 'authenticator.login.delay'] },
];

/** Spring JPA settings: a whole family, all ignored. */
const IGNORED_PREFIX = 'SPRING_JPA_';

/**
 * Turns the reference's variables into this service's. The service's own variable wins over an
 * alias (with a warning naming both); a value that cannot be converted is an error. Secrets
 * (passwords, credentials) never appear in the messages.
 */
export function resolveAliases(input: Env): AliasResult {
  const env: Env = { ...input };
  const warnings: string[] = [];
  const errors: string[] = [];
  const sources: Record<string, string> = {};

  for (const alias of TABLE) {
    // Per property: the first spelling that is set, warning about a second one.
    const used: string[] = [];
    const values = alias.properties.map((property) => {
      const set = springVariables(property).filter((name) => input[name] !== undefined);
      if (set.length > 1) warnings.push(`${set.join(' and ')} are both set: using ${set[0]}`);
      for (const name of set) delete env[name];
      if (set.length > 0) used.push(set[0]);
      return set.length > 0 ? input[set[0]] : undefined;
    });
    if (used.length === 0) continue;
    if (!alias.target) {
      if (alias.convert) {
        try {
          alias.convert(values, env);
        } catch (error) {
          errors.push(messageOf(error));
        }
      } else {
        warnings.push(`${used.join(', ')} ${used.length > 1 ? 'are' : 'is'} ignored: ${used.length > 1 ? 'they have' : 'it has'} no meaning for this service`);
      }
      continue;
    }
    if (input[alias.target] !== undefined) {
      warnings.push(`${alias.target} and ${used.join(', ')} are both set: using ${alias.target}, ignoring ${used.join(', ')}`);
      continue;
    }
    try {
      const converted = alias.convert!(values, env);
      if (converted === undefined) {
        warnings.push(`${used.join(', ')} ignored: ${alias.properties.length > 1 ? `needs ${springVariables(alias.properties[0])[0]}` : 'no value'}`);
        continue;
      }
      env[alias.target] = converted;
      sources[alias.target] = used.join(' + ');
    } catch (error) {
      errors.push(alias.secret && !(error instanceof AliasError) ? `${used.join(', ')}: cannot be converted` : messageOf(error));
    }
  }

  for (const name of Object.keys(input).filter((key) => key.startsWith(IGNORED_PREFIX))) {
    delete env[name];
    warnings.push(`${name} is ignored: it has no meaning for this service`);
  }
  return { env, warnings, errors, sources };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
