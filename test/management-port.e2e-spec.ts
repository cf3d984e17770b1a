/**
 * MANAGEMENT_PORT: health, metrics and the OpenAPI description move to a second (plain HTTP)
 * listener; the API port then answers them 404, and the management port answers nothing else.
 */
import request from 'supertest';
import { TestPki } from './support/certificates';
import { TestService } from './support/service';

const OPERATIONS_PATHS = ['/health/live', '/health/ready', '/metrics', '/v3/api-docs', '/swagger-ui/', '/swagger-ui/swagger-ui-init.js'];
const ECHO = '/serviceorchestration/monitor/echo';
const LOCK_QUERY = '/serviceorchestration/orchestration/mgmt/lock/query';

describe('MANAGEMENT_PORT', () => {
  let service: TestService;
  let management: ReturnType<typeof request>;

  beforeAll(async () => {
    service = await TestService.start({ MANAGEMENT_PORT: '0' });
    management = request(`http://127.0.0.1:${service.running.managementPort}`);
  });
  afterAll(async () => service?.close());

  it('listens on its own port', () => {
    expect(service.running.managementPort).toEqual(expect.any(Number));
    expect(service.running.managementPort).not.toBe(service.running.httpPort);
  });

  it.each(OPERATIONS_PATHS)('serves %s on the management port', async (path) => {
    expect((await management.get(path)).status).toBe(200);
  });

  it('reports readiness with the database and the broker there', async () => {
    const response = await management.get('/health/ready');
    expect(response.body.info).toEqual({ database: { status: 'up' }, mqtt: { status: 'up', state: 'connected' } });
  });

  it.each([...OPERATIONS_PATHS, '/METRICS', '/Health/Live', '/metrics?x=1', '/%6Detrics', '/metrics/', '//metrics'])('answers 404 for %s on the API port', async (path) => {
    const response = await service.http.get(path);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ errorCode: 404, exceptionType: 'DATA_NOT_FOUND' });
  });

  it('serves the API on the API port only', async () => {
    expect((await service.http.get(ECHO).set('Authorization', 'Bearer SYSTEM//AnySystem')).status).toBe(200);
    expect((await service.http.post(LOCK_QUERY).set('Authorization', 'Bearer SYSTEM//Sysop')).status).toBe(200);
    const refused = await management.post(LOCK_QUERY).set('Authorization', 'Bearer SYSTEM//Sysop');
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ errorCode: 404, exceptionType: 'DATA_NOT_FOUND' });
    expect((await management.get(ECHO).set('Authorization', 'Bearer SYSTEM//AnySystem')).status).toBe(404);
  });

  it('counts API requests in the metrics it serves', async () => {
    await service.http.get(ECHO).set('Authorization', 'Bearer SYSTEM//AnySystem');
    const metrics = await management.get('/metrics');
    expect(metrics.text).toMatch(/arrowhead_requests_total\{transport="http",operation="GET \/serviceorchestration\/monitor\/echo",status="200",management="false"\} [1-9]/);
  });
});

describe('MANAGEMENT_PORT with HTTPS and the certificate policy', () => {
  const pki = new TestPki('TestCloud');
  const server = pki.issue('server', 'SimpleStoreServiceOrchestration.TestCloud.Company.arrowhead.eu', 'sy');
  let service: TestService;

  beforeAll(async () => {
    service = await TestService.start({
      ...pki.serviceTlsEnv(server),
      AUTH_POLICY: 'certificate',
      MQTT_ENABLED: 'false',
      MANAGEMENT_PORT: '0',
    });
  });
  afterAll(async () => service?.close());

  it('answers probes and scrapes over plain HTTP without a client certificate, and not on the HTTPS port', async () => {
    const management = request(`http://127.0.0.1:${service.running.managementPort}`);
    expect((await management.get('/health/ready')).status).toBe(200);
    expect((await management.get('/metrics')).status).toBe(200);
    expect((await service.http.get('/health/ready').ca(pki.caPem)).status).toBe(404);
  });
});
