import { loadConfig } from './app-config';

// SPEC-cloud.md §7, §8, §9.1: the variables added for taking part in a local cloud.
describe('loadConfig: cloud variables', () => {
  it.each([
    [{}, undefined, undefined],
    [{ MQTT_PASSWORD: 'pw' }, 'SimpleStoreServiceOrchestration', 'pw'],
    [{ MQTT_PASSWORD: 'pw', SYSTEM_NAME: 'Orch2' }, 'Orch2', 'pw'],
    [{ MQTT_PASSWORD: 'pw', MQTT_USERNAME: 'broker-user' }, 'broker-user', 'pw'],
    [{ MQTT_USERNAME: 'anonymous-ish' }, 'anonymous-ish', undefined],
    [{ MQTT_CLIENT_PASSWORD: 'pw' }, 'SimpleStoreServiceOrchestration', 'pw'],
  ])('broker login for %j: username %j, password %j (§8)', (env, username, password) => {
    const { mqtt } = loadConfig(env);
    expect([mqtt.username, mqtt.password]).toEqual([username, password]);
  });

  it.each([
    ['*', ['*']],
    ['https://ui.example', ['https://ui.example']],
    [' https://a.example , https://*.b.example ,', ['https://a.example', 'https://*.b.example']],
  ])('CORS_ORIGINS=%j → %j', (value, origins) => {
    expect(loadConfig({ CORS_ORIGINS: value }).http.corsOrigins).toEqual(origins);
  });

  it('reads DISABLE_HOSTNAME_VERIFIER and CORE_HTTP_TIMEOUT_MS', () => {
    const config = loadConfig({ DISABLE_HOSTNAME_VERIFIER: 'TRUE', CORE_HTTP_TIMEOUT_MS: '2500' });
    expect(config.tls.disableHostnameVerifier).toBe(true);
    expect(config.coreHttpTimeoutMs).toBe(2500);
  });

  it.each([
    ['DISABLE_HOSTNAME_VERIFIER', 'perhaps'],
    ['CORE_HTTP_TIMEOUT_MS', '0'],
    ['CORE_HTTP_TIMEOUT_MS', '10s'],
  ])('rejects %s=%j', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(`${name}=`);
  });

  it('never shows a password in a configuration error', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:TopSecret@db/x' })).toThrow(/DATABASE_URL="mysql:\/\/u:\*\*\*@db\/x"/);
  });
});
