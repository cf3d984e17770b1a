import { TestService } from './support/service';

const SYSOP = 'Bearer SYSTEM//Sysop';

describe('operability', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await TestService.start();
  });
  afterAll(async () => service?.close());

  describe('health probes (no Arrowhead identity needed)', () => {
    it('reports liveness', async () => {
      const response = await service.http.get('/health/live');
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('ok');
    });

    it('reports readiness with the database and the broker connection', async () => {
      const response = await service.http.get('/health/ready');
      expect(response.status).toBe(200);
      expect(response.body.info).toEqual({ database: { status: 'up' }, mqtt: { status: 'up', state: 'connected' } });
    });
  });

  describe('metrics', () => {
    it('counts requests per transport, operation and status, refused ones included', async () => {
      await service.http.post('/serviceorchestration/orchestration/mgmt/lock/query').set('Authorization', SYSOP);
      await service.http.post('/serviceorchestration/orchestration/mgmt/lock/query').set('Authorization', 'Bearer SYSTEM//Nobody');
      await service.mqtt('arrowhead/serviceorchestration/monitor/echo');
      const response = await service.http.get('/metrics');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      const text = response.text;
      expect(text).toMatch(/arrowhead_requests_total\{transport="http",operation="POST \/serviceorchestration\/orchestration\/mgmt\/lock\/query",status="200",management="true"\} [1-9]/);
      expect(text).toMatch(/arrowhead_requests_total\{transport="http",operation="POST \/serviceorchestration\/orchestration\/mgmt\/lock\/query",status="403",management="true"\} [1-9]/);
      expect(text).toMatch(/arrowhead_requests_total\{transport="mqtt",operation="arrowhead\/serviceorchestration\/monitor\/echo",status="200",management="false"\} [1-9]/);
      expect(text).toMatch(/arrowhead_request_duration_seconds_bucket\{le="0\.1",transport="mqtt"/);
      expect(text).toMatch(/^arrowhead_live_locks \d+$/m);
      expect(text).toContain('process_cpu_user_seconds_total');
    });
  });

  describe('OpenAPI', () => {
    it('serves the API description with each operation and its MQTT topic', async () => {
      const response = await service.http.get('/v3/api-docs');
      expect(response.status).toBe(200);
      const pull = response.body.paths['/serviceorchestration/orchestration/pull'].post;
      expect(pull['x-mqtt-topic']).toBe('arrowhead/serviceorchestration/orchestration/pull');
      expect(Object.keys(pull.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '500']));
      const lockCreate = response.body.paths['/serviceorchestration/orchestration/mgmt/lock/create'].post;
      expect(lockCreate.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/LockListRequestDto');
      expect(Object.keys(lockCreate.responses)).toEqual(expect.arrayContaining(['201', '403']));
      expect(response.body.paths['/health/live']).toBeUndefined();
    });

    it('serves the Swagger UI', async () => {
      const response = await service.http.get('/swagger-ui/');
      expect(response.status).toBe(200);
      expect(response.text).toContain('swagger-ui');
    });
  });

  describe('request ids', () => {
    it('echoes the caller X-Request-Id, or gives one', async () => {
      const given = await service.http.get('/serviceorchestration/monitor/echo').set('Authorization', SYSOP).set('X-Request-Id', 'req-42');
      expect(given.headers['x-request-id']).toBe('req-42');
      const fresh = await service.http.get('/serviceorchestration/monitor/echo').set('Authorization', SYSOP);
      expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});
