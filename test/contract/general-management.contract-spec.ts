import { ArrowheadException } from '../../src/common/arrowhead/arrowhead.exception';
import { ROUTES } from '../../src/common/arrowhead/routes';
import { GeneralManagementController } from '../../src/general-management/general-management.controller';
import { GeneralManagementRequestParser } from '../../src/general-management/general-management-request.parser';
import { GeneralManagementService } from '../../src/general-management/general-management.service';
import { MonitorController } from '../../src/monitor/monitor.controller';
import { checkContract, managementOnly, ContractApp, ContractCase, errorBody, refusals, Stub, stub } from '../support/contract';
import { CONFIG_KEYS_REFUSALS, LOG_QUERY_REFUSALS } from '../support/cases/general-management';
import { invoke, TRANSPORTS } from '../support/operations';

const { http: HTTP, mqtt: MQTT } = ROUTES.generalManagement;
const GET_LOG = { method: 'POST', path: `${HTTP}/logs`, topic: `${MQTT}/get-log` } as const;
const GET_CONFIG = { method: 'GET', path: `${HTTP}/get-config`, topic: `${MQTT}/get-config` } as const;
const ECHO = { method: 'GET', path: `${ROUTES.monitor.http}/echo`, topic: `${ROUTES.monitor.mqtt}/echo` } as const;

const LOGS = { entries: [{ logId: '1', entryDate: '2026-01-01T00:00:00Z', logger: 'Bootstrap', severity: 'INFO', message: 'ready' }], count: 1 };
const CONFIG = { map: { 'max.page.size': '1000' } };

/** MAX_PAGE_SIZE of this app (500, not the default), for the page-size text. */
const MAX_PAGE_SIZE = 500;
const EPOCH = new Date(0);
const keysQuery = (keys: unknown) => (Array.isArray(keys) ? keys.map((key) => `keys=${encodeURIComponent(String(key))}`).join('&') : undefined);

type Case = ContractCase<Stub<GeneralManagementService>>;

const CASES: Case[] = [
  {
    name: 'echo: 200, "Got it!" on HTTP and "Got it" on MQTT (SPEC.md §2.2)',
    operation: ECHO,
    status: 200,
    reply: (transport) => (transport === 'http' ? 'Got it!' : 'Got it'),
  },
  {
    name: 'echo: open to any authenticated system (not management)',
    operation: ECHO,
    authorization: 'Bearer SYSTEM//AnyConsumer',
    status: 200,
    reply: (transport) => (transport === 'http' ? 'Got it!' : 'Got it'),
  },
  {
    name: 'get-log: 200 with the service result; the service gets the parsed query',
    operation: GET_LOG,
    body: { severity: 'info', loggerStr: ' Boot ', pagination: { page: 0, size: 10 }, from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', unknown: 1 },
    arrange: (service) => service.getLog.mockResolvedValue(LOGS),
    status: 200,
    reply: () => LOGS,
    called: {
      method: 'getLog',
      args: [
        {
          page: { page: 0, size: 10, direction: 'DESC', sortField: 'entryDate' },
          from: new Date('2026-01-01T00:00:00Z'),
          to: new Date('2026-01-02T00:00:00Z'),
          severity: 'INFO',
          logger: 'Boot',
        },
      ],
    },
  },
  {
    name: 'get-log: no payload is everything up to now, newest first',
    operation: GET_LOG,
    arrange: (service) => service.getLog.mockResolvedValue(LOGS),
    status: 200,
    reply: () => LOGS,
    called: {
      method: 'getLog',
      args: [{ page: { page: 0, size: MAX_PAGE_SIZE, direction: 'DESC', sortField: 'entryDate' }, from: EPOCH, to: expect.any(Date), severity: 'ALL', logger: null }],
    },
  },
  {
    name: 'get-log: a number where a string belongs is a parse failure',
    operation: GET_LOG,
    body: { severity: 5 },
    status: 400,
    reply: (transport) => errorBody(transport, GET_LOG, 400, 'INVALID_PARAMETER', 'Could not parse payload. Reason: severity must be a string'),
  },
  {
    name: "get-log: the service's 400 keeps its text",
    operation: GET_LOG,
    body: { severity: 'error' },
    arrange: (service) => service.getLog.mockRejectedValue(ArrowheadException.invalidParameter('Some rule of the service')),
    status: 400,
    reply: (transport) => errorBody(transport, GET_LOG, 400, 'INVALID_PARAMETER', 'Some rule of the service'),
    called: {
      method: 'getLog',
      args: [{ page: { page: 0, size: MAX_PAGE_SIZE, direction: 'DESC', sortField: 'entryDate' }, from: EPOCH, to: expect.any(Date), severity: 'ERROR', logger: null }],
    },
  },
  managementOnly('get-log', GET_LOG, 'Bearer SYSTEM//AnyConsumer', { body: {} }),
  {
    name: 'get-config: the keys from the query (HTTP) or the payload (MQTT), trimmed, each once',
    operation: GET_CONFIG,
    body: ['max.page.size', ' server.port ', 'max.page.size'],
    query: 'keys=max.page.size&keys=%20server.port%20&keys=max.page.size',
    arrange: (service) => service.getConfig.mockReturnValue(CONFIG),
    status: 200,
    reply: () => CONFIG,
    called: { method: 'getConfig', args: [['max.page.size', 'server.port']] },
  },
  managementOnly('get-config', GET_CONFIG, 'Bearer SYSTEM//AnyConsumer', { body: ['max.page.size'], query: 'keys=max.page.size' }),
  ...refusals<Stub<GeneralManagementService>>(GET_LOG, LOG_QUERY_REFUSALS),
  ...refusals<Stub<GeneralManagementService>>(
    GET_CONFIG,
    CONFIG_KEYS_REFUSALS,
    { query: keysQuery },
  ),
];

let contract: ContractApp;
let service: Stub<GeneralManagementService>;

beforeAll(async () => {
  contract = await ContractApp.start({
    controllers: [GeneralManagementController, MonitorController],
    providers: [stub(GeneralManagementService, ['getLog', 'getConfig']), GeneralManagementRequestParser],
    env: { MAX_PAGE_SIZE: String(MAX_PAGE_SIZE) },
  });
  service = contract.stub(GeneralManagementService);
});
afterAll(async () => contract?.close());
beforeEach(() => jest.resetAllMocks());

describe.each(TRANSPORTS)('general management and monitor contract over %s', (transport) => {
  it.each(CASES)('$name', (row) => checkContract(contract, service, transport, row));

  it.each([
    ['a malformed identity', 'Bearer SYSTEM/Sysop', { http: 'Invalid authorization header', mqtt: 'Invalid authentication info' }],
    ['no identity', null, { http: 'No authorization header has been provided', mqtt: 'No authentication info has been provided' }],
  ])('answers echo with %s with 401', async (_, authorization, texts) => {
    const answer = await invoke(contract, transport, ECHO, { authorization });
    const body = { errorMessage: texts[transport], errorCode: 401, exceptionType: 'AUTH' };
    expect(answer).toEqual({ status: 401, body: transport === 'http' ? body : { ...body, origin: ECHO.topic } });
  });
});

describe('general management and monitor contract, wire specifics', () => {
  it('sends echo as text/plain on HTTP', async () => {
    const response = await contract.http.get(ECHO.path).set('Authorization', 'Bearer SYSTEM//Sysop');
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.text).toBe('Got it!');
  });

  it('accepts comma-separated config keys on HTTP', async () => {
    service.getConfig.mockReturnValue(CONFIG);
    const response = await contract.http.get(`${GET_CONFIG.path}?keys=a,b&keys=c`).set('Authorization', 'Bearer SYSTEM//Sysop');
    expect(response.status).toBe(200);
    expect(service.getConfig.mock.calls).toEqual([[['a', 'b', 'c']]]);
  });

  it('answers echo over MQTT in the full reply envelope', async () => {
    const reply = await contract.mqtt(ECHO.topic, { traceId: 'echo-1', authentication: 'SYSTEM//any_consumer' });
    expect(reply).toEqual({ status: 200, traceId: 'echo-1', receiver: 'AnyConsumer', payload: 'Got it' });
  });
});
