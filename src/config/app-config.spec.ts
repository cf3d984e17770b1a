import { ConfigurationError, loadConfig } from './app-config';

const DEFAULT_AUTH = {
  policy: 'declared',
  authenticationUrl: undefined,
  tokenCacheMs: 30000,
  tokenCacheMax: 10000,
  consumerAuthorizationUrl: undefined,
  managementFilterEnabled: true,
  managementPolicy: 'sysop-only',
  managementWhitelist: [],
};

/** Runs loadConfig and returns the ConfigurationError it throws. */
function configurationError(env: NodeJS.ProcessEnv): ConfigurationError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError, the configuration was accepted');
}

// SPEC-operations.md §1: standalone and secured defaults.
describe('loadConfig', () => {
  describe('defaults with an empty environment', () => {
    const config = loadConfig({});

    it('serves HTTP on port 8465 on all interfaces', () => {
      expect(config.http.port).toBe(8465);
      expect(config.http.address).toBe('0.0.0.0');
    });

    it('names itself SimpleStoreServiceOrchestration', () => {
      expect(config.systemName).toBe('SimpleStoreServiceOrchestration');
    });

    it('enables the MQTT API with an embedded broker', () => {
      expect(config.mqtt.enabled).toBe(true);
      expect(config.mqtt.url).toBeUndefined();
      expect(config.mqtt.embeddedPort).toBe(1883);
      expect(config.mqtt.rejectUnauthorized).toBe(true);
    });

    it('uses a unique MQTT client id derived from the system name', () => {
      expect(config.mqtt.clientId).toMatch(/^AH-SimpleStoreServiceOrchestration-[0-9a-f]{8}$/);
      expect(loadConfig({}).mqtt.clientId).not.toBe(config.mqtt.clientId);
    });

    it('uses the declared policy with the management filter on, sysop-only, empty whitelist', () => {
      expect(config.auth).toEqual(DEFAULT_AUTH);
      expect(config.tls).toEqual({
        enabled: false,
        keyFile: undefined,
        certFile: undefined,
        caFile: undefined,
        keystore: undefined,
        truststore: undefined,
        clientAuth: 'none',
        disableHostnameVerifier: false,
      });
      expect(config.coreHttpTimeoutMs).toBe(10000);
      expect(config.http.corsOrigins).toEqual(['*']);
      expect(config.warnings).toEqual([]);
    });

    it('normalizes in extended mode, max page size 1000, cleaner every 30000 ms', () => {
      expect(config.normalizationMode).toBe('extended');
      expect(config.maxPageSize).toBe(1000);
      expect(config.cleanerIntervalMs).toBe(30000);
    });

    it('stores data in ./data without a DATABASE_URL', () => {
      expect(config.database).toEqual({ url: undefined, dataDir: './data' });
    });
  });

  it('treats blank variables as unset', () => {
    const config = loadConfig({ PORT: '  ', MQTT_ENABLED: '', NORMALIZATION_MODE: ' ', MAX_PAGE_SIZE: '' });
    expect(config.http.port).toBe(8465);
    expect(config.mqtt.enabled).toBe(true);
    expect(config.normalizationMode).toBe('extended');
    expect(config.maxPageSize).toBe(1000);
  });

  it('MAX_BULK: 1000 by default, configurable up to 5000', () => {
    expect(loadConfig({}).maxBulk).toBe(1000);
    expect(loadConfig({ MAX_BULK: ' 25 ' }).maxBulk).toBe(25);
    expect(loadConfig({ MAX_BULK: '5000' }).maxBulk).toBe(5000);
  });

  describe('overrides', () => {
    it('reads every supported variable', () => {
      const config = loadConfig({
        SYSTEM_NAME: ' MyOrchestrator ',
        PORT: '9000',
        SERVER_ADDRESS: '127.0.0.1',
        BODY_LIMIT: '2mb',
        DATABASE_URL: 'postgres://u:p@db:5432/orch',
        DATA_DIR: '/var/lib/orch',
        MQTT_ENABLED: 'false',
        MQTT_URL: 'mqtts://broker:8883',
        MQTT_PORT: '11883',
        MQTT_CLIENT_ID: 'client-1',
        MQTT_USERNAME: 'user',
        MQTT_PASSWORD: 'secret',
        MQTT_SHARED_GROUP: 'orch',
        MQTT_REJECT_UNAUTHORIZED: 'no',
        AUTH_POLICY: ' DECLARED ',
        ENABLE_MANAGEMENT_FILTER: 'false',
        MANAGEMENT_POLICY: 'Whitelist',
        MANAGEMENT_WHITELIST: 'A',
        NORMALIZATION_MODE: 'SIMPLE',
        MAX_PAGE_SIZE: '50',
        CLEANER_INTERVAL_MS: '1000',
      });
      expect(config.systemName).toBe('MyOrchestrator');
      expect(config.http).toEqual({ port: 9000, address: '127.0.0.1', bodyLimit: '2mb', corsOrigins: ['*'] });
      expect(config.database).toEqual({ url: 'postgres://u:p@db:5432/orch', dataDir: '/var/lib/orch' });
      expect(config.mqtt).toMatchObject({
        enabled: false,
        url: 'mqtts://broker:8883',
        embeddedPort: 11883,
        clientId: 'client-1',
        username: 'user',
        password: 'secret',
        sharedGroup: 'orch',
        rejectUnauthorized: false,
      });
      expect(config.auth).toEqual({ ...DEFAULT_AUTH, managementFilterEnabled: false, managementPolicy: 'whitelist', managementWhitelist: ['A'] });
      expect(config.normalizationMode).toBe('simple');
      expect(config.maxPageSize).toBe(50);
      expect(config.cleanerIntervalMs).toBe(1000);
    });

    it('falls back to SERVER_PORT, PORT wins when both are set', () => {
      expect(loadConfig({ SERVER_PORT: '8441' }).http.port).toBe(8441);
      expect(loadConfig({ SERVER_PORT: '8441', PORT: '9000' }).http.port).toBe(9000);
    });

    it('derives the MQTT client id from SYSTEM_NAME', () => {
      expect(loadConfig({ SYSTEM_NAME: 'Orch' }).mqtt.clientId).toMatch(/^AH-Orch-[0-9a-f]{8}$/);
    });

    it.each([
      ['true', true],
      ['TRUE', true],
      ['1', true],
      ['yes', true],
      ['false', false],
      [' False ', false],
      ['0', false],
      ['no', false],
    ])('boolean %j → %j', (value, expected) => {
      expect(loadConfig({ MQTT_ENABLED: value }).mqtt.enabled).toBe(expected);
      expect(loadConfig({ ENABLE_MANAGEMENT_FILTER: value }).auth.managementFilterEnabled).toBe(expected);
    });
  });

  describe('management whitelist splitting', () => {
    it.each([
      ['A', ['A']],
      ['A,B,C', ['A', 'B', 'C']],
      [' A , B ,C ', ['A', 'B', 'C']],
      ['A,,B,', ['A', 'B']],
      [',', []],
      ['TemperatureManager, sysop', ['TemperatureManager', 'sysop']],
    ])('%j → %j', (value, expected) => {
      expect(loadConfig({ MANAGEMENT_WHITELIST: value }).auth.managementWhitelist).toEqual(expected);
    });
  });

  describe('validation', () => {
    it.each([
      ['PORT', 'abc'],
      ['PORT', '70000'],
      ['PORT', '-1'],
      ['SERVER_PORT', '1.5'],
      ['BODY_LIMIT', 'lots'],
      ['DATABASE_URL', 'mysql://localhost/db'],
      ['MQTT_ENABLED', 'maybe'],
      ['MQTT_URL', 'http://broker'],
      ['MQTT_PORT', 'x'],
      ['MQTT_SHARED_GROUP', 'a/b'],
      ['MQTT_REJECT_UNAUTHORIZED', 'sometimes'],
      ['AUTH_POLICY', 'certificate'],
      ['ENABLE_MANAGEMENT_FILTER', 'on'],
      ['MANAGEMENT_POLICY', 'everyone'],
      ['NORMALIZATION_MODE', 'fancy'],
      ['MAX_PAGE_SIZE', '0'],
      ['MAX_PAGE_SIZE', 'ten'],
      ['MAX_BULK', '0'],
      ['MAX_BULK', '5001'],
      ['MAX_BULK', 'many'],
      ['CLEANER_INTERVAL_MS', '99'],
      ['MANAGEMENT_PORT', '8465'],
      ['MANAGEMENT_PORT', 'x'],
      ['MANAGEMENT_PORT', '65536'],
    ])('rejects %s=%j and names the variable', (name, value) => {
      const error = configurationError({ [name]: value });
      expect(error.message).toContain(`${name}=`);
    });

    it('reports several bad variables in ONE ConfigurationError naming every one of them', () => {
      const bad = {
        PORT: 'abc',
        MQTT_ENABLED: 'maybe',
        MANAGEMENT_POLICY: 'everyone',
        NORMALIZATION_MODE: 'fancy',
        MAX_PAGE_SIZE: '0',
        DATABASE_URL: 'mysql://localhost/db',
      };
      const error = configurationError({ ...bad, SYSTEM_NAME: 'Fine', DATA_DIR: '/tmp/fine' });
      expect(error.message).toMatch(/^Invalid configuration:/);
      for (const name of Object.keys(bad)) {
        expect(error.message).toContain(`${name}=`);
      }
      expect(error.message).not.toContain('SYSTEM_NAME');
      expect(error.message).not.toContain('DATA_DIR');
      expect(error.message).toContain('NORMALIZATION_MODE must be simple or extended');
      expect(error.message).toContain('MANAGEMENT_POLICY must be sysop-only, whitelist or authorization');
      expect(error.message).toContain('DATABASE_URL must be a postgres:// URL');
    });

    it('ignores unrelated environment variables', () => {
      expect(() => loadConfig({ HOME: '/root', PATH: '/usr/bin', SOMETHING: 'x' })).not.toThrow();
    });
  });
});

describe('loadConfig limits', () => {
  it('limits MQTT requests to BODY_LIMIT unless MQTT_MAX_PAYLOAD says otherwise, and keeps 100,000 log records', () => {
    expect(loadConfig({}).mqtt.maxPayloadBytes).toBe(1024 * 1024);
    expect(loadConfig({}).log.maxRows).toBe(100_000);
    expect(loadConfig({ BODY_LIMIT: '512kb' }).mqtt.maxPayloadBytes).toBe(512 * 1024);
    expect(loadConfig({ BODY_LIMIT: '512kb', MQTT_MAX_PAYLOAD: '2048' }).mqtt.maxPayloadBytes).toBe(2048);
    expect(loadConfig({ LOG_MAX_ROWS: '5000' }).log.maxRows).toBe(5000);
    expect(() => loadConfig({ MQTT_MAX_PAYLOAD: 'lots', LOG_MAX_ROWS: '10' })).toThrow(/LOG_MAX_ROWS=10[\s\S]*MQTT_MAX_PAYLOAD="lots"/);
  });
});

describe('loadConfig MANAGEMENT_PORT', () => {
  it('is off unless set, and otherwise a port of its own', () => {
    expect(loadConfig({}).http.managementPort).toBeUndefined();
    expect(loadConfig({ MANAGEMENT_PORT: '8466' }).http.managementPort).toBe(8466);
    expect(loadConfig({ PORT: '0', MANAGEMENT_PORT: '0' }).http.managementPort).toBe(0);
    expect(() => loadConfig({ PORT: '9000', MANAGEMENT_PORT: '9000' })).toThrow('MANAGEMENT_PORT=9000 must differ from the API port (PORT)');
  });
});

describe('loadConfig push', () => {
  it('has these defaults, loopback, link-local and "this host" blocked', () => {
    expect(loadConfig({}).push).toEqual({
      maxWorkers: 5,
      pollIntervalMs: 5000,
      leaseMs: 60000,
      httpTimeoutMs: 5000,
      httpRetries: 2,
      blockedNetworks: ['127.0.0.0/8', '::1/128', '169.254.0.0/16', 'fe80::/10', '0.0.0.0/8'],
    });
  });

  it('takes a lease shorter than a delivery, since a running job renews its lease', () => {
    expect(loadConfig({ PUSH_LEASE_MS: '1000', PUSH_HTTP_TIMEOUT_MS: '5000', PUSH_HTTP_RETRIES: '2' }).push.leaseMs).toBe(1000);
  });

  it('reads PUSH_HTTP_BLOCKED_NETWORKS as a CIDR list; set but empty blocks nothing', () => {
    expect(loadConfig({ PUSH_HTTP_BLOCKED_NETWORKS: ' 10.0.0.0/8 ,192.168.1.7, 2001:db8::/32' }).push.blockedNetworks).toEqual([
      '10.0.0.0/8',
      '192.168.1.7/32',
      '2001:db8::/32',
    ]);
    expect(loadConfig({ PUSH_HTTP_BLOCKED_NETWORKS: '' }).push.blockedNetworks).toEqual([]);
    expect(loadConfig({ PUSH_HTTP_BLOCKED_NETWORKS: '  ' }).push.blockedNetworks).toEqual([]);
  });

  it('lists every entry of PUSH_HTTP_BLOCKED_NETWORKS that is not a network, with the other errors', () => {
    let message = '';
    try {
      loadConfig({ PUSH_HTTP_BLOCKED_NETWORKS: '10.0.0.0/33, localhost, ::1/64/2, 127.0.0.0/8', PUSH_MAX_WORKERS: '0' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('PUSH_MAX_WORKERS');
    expect(message).toContain(
      'PUSH_HTTP_BLOCKED_NETWORKS must be a comma-separated list of CIDR networks: 10.0.0.0/33 is not an IPv4 or IPv6 network (address/prefix); localhost is not an IPv4 or IPv6 network (address/prefix); ::1/64/2 is not an IPv4 or IPv6 network (address/prefix)',
    );
  });
});

describe('loadConfig security combinations', () => {
  it('lists every inconsistent combination at once', () => {
    expect(() => loadConfig({ AUTH_POLICY: 'certificate', MANAGEMENT_POLICY: 'authorization' })).toThrow(
      /TLS_ENABLED=true \(Authentication policy cannot be 'CERTIFICATE' while SSL is disabled\)[\s\S]*needs TLS_CA_FILE[\s\S]*needs CONSUMER_AUTHORIZATION_URL/,
    );
    expect(() => loadConfig({ TLS_ENABLED: 'true' })).toThrow('TLS_ENABLED=true needs TLS_KEY_FILE and TLS_CERT_FILE');
    expect(() => loadConfig({ AUTH_POLICY: 'outsourced' })).toThrow('AUTH_POLICY=outsourced needs AUTHENTICATION_URL');
  });

  it('asks for client certificates under the certificate policy and serves MQTTS on 8883 with TLS', () => {
    const config = loadConfig({ AUTH_POLICY: 'certificate', TLS_ENABLED: 'true', TLS_KEY_FILE: 'k', TLS_CERT_FILE: 'c', TLS_CA_FILE: 'ca' });
    expect(config.tls.clientAuth).toBe('request');
    expect(config.mqtt.embeddedPort).toBe(8883);
    // MQTTS falls back to this system's TLS material at start-up (config/tls.ts), not to file names here.
    expect([config.mqtt.caFile, config.mqtt.certFile, config.mqtt.keyFile]).toEqual([undefined, undefined, undefined]);
  });
});

describe('loadConfig for a local cloud (SPEC-cloud.md §9.1)', () => {
  const registered = { SERVICE_REGISTRY_URL: 'http://serviceregistry:8443/', DOMAIN_NAME: 'orch.lc.example' };

  it('is standalone without a registry, and registers with one', () => {
    expect(loadConfig({}).cloud).toMatchObject({ serviceRegistryUrl: undefined, register: false, leaveOnShutdown: true, connectAttempts: 4, retryIntervalMs: 15000 });
    expect(loadConfig(registered).cloud).toMatchObject({ serviceRegistryUrl: 'http://serviceregistry:8443', register: true, discoveryCacheTtlMs: 600000 });
    expect(loadConfig({ ...registered, SERVICE_REGISTRY_REGISTER: 'false' }).cloud.register).toBe(false);
    expect(loadConfig({}).coreHttpTimeoutMs).toBe(10000);
  });

  it('builds the registry URL from the reference pair, https with TLS', () => {
    expect(loadConfig({ SERVICE_REGISTRY_ADDRESS: 'sr.lc', DOMAIN_NAME: 'o' }).cloud.serviceRegistryUrl).toBe('http://sr.lc:8443');
    expect(loadConfig({ SERVICE_REGISTRY_ADDRESS: 'sr.lc', SERVICE_REGISTRY_PORT: '9443', DOMAIN_NAME: 'o', TLS_ENABLED: 'true', TLS_KEY_FILE: 'k', TLS_CERT_FILE: 'c' }).cloud.serviceRegistryUrl).toBe(
      'https://sr.lc:9443',
    );
    expect(loadConfig({ ...registered, SERVICE_REGISTRY_ADDRESS: 'other' }).cloud.serviceRegistryUrl).toBe('http://serviceregistry:8443');
  });

  it('needs a usable DOMAIN_NAME to register', () => {
    expect(() => loadConfig({ SERVICE_REGISTRY_URL: 'http://sr:8443' })).toThrow('DOMAIN_NAME is required to register in the Service Registry');
    expect(() => loadConfig({ SERVICE_REGISTRY_URL: 'http://sr:8443', DOMAIN_NAME: '0.0.0.0' })).toThrow('DOMAIN_NAME=0.0.0.0 cannot be registered');
    expect(loadConfig({ SERVICE_REGISTRY_URL: 'http://sr:8443', SERVICE_REGISTRY_REGISTER: 'false' }).cloud.register).toBe(false);
  });

  it('finds core systems through the registry or an explicit URL, and says which is missing', () => {
    expect(() => loadConfig({ AUTH_POLICY: 'outsourced', AUTH_LOGIN_PASSWORD: 'pw' })).toThrow('AUTH_POLICY=outsourced needs AUTHENTICATION_URL or SERVICE_REGISTRY_URL');
    expect(() => loadConfig({ BLACKLIST_ENABLED: 'true' })).toThrow('BLACKLIST_ENABLED=true needs BLACKLIST_URL or SERVICE_REGISTRY_URL');
    expect(loadConfig({ ...registered, AUTH_POLICY: 'outsourced', AUTH_LOGIN_PASSWORD: 'pw', MANAGEMENT_POLICY: 'authorization', BLACKLIST_ENABLED: 'true' }).auth.policy).toBe('outsourced');
  });

  it('takes the login credentials from one of two variables, never echoing them', () => {
    expect(loadConfig({ ...registered, AUTH_POLICY: 'outsourced', AUTH_LOGIN_PASSWORD: 's3cret' }).cloud.loginCredentials).toEqual({ password: 's3cret' });
    expect(loadConfig({ ...registered, AUTH_POLICY: 'outsourced', AUTH_LOGIN_CREDENTIALS: '{"password":"s3cret","pin":"1"}' }).cloud.loginCredentials).toEqual({ password: 's3cret', pin: '1' });
    expect(() => loadConfig({ ...registered, AUTH_POLICY: 'outsourced' })).toThrow('needs AUTH_LOGIN_PASSWORD or AUTH_LOGIN_CREDENTIALS');
    expect(() => loadConfig({ ...registered, AUTH_LOGIN_PASSWORD: 'a', AUTH_LOGIN_CREDENTIALS: '{}' })).toThrow('both set');
    expect(() => loadConfig({ ...registered, AUTH_LOGIN_CREDENTIALS: '{"password": 5, "s3cret": "x"}' })).toThrow(/must be a JSON object of strings(?![\s\S]*s3cret)/);
  });

  it('reads the Blacklist settings, fail-closed by default', () => {
    expect(loadConfig({}).cloud.blacklist).toEqual({ enabled: false, failOpen: false, exclude: ['ServiceRegistry', 'Authentication', 'ConsumerAuthorization', 'DynamicServiceOrchestration'] });
    expect(loadConfig({ BLACKLIST_ENABLED: 'true', BLACKLIST_URL: 'http://bl:8464', BLACKLIST_FAIL_OPEN: 'true', BLACKLIST_EXCLUDE: ' a , B ' }).cloud.blacklist).toEqual({
      enabled: true,
      failOpen: true,
      exclude: ['a', 'B'],
    });
  });
});
