import { credentialsMap, resolveAliases, springVariables } from './aliases';
import { ConfigurationError, loadConfig } from './app-config';

// SPEC-cloud.md §9.2: the reference's variables, at the raw-environment level (some targets belong to
// parts of the service that read them elsewhere, e.g. SERVICE_REGISTRY_URL).
describe('resolveAliases', () => {
  it('derives both Spring spellings of a property', () => {
    expect(springVariables('server.ssl.key-store')).toEqual(['SERVER_SSL_KEYSTORE', 'SERVER_SSL_KEY_STORE']);
    expect(springVariables('cors.origin.patterns')).toEqual(['CORS_ORIGIN_PATTERNS']);
    expect(springVariables('spring.datasource.driver-class-name')).toEqual(['SPRING_DATASOURCE_DRIVERCLASSNAME', 'SPRING_DATASOURCE_DRIVER_CLASS_NAME']);
  });

  it.each([
    // [reference variables, this service's variable, value]
    [{ SERVER_PORT: '8441' }, 'PORT', '8441'],
    [{ SERVER_SSL_ENABLED: 'true' }, 'TLS_ENABLED', 'true'],
    [{ SPRING_DATASOURCE_URL: 'jdbc:postgresql://db.lc:5432/orch' }, 'DATABASE_URL', 'postgres://db.lc:5432/orch'],
    [
      { SPRING_DATASOURCE_URL: 'jdbc:postgresql://db.lc:5432/orch?sslmode=require', SPRING_DATASOURCE_USERNAME: 'orch', SPRING_DATASOURCE_PASSWORD: 'p@ss:w/rd' },
      'DATABASE_URL',
      'postgres://orch:p%40ss%3Aw%2Frd@db.lc:5432/orch?sslmode=require',
    ],
    [{ SPRING_DATASOURCE_URL: 'jdbc:postgresql://db.lc/orch', SPRING_DATASOURCE_USERNAME: 'orch' }, 'DATABASE_URL', 'postgres://orch@db.lc/orch'],
    [{ SPRING_DATASOURCE_URL: 'postgres://u:p@db/orch' }, 'DATABASE_URL', 'postgres://u:p@db/orch'],
    [{ SERVICE_REGISTRY_ADDRESS: 'serviceregistry' }, 'SERVICE_REGISTRY_URL', 'http://serviceregistry:8443'],
    [{ SERVICE_REGISTRY_ADDRESS: 'sr.lc', SERVICE_REGISTRY_PORT: '8443', SERVER_SSL_ENABLED: 'true' }, 'SERVICE_REGISTRY_URL', 'https://sr.lc:8443'],
    [{ SERVICE_REGISTRY_ADDRESS: '127.0.0.1', SERVICE_REGISTRY_PORT: '18601', TLS_ENABLED: 'TRUE' }, 'SERVICE_REGISTRY_URL', 'https://127.0.0.1:18601'],
    [{ SERVICE_REGISTRY_ADDRESS: '::1', SERVICE_REGISTRY_PORT: '8443' }, 'SERVICE_REGISTRY_URL', 'http://[::1]:8443'],
    [{ AUTHENTICATION_POLICY: 'DECLARED' }, 'AUTH_POLICY', 'declared'],
    [{ AUTHENTICATION_POLICY: ' Outsourced ' }, 'AUTH_POLICY', 'outsourced'],
    [{ AUTHENTICATION_POLICY: 'certificate' }, 'AUTH_POLICY', 'certificate'],
    [{ AUTHENTICATOR_CREDENTIALS: "{'password': '123456'}" }, 'AUTH_LOGIN_CREDENTIALS', '{"password":"123456"}'],
    [{ AUTHENTICATOR_CREDENTIALS: '{"password":"s3cret"}' }, 'AUTH_LOGIN_CREDENTIALS', '{"password":"s3cret"}'],
    [{ AUTHENTICATOR_LOGIN_INTERVAL: '5000' }, 'AUTH_LOGIN_INTERVAL_MS', '5000'],
    [{ ENABLE_BLACKLIST_FILTER: 'true' }, 'BLACKLIST_ENABLED', 'true'],
    [{ FORCE_BLACKLIST_FILTER: 'true' }, 'BLACKLIST_FAIL_OPEN', 'false'],
    [{ FORCE_BLACKLIST_FILTER: 'FALSE' }, 'BLACKLIST_FAIL_OPEN', 'true'],
    [{ BLACKLIST_CHECK_EXCLUDE_LIST: 'ServiceRegistry,Sysop' }, 'BLACKLIST_EXCLUDE', 'ServiceRegistry,Sysop'],
    [{ CORS_ORIGIN_PATTERNS: 'https://*.example.com' }, 'CORS_ORIGINS', 'https://*.example.com'],
    [{ MQTT_API_ENABLED: 'false' }, 'MQTT_ENABLED', 'false'],
    [{ MQTT_CLIENT_PASSWORD: 'pw' }, 'MQTT_PASSWORD', 'pw'],
    [{ MQTT_BROKER_ADDRESS: 'broker.lc' }, 'MQTT_URL', 'mqtt://broker.lc:1883'],
    [{ MQTT_BROKER_ADDRESS: 'broker.lc', MQTT_BROKER_PORT: '8883', SERVER_SSL_ENABLED: 'true' }, 'MQTT_URL', 'mqtts://broker.lc:8883'],
    [{ SERVER_SSL_CLIENT_AUTH: 'need' }, 'TLS_CLIENT_AUTH', 'require'],
    [{ SERVER_SSL_CLIENTAUTH: 'WANT' }, 'TLS_CLIENT_AUTH', 'request'],
    [{ SERVER_SSL_CLIENT_AUTH: 'none' }, 'TLS_CLIENT_AUTH', 'none'],
    [{ SERVER_SSL_KEY_STORE: 'file:/certs/orch.p12' }, 'TLS_KEYSTORE', '/certs/orch.p12'],
    [{ SERVER_SSL_KEYSTORE: '/certs/orch.p12' }, 'TLS_KEYSTORE', '/certs/orch.p12'],
    [{ SERVER_SSL_KEY_STORE_PASSWORD: '123456' }, 'TLS_KEYSTORE_PASSWORD', '123456'],
    [{ SERVER_SSL_KEYSTOREPASSWORD: '123456' }, 'TLS_KEYSTORE_PASSWORD', '123456'],
    [{ SERVER_SSL_KEY_ALIAS: 'Orch.TestCloud.Company.arrowhead.eu' }, 'TLS_KEY_ALIAS', 'Orch.TestCloud.Company.arrowhead.eu'],
    [{ SERVER_SSL_KEYALIAS: 'orch' }, 'TLS_KEY_ALIAS', 'orch'],
    [{ SERVER_SSL_KEY_PASSWORD: 'kp' }, 'TLS_KEY_PASSWORD', 'kp'],
    [{ SERVER_SSL_TRUST_STORE: 'file:truststore.p12' }, 'TLS_TRUSTSTORE', 'truststore.p12'],
    [{ SERVER_SSL_TRUSTSTORE: '/certs/truststore.p12' }, 'TLS_TRUSTSTORE', '/certs/truststore.p12'],
    [{ SERVER_SSL_TRUST_STORE_PASSWORD: '123456' }, 'TLS_TRUSTSTORE_PASSWORD', '123456'],
    [{ CLEANER_JOB_INTERVAL: '60000' }, 'CLEANER_INTERVAL_MS', '60000'],
    [{ ORCHESTRATION_HISTORY_MAX_AGE: '7' }, 'ORCH_HISTORY_MAX_AGE_DAYS', '7'],
    [{ PUSH_ORCHESTRATION_MAX_THREAD: '3' }, 'PUSH_MAX_WORKERS', '3'],
    [{ HTTP_CLIENT_SOCKET_TIMEOUT: '30000', HTTP_CLIENT_CONNECTION_TIMEOUT: '5000' }, 'CORE_HTTP_TIMEOUT_MS', '30000'],
    [{ HTTP_CLIENT_CONNECTION_TIMEOUT: '45000', HTTP_CLIENT_SOCKET_TIMEOUT: '30000' }, 'CORE_HTTP_TIMEOUT_MS', '45000'],
    [{ HTTP_CLIENT_CONNECTION_TIMEOUT: '2000' }, 'CORE_HTTP_TIMEOUT_MS', '2000'],
  ])('%j → %s=%j', (reference, name, value) => {
    const result = resolveAliases(reference);
    expect(result.errors).toEqual([]);
    expect(result.env[name]).toBe(value);
    // The reference's names are gone: later stages see only this service's.
    for (const alias of Object.keys(reference).filter((key) => key !== 'TLS_ENABLED')) expect(result.env[alias]).toBeUndefined();
  });

  it.each([
    [{ SPRING_DATASOURCE_URL: 'jdbc:mysql://mysql.arrowhead:3306/ah_serviceorchestration_simple?serverTimezone=UTC' }, 'MySQL is not supported: set DATABASE_URL to a PostgreSQL URL'],
    [{ SPRING_DATASOURCE_URL: 'jdbc:mariadb://db/orch' }, 'MySQL is not supported: set DATABASE_URL to a PostgreSQL URL'],
    [{ SPRING_DATASOURCE_URL: 'jdbc:oracle:thin:@db:1521:orch' }, 'SPRING_DATASOURCE_URL must be a jdbc:postgresql://host:port/database URL'],
    [{ AUTHENTICATION_POLICY: 'INTERNAL' }, "AUTHENTICATION_POLICY=internal is the Authentication system's own policy: use declared, certificate or outsourced"],
    [{ AUTHENTICATOR_CREDENTIALS: "{'password' '123456'}" }, "AUTHENTICATOR_CREDENTIALS must be a JSON object or a map like {'password': '…'}"],
    [{ AUTHENTICATOR_CREDENTIALS: '["123456"]' }, "AUTHENTICATOR_CREDENTIALS must be a JSON object or a map like {'password': '…'}"],
    [{ FORCE_BLACKLIST_FILTER: 'sometimes' }, 'FORCE_BLACKLIST_FILTER="sometimes": must be true or false'],
    [{ MQTT_BROKER_ADDRESS: 'b', MQTT_BROKER_PORT: '70000' }, 'MQTT_BROKER_PORT="70000": must be a port number (1-65535)'],
    [{ SERVICE_REGISTRY_ADDRESS: 'sr', SERVICE_REGISTRY_PORT: 'https' }, 'SERVICE_REGISTRY_PORT="https": must be a whole number'],
    [{ SERVER_SSL_CLIENT_AUTH: 'optional' }, 'SERVER_SSL_CLIENT_AUTH="optional": must be need, want or none'],
    [{ SERVER_SSL_KEY_STORE: 'classpath:certificate/SimpleStoreServiceOrchestration.p12' }, 'classpath: resources do not exist here; give a file path'],
    [{ SERVER_SSL_TRUST_STORE: 'classpath:certificate/truststore.p12' }, 'classpath: resources do not exist here; give a file path'],
    [{ SERVER_SSL_KEY_STORE_TYPE: 'JKS' }, 'SERVER_SSL_KEY_STORE_TYPE="JKS": only PKCS12 key stores are supported'],
    [{ SERVER_SSL_TRUSTSTORETYPE: 'jceks' }, 'SERVER_SSL_TRUST_STORE_TYPE="jceks": only PKCS12 key stores are supported'],
    [{ HTTP_CLIENT_SOCKET_TIMEOUT: '30s' }, 'HTTP_CLIENT_SOCKET_TIMEOUT="30s": must be a whole number'],
  ])('%j is an error: %s', (reference, message) => {
    expect(resolveAliases(reference).errors).toEqual([message]);
  });

  it('accepts PKCS12 store types in any case', () => {
    expect(resolveAliases({ SERVER_SSL_KEY_STORE_TYPE: 'pkcs12', SERVER_SSL_TRUST_STORE_TYPE: 'PKCS12' }).errors).toEqual([]);
  });

  it.each([
    [{ DATABASE_URL: 'postgres://own/db', SPRING_DATASOURCE_URL: 'jdbc:mysql://db/x' }, 'DATABASE_URL', 'postgres://own/db', 'DATABASE_URL and SPRING_DATASOURCE_URL are both set'],
    [{ PORT: '9000', SERVER_PORT: '8441' }, 'PORT', '9000', 'PORT and SERVER_PORT are both set: using PORT, ignoring SERVER_PORT'],
    [{ AUTH_POLICY: 'declared', AUTHENTICATION_POLICY: 'internal' }, 'AUTH_POLICY', 'declared', 'AUTH_POLICY and AUTHENTICATION_POLICY are both set'],
    [{ TLS_KEYSTORE: '/a.p12', SERVER_SSL_KEYSTORE: '/b.p12' }, 'TLS_KEYSTORE', '/a.p12', 'TLS_KEYSTORE and SERVER_SSL_KEYSTORE are both set'],
    [{ MQTT_URL: 'mqtt://own:1883', MQTT_BROKER_ADDRESS: 'other' }, 'MQTT_URL', 'mqtt://own:1883', 'MQTT_URL and MQTT_BROKER_ADDRESS are both set'],
    [{ CORE_HTTP_TIMEOUT_MS: '500', HTTP_CLIENT_SOCKET_TIMEOUT: '30000' }, 'CORE_HTTP_TIMEOUT_MS', '500', 'CORE_HTTP_TIMEOUT_MS and HTTP_CLIENT_SOCKET_TIMEOUT are both set'],
  ])('the own name wins over the alias, with a WARN naming both: %j', (environment, name, value, warning) => {
    const result = resolveAliases(environment);
    expect(result.errors).toEqual([]);
    expect(result.env[name]).toBe(value);
    expect(result.warnings).toEqual([expect.stringContaining(warning)]);
  });

  it('takes the dash-less spelling when both spellings of one property are set, and says so', () => {
    const result = resolveAliases({ SERVER_SSL_KEYSTORE: '/a.p12', SERVER_SSL_KEY_STORE: '/b.p12' });
    expect(result.env.TLS_KEYSTORE).toBe('/a.p12');
    expect(result.warnings).toEqual(['SERVER_SSL_KEYSTORE and SERVER_SSL_KEY_STORE are both set: using SERVER_SSL_KEYSTORE']);
  });

  it.each([
    ['LOG_ALL_REQUEST_AND_RESPONSE', 'false'],
    ['SPRING_DATASOURCE_DRIVER_CLASS_NAME', 'com.mysql.cj.jdbc.Driver'],
    ['SPRING_DATASOURCE_DRIVERCLASSNAME', 'org.postgresql.Driver'],
    ['AUTHENTICATOR_LOGIN_DELAY', '3000'],
    ['SPRING_JPA_HIBERNATE_DDL_AUTO', 'none'],
    ['SPRING_JPA_SHOW_SQL', 'false'],
  ])('ignores %s with a WARN', (name, value) => {
    const result = resolveAliases({ [name]: value });
    expect(result.errors).toEqual([]);
    expect(result.env).toEqual({});
    expect(result.warnings).toEqual([`${name} is ignored: it has no meaning for this service`]);
  });

  it('warns about a half-given pair', () => {
    expect(resolveAliases({ MQTT_BROKER_PORT: '1883' }).warnings).toEqual(['MQTT_BROKER_PORT ignored: needs MQTT_BROKER_ADDRESS']);
    expect(resolveAliases({ SPRING_DATASOURCE_USERNAME: 'u' }).warnings).toEqual(['SPRING_DATASOURCE_USERNAME ignored: needs SPRING_DATASOURCE_URL']);
  });

  it('never shows secrets in warnings or errors', () => {
    const result = resolveAliases({
      SPRING_DATASOURCE_URL: 'jdbc:sqlserver://db',
      SPRING_DATASOURCE_PASSWORD: 'TopSecret1',
      AUTHENTICATOR_CREDENTIALS: "{'password': 'TopSecret2'",
      MQTT_PASSWORD: 'x',
      MQTT_CLIENT_PASSWORD: 'TopSecret3',
    });
    expect(JSON.stringify(result.errors) + JSON.stringify(result.warnings)).not.toMatch(/TopSecret/);
    expect(result.errors).toHaveLength(2);
  });

  it('leaves this service’s own and unrelated variables alone', () => {
    const environment = { PORT: '1', HOME: '/root', DOMAIN_NAME: 'orch.lc', MANAGEMENT_POLICY: 'whitelist' };
    expect(resolveAliases(environment)).toEqual({ env: environment, warnings: [], errors: [], sources: {} });
  });
});

describe('credentialsMap (AUTHENTICATOR_CREDENTIALS)', () => {
  it.each([
    ["{'password': '123456'}", { password: '123456' }],
    ['{password: "123456"}', { password: '123456' }],
    ["{ 'password':'it''s', otherKey : 'x,y:z' }", { password: "it's", otherKey: 'x,y:z' }],
    ["{'pin': 1234}", { pin: '1234' }],
    ['{:}', {}],
    ['{}', {}],
    ['{"password": "pw", "n": 1}', { password: 'pw', n: '1' }],
  ])('%s → %j', (text, map) => {
    expect(credentialsMap(text)).toEqual(map);
  });

  it.each(["{'password': '123456'", "'password': '123456'", "{'password': '123456'} x", '{"a": {"b": 1}}', 'null', "{'a' 'b'}"])('refuses %s', (text) => {
    expect(() => credentialsMap(text)).toThrow("AUTHENTICATOR_CREDENTIALS must be a JSON object or a map like {'password': '…'}");
  });
});

describe('loadConfig with the reference’s variables', () => {
  function error(env: NodeJS.ProcessEnv): string {
    try {
      loadConfig(env);
    } catch (thrown) {
      expect(thrown).toBeInstanceOf(ConfigurationError);
      return (thrown as Error).message;
    }
    throw new Error('accepted');
  }

  it('reads a reference-style environment', () => {
    const config = loadConfig({
      SERVER_PORT: '8465',
      SERVER_ADDRESS: '127.0.0.1',
      DOMAIN_NAME: 'orch.lc',
      SPRING_DATASOURCE_URL: 'jdbc:postgresql://127.0.0.1:5432/orch',
      SPRING_DATASOURCE_USERNAME: 'postgres',
      SPRING_DATASOURCE_PASSWORD: 'pw',
      SPRING_DATASOURCE_DRIVER_CLASS_NAME: 'org.postgresql.Driver',
      AUTHENTICATION_POLICY: 'DECLARED',
      MQTT_API_ENABLED: 'true',
      MQTT_BROKER_ADDRESS: 'broker.lc',
      MQTT_BROKER_PORT: '1884',
      MQTT_CLIENT_PASSWORD: '123456',
      CORS_ORIGIN_PATTERNS: 'https://ui.lc, https://*.example.com',
      CLEANER_JOB_INTERVAL: '60000',
      ORCHESTRATION_HISTORY_MAX_AGE: '7',
      PUSH_ORCHESTRATION_MAX_THREAD: '3',
      HTTP_CLIENT_SOCKET_TIMEOUT: '30000',
      HTTP_CLIENT_CONNECTION_TIMEOUT: '30000',
    });
    expect(config.http).toEqual({ port: 8465, address: '127.0.0.1', bodyLimit: '1mb', corsOrigins: ['https://ui.lc', 'https://*.example.com'] });
    expect(config.database.url).toBe('postgres://postgres:pw@127.0.0.1:5432/orch');
    expect(config.auth.policy).toBe('declared');
    expect(config.mqtt).toMatchObject({ enabled: true, url: 'mqtt://broker.lc:1884', username: 'SimpleStoreServiceOrchestration', password: '123456' });
    expect(config.cleanerIntervalMs).toBe(60000);
    expect(config.orchestration.historyMaxAgeDays).toBe(7);
    expect(config.push.maxWorkers).toBe(3);
    expect(config.coreHttpTimeoutMs).toBe(30000);
    expect(config.warnings).toEqual(['SPRING_DATASOURCE_DRIVER_CLASS_NAME is ignored: it has no meaning for this service']);
  });

  it('reads the TLS key and trust stores of SERVER_SSL_*', () => {
    const config = loadConfig({
      SERVER_SSL_ENABLED: 'true',
      SERVER_SSL_KEY_STORE_TYPE: 'PKCS12',
      SERVER_SSL_KEY_STORE: 'file:/certs/orch.p12',
      SERVER_SSL_KEY_STORE_PASSWORD: '123456',
      SERVER_SSL_KEY_ALIAS: 'SimpleStoreServiceOrchestration.TestCloud.Company.arrowhead.eu',
      SERVER_SSL_KEY_PASSWORD: '123456',
      SERVER_SSL_CLIENT_AUTH: 'need',
      SERVER_SSL_TRUST_STORE_TYPE: 'PKCS12',
      SERVER_SSL_TRUST_STORE: '/certs/truststore.p12',
      SERVER_SSL_TRUST_STORE_PASSWORD: '654321',
      DISABLE_HOSTNAME_VERIFIER: 'true',
    });
    expect(config.tls).toEqual({
      enabled: true,
      keyFile: undefined,
      certFile: undefined,
      caFile: undefined,
      keystore: { path: '/certs/orch.p12', password: '123456', alias: 'SimpleStoreServiceOrchestration.TestCloud.Company.arrowhead.eu', keyPassword: '123456' },
      truststore: { path: '/certs/truststore.p12', password: '654321' },
      clientAuth: 'require',
      disableHostnameVerifier: true,
    });
  });

  it('refuses MySQL with the spec text and lists it with every other problem', () => {
    const message = error({ SPRING_DATASOURCE_URL: 'jdbc:mysql://127.0.0.1:3306/ah', SERVER_SSL_CLIENT_AUTH: 'sometimes', MAX_PAGE_SIZE: '0', CLEANER_JOB_INTERVAL: 'soon' });
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toContain('  - MySQL is not supported: set DATABASE_URL to a PostgreSQL URL');
    expect(message).toContain('SERVER_SSL_CLIENT_AUTH="sometimes": must be need, want or none');
    expect(message).toContain('MAX_PAGE_SIZE=');
    // An alias's value that fails validation is reported under the name the operator set.
    expect(message).toContain('CLEANER_JOB_INTERVAL="soon" (read as CLEANER_INTERVAL_MS)');
  });

  it('refuses PEM files and a key store together, and a store without its password', () => {
    const message = error({ TLS_ENABLED: 'true', TLS_KEY_FILE: 'k', TLS_CERT_FILE: 'c', SERVER_SSL_KEY_STORE: '/a.p12', TLS_CA_FILE: 'ca', TLS_TRUSTSTORE: '/t.p12' });
    expect(message).toContain('TLS_KEY_FILE/TLS_CERT_FILE and TLS_KEYSTORE are both set');
    expect(message).toContain('TLS_CA_FILE and TLS_TRUSTSTORE are both set');
    expect(message).toContain('TLS_KEYSTORE needs TLS_KEYSTORE_PASSWORD');
    expect(message).toContain('TLS_TRUSTSTORE needs TLS_TRUSTSTORE_PASSWORD');
  });

  it('accepts a trust store in place of TLS_CA_FILE for client certificates and the certificate policy', () => {
    const config = loadConfig({
      AUTH_POLICY: 'certificate',
      TLS_ENABLED: 'true',
      TLS_KEYSTORE: '/k.p12',
      TLS_KEYSTORE_PASSWORD: 'p',
      TLS_TRUSTSTORE: '/t.p12',
      TLS_TRUSTSTORE_PASSWORD: 'p',
      TLS_CLIENT_AUTH: 'require',
    });
    expect(config.tls.clientAuth).toBe('require');
  });
});
