import { Logger } from '@nestjs/common';
import { LogPersistenceService } from '../src/logging/log-persistence.service';
import { invoke, Reply, Transport, TRANSPORTS } from './support/operations';
import { TestService } from './support/service';

const GET_LOG = { method: 'POST' as const, path: '/serviceorchestration/general/mgmt/logs', topic: 'arrowhead/serviceorchestration/general/management/get-log' };
const GET_CONFIG = { method: 'GET' as const, path: '/serviceorchestration/general/mgmt/get-config', topic: 'arrowhead/serviceorchestration/general/management/get-config' };

let service: TestService;

beforeAll(async () => {
  service = await TestService.start({ MAX_PAGE_SIZE: '500', MANAGEMENT_POLICY: 'whitelist', MANAGEMENT_WHITELIST: 'Operator' });
});
afterAll(async () => service?.close());

const getLog = (transport: Transport, body?: unknown): Promise<Reply> => invoke(service, transport, { ...GET_LOG, body });
const getConfig = (transport: Transport, keys?: string[]): Promise<Reply> =>
  invoke(service, transport, { ...GET_CONFIG, query: keys?.map((key) => `keys=${encodeURIComponent(key)}`).join('&'), body: keys });

describe.each(TRANSPORTS)('get-log over %s', (transport) => {
  beforeAll(async () => {
    await service.truncate('logs');
    const logger = new Logger('GetLogProbe');
    logger.log('probe info entry');
    logger.warn('probe warning entry');
    logger.error('probe error entry', 'Error: boom\n    at somewhere');
    logger.debug('probe debug entry (not persisted)');
    new Logger('OtherContext').log('other info entry');
    await service.running.app.get(LogPersistenceService).flush();
  });

  it('returns persisted INFO-or-worse entries, newest first, with their fields', async () => {
    const reply = await getLog(transport, { logger: 'getlogprobe' });
    expect(reply.status).toBe(200);
    expect(reply.body.count).toBe(3);
    expect(reply.body.entries.map((entry: any) => entry.message).sort()).toEqual(['probe error entry', 'probe info entry', 'probe warning entry']);
    const error = reply.body.entries.find((entry: any) => entry.severity === 'ERROR');
    expect(error).toEqual({
      logId: expect.any(String),
      entryDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      logger: 'GetLogProbe',
      severity: 'ERROR',
      message: 'probe error entry',
      exception: 'Error: boom\n    at somewhere',
    });
  });

  it.each([
    [{ severity: 'warn', logger: 'GetLogProbe' }, 2],
    [{ severity: 'ERROR', loggerStr: 'getLogProbe' }, 1],
    [{ severity: 'ALL', logger: 'probe' }, 3],
    [{ severity: 'OFF', logger: 'probe' }, 0],
    [{ logger: 'context' }, 1],
    [{ logger: 'GetLogProbe', from: '2000-01-01T00:00:00Z', to: '2001-01-01T00:00:00Z' }, 0],
    [{ logger: 'GetLogProbe', from: '2000-01-01T00:00:00Z' }, 3],
  ])('filters %j', async (body, count) => {
    const reply = await getLog(transport, body);
    expect([reply.status, reply.body.count]).toEqual([200, count]);
  });

  it('pages and sorts', async () => {
    const reply = await getLog(transport, { logger: 'GetLogProbe', pagination: { page: 0, size: 2, sortField: 'logLevel', direction: 'ASC' } });
    expect(reply.body.count).toBe(3);
    expect(reply.body.entries.map((entry: any) => entry.severity)).toEqual(['ERROR', 'INFO']);
  });

  // Every rule and text: general-management-request.parser.spec.ts and the contract table.
  it.each([
    [{ from: '2025-01-02T00:00:00Z', to: '2025-01-01T00:00:00Z' }, 'Invalid time interval'],
    [{ pagination: { page: 0, size: 501 } }, 'The page size cannot be larger than 500'],
  ])('rejects %j with 400', async (body, message) => {
    const reply = await getLog(transport, body);
    expect(reply).toEqual({
      status: 400,
      body: { errorMessage: message, errorCode: 400, exceptionType: 'INVALID_PARAMETER', origin: transport === 'http' ? `POST ${GET_LOG.path}` : GET_LOG.topic },
    });
  });
});

describe.each(TRANSPORTS)('get-config over %s', (transport) => {
  it('answers the public keys asked for, trimmed and once each, and leaves out the rest', async () => {
    const reply = await getConfig(transport, ['max.page.size', ' normalization.mode ', 'max.page.size', 'management.policy', 'authentication.policy', 'database.password', 'mqtt.api.enabled']);
    expect(reply).toEqual({
      status: 200,
      body: { map: { 'max.page.size': '500', 'normalization.mode': 'EXTENDED', 'management.policy': 'whitelist', 'authentication.policy': 'declared', 'mqtt.api.enabled': 'true' } },
    });
  });

  it.each([
    [['max.page.size', ' '], 'The list of the requested configuration keys contains a null or empty value'],
  ])('rejects %j with 400', async (keys, message) => {
    const reply = await getConfig(transport, keys);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      errorMessage: message,
      errorCode: 400,
      exceptionType: 'INVALID_PARAMETER',
      origin: transport === 'http' ? `GET ${GET_CONFIG.path}` : GET_CONFIG.topic,
    });
  });

  it('is a management operation (whitelisted systems and the sysop only)', async () => {
    expect((await invoke(service, transport, { ...GET_CONFIG, query: 'keys=server.port', body: ['server.port'] }, { authorization: 'Bearer SYSTEM//Operator' })).status).toBe(200);
    expect((await invoke(service, transport, { ...GET_CONFIG, query: 'keys=server.port', body: ['server.port'] }, { authorization: 'Bearer SYSTEM//Intruder' })).status).toBe(403);
  });
});
