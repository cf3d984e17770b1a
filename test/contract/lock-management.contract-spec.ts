import { QueryFailedError } from 'typeorm';
import { ArrowheadException } from '../../src/common/arrowhead/arrowhead.exception';
import { ROUTES } from '../../src/common/arrowhead/routes';
import { ConsumerAuthorizationClient } from '../../src/common/auth/consumer-authorization.client';
import { LockManagementController } from '../../src/lock-management/lock-management.controller';
import { LockRequestParser } from '../../src/lock-management/lock-request.parser';
import { LockManagementService } from '../../src/lock-management/lock-management.service';
import { checkContract, managementOnly, ContractApp, ContractCase, ContractOperation, errorBody, refusals, Stub, stub } from '../support/contract';
import { LOCK_CREATE_REFUSALS, LOCK_QUERY_REFUSALS, LOCK_REMOVE_REFUSALS } from '../support/cases/locks';
import { invoke, TRANSPORTS } from '../support/operations';

const { http: HTTP, mqtt: MQTT } = ROUTES.lockManagement;
const CREATE = { method: 'POST', path: `${HTTP}/create`, topic: `${MQTT}/create` } as const;
const QUERY = { method: 'POST', path: `${HTTP}/query`, topic: `${MQTT}/query` } as const;
const REMOVE = { method: 'DELETE', path: `${HTTP}/remove/Alpha`, topic: `${MQTT}/remove`, params: { owner: 'Alpha' } } as const;

const LOCK = { serviceInstanceId: 'P1|svc|1.0.0', owner: 'Alpha', expiresAt: '2099-01-01T00:00:00Z' };
const LIST = { entries: [{ id: 1, ...LOCK, temporary: false }], count: 1 };
/** LOCK as the parser hands it to the service. */
const NEW_LOCK = { serviceInstanceId: 'P1|svc|1.0.0', owner: 'Alpha', expiresAt: new Date('2099-01-01T00:00:00Z') };
const DEFAULT_PAGE = { page: 0, size: 1000, direction: 'DESC', sortField: 'id' };
const NO_FILTER = { page: DEFAULT_PAGE, ids: [], orchestrationJobIds: [], serviceInstanceIds: [], owners: [], expiresBefore: undefined, expiresAfter: undefined };
const removeOf = (owner: string): ContractOperation => ({ method: 'DELETE', path: `${HTTP}/remove/${owner}`, topic: `${MQTT}/remove`, params: { owner } });
const instanceIdsQuery = (ids: unknown) => (Array.isArray(ids) ? ids.map((id) => `instanceIds=${encodeURIComponent(String(id))}`).join('&') : undefined);

type Case = ContractCase<Stub<LockManagementService>>;

const CASES: Case[] = [
  {
    name: 'create: 201 with the service result; the service gets the parsed locks (unknown fields stripped)',
    operation: CREATE,
    body: { locks: [{ ...LOCK, color: 'red' }], extra: true },
    arrange: (service) => service.create.mockResolvedValue(LIST),
    status: 201,
    reply: () => LIST,
    called: { method: 'create', args: [[NEW_LOCK]] },
  },
  {
    name: "create: the service's 400 keeps its text",
    operation: CREATE,
    body: { locks: [LOCK] },
    arrange: (service) => service.create.mockRejectedValue(ArrowheadException.invalidParameter('Already locked: P1|svc|1.0.0')),
    status: 400,
    reply: (transport) => errorBody(transport, CREATE, 400, 'INVALID_PARAMETER', 'Already locked: P1|svc|1.0.0'),
    called: { method: 'create', args: [[NEW_LOCK]] },
  },
  managementOnly('create', CREATE, 'Bearer SYSTEM//Alpha', { body: { locks: [LOCK] } }),
  {
    name: 'create: an unexpected error is a 500 without details',
    operation: CREATE,
    body: { locks: [LOCK] },
    arrange: (service) => service.create.mockRejectedValue(new Error('secret detail')),
    status: 500,
    reply: (transport) => errorBody(transport, CREATE, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error'),
    called: { method: 'create', args: [[NEW_LOCK]] },
  },
  {
    name: 'create: a database error is a 500 "Database operation error"',
    operation: CREATE,
    body: { locks: [LOCK] },
    arrange: (service) => service.create.mockRejectedValue(new QueryFailedError('INSERT', [], new Error('duplicate key'))),
    status: 500,
    reply: (transport) => errorBody(transport, CREATE, 500, 'INTERNAL_SERVER_ERROR', 'Database operation error'),
    called: { method: 'create', args: [[NEW_LOCK]] },
  },
  {
    name: 'query: 200 with the service result, numeric strings in integer lists read as numbers; the service gets the filter',
    operation: QUERY,
    body: { ids: [1, '2'], owners: ['alpha'], pagination: { page: '0', size: 5 } },
    arrange: (service) => service.query.mockResolvedValue(LIST),
    status: 200,
    reply: () => LIST,
    called: { method: 'query', args: [{ ...NO_FILTER, ids: [1, 2], owners: ['Alpha'], page: { ...DEFAULT_PAGE, size: 5 } }] },
  },
  {
    name: 'query: no payload is no filter',
    operation: QUERY,
    arrange: (service) => service.query.mockResolvedValue({ entries: [], count: 0 }),
    status: 200,
    reply: () => ({ entries: [], count: 0 }),
    called: { method: 'query', args: [NO_FILTER] },
  },
  {
    name: 'remove: 200 with an empty body; owner from the path (HTTP) or params (MQTT), ids from the query or payload',
    operation: REMOVE,
    body: ['P1|svc|1.0.0', 'P2|svc|1.0.0'],
    query: 'instanceIds=P1%7Csvc%7C1.0.0&instanceIds=P2%7Csvc%7C1.0.0',
    arrange: (service) => service.remove.mockResolvedValue(undefined),
    status: 200,
    reply: () => '',
    called: { method: 'remove', args: [{ owner: 'Alpha', serviceInstanceIds: ['P1|svc|1.0.0', 'P2|svc|1.0.0'] }] },
  },
  // Parse failures: the DTOs refuse these before the parser and the service.
  ...refusals<Stub<LockManagementService>>(CREATE, [
    ['a list of the wrong type', { locks: 'x' }, 'Could not parse payload. Reason: locks must be an array'],
    ['a field of the wrong type in an entry', { locks: [{ ...LOCK, owner: 5 }] }, 'Could not parse payload. Reason: locks [0].owner must be a string'],
    ['an array where an object belongs', [LOCK], 'Could not parse payload. Reason: a JSON object was expected'],
  ]),
  ...refusals<Stub<LockManagementService>>(QUERY, [
    ['a single value where a list belongs', { owners: 'Alpha' }, 'Could not parse payload. Reason: owners must be an array of strings'],
    // Found by the property test: the offset of this page overflowed PostgreSQL's bigint (a 500).
    ['a page beyond 32 bits', { pagination: { page: 9223372036854776, size: 0 } }, expect.stringMatching(/^Could not parse payload\. Reason: /)],
    ['a size beyond 32 bits', { pagination: { page: 0, size: -2147483649 } }, expect.stringMatching(/^Could not parse payload\. Reason: /)],
  ]),
  ...refusals<Stub<LockManagementService>>(CREATE, [
    ['no payload', undefined, 'Request payload is null'],
    ...LOCK_CREATE_REFUSALS,
  ]),
  ...refusals<Stub<LockManagementService>>(QUERY, LOCK_QUERY_REFUSALS),
  ...refusals<Stub<LockManagementService>>(
    REMOVE,
    LOCK_REMOVE_REFUSALS,
    { query: instanceIdsQuery },
  ),
  ...refusals<Stub<LockManagementService>>(removeOf('1x'), [['a bad owner', ['P1|svc|1.0.0'], 'The specified system name does not match the naming convention: 1x']], { query: instanceIdsQuery }),
];

let contract: ContractApp;
let service: Stub<LockManagementService>;

beforeAll(async () => {
  contract = await ContractApp.start({
    controllers: [LockManagementController],
    providers: [stub(LockManagementService, ['create', 'query', 'remove']), LockRequestParser],
  });
  service = contract.stub(LockManagementService);
});
afterAll(async () => contract?.close());
beforeEach(() => jest.resetAllMocks());

describe.each(TRANSPORTS)('lock management contract over %s', (transport) => {
  it.each(CASES)('$name', (row) => checkContract(contract, service, transport, row));

  it('answers 401 without identity, before the service (HTTP: no origin, SPEC.md §5.1)', async () => {
    const answer = await invoke(contract, transport, { ...CREATE, body: { locks: [LOCK] } }, { authorization: null });
    expect(answer).toEqual({
      status: 401,
      body:
        transport === 'http'
          ? { errorMessage: 'No authorization header has been provided', errorCode: 401, exceptionType: 'AUTH' }
          : { errorMessage: 'No authentication info has been provided', errorCode: 401, exceptionType: 'AUTH', origin: CREATE.topic },
    });
    expect(service.create).not.toHaveBeenCalled();
  });
});

describe('lock management contract, HTTP specifics', () => {
  it('accepts comma-separated ids in the query', async () => {
    service.remove.mockResolvedValue(undefined);
    const response = await contract.http.delete(`${HTTP}/remove/alpha?instanceIds=A%7Cb%7C1,C%7Cd%7C2`).set('Authorization', 'Bearer SYSTEM//Sysop');
    expect(response.status).toBe(200);
    expect(service.remove.mock.calls).toEqual([[{ owner: 'Alpha', serviceInstanceIds: ['A|b|1.0.0', 'C|d|2.0.0'] }]]);
  });

  it.each([
    ['a non-JSON body', 'text/plain', 'x', 415, "Content-Type 'text/plain' is not supported, use application/json"],
    // The parser's own text follows the prefix (it is Node's, so only the prefix is pinned).
    ['malformed JSON', 'application/json', '{"locks": [', 400, expect.stringMatching(/^Failed to read request: ./)],
  ])('refuses %s before the handler', async (_, contentType, text, status, message) => {
    const response = await contract.http.post(CREATE.path).set('Authorization', 'Bearer SYSTEM//Sysop').set('Content-Type', contentType).send(text);
    expect({ status: response.status, body: response.body }).toEqual({
      status,
      body: { errorMessage: message, errorCode: status, exceptionType: 'INVALID_PARAMETER', origin: `POST ${CREATE.path}` },
    });
    expect(service.create).not.toHaveBeenCalled();
  });
});

describe('lock management contract, MQTT specifics', () => {
  it('replies with the status, the traceId, the normalized requester as receiver, and the payload', async () => {
    service.query.mockResolvedValue(LIST);
    const reply = await contract.mqtt(QUERY.topic, { traceId: 'trace-1', authentication: 'SYSTEM//sysop', payload: {} });
    expect(reply).toEqual({ status: 200, traceId: 'trace-1', receiver: 'Sysop', payload: LIST });
  });

  it('reads the owner from params and the list from the payload; without params.owner it is "Owner is missing" (the seed example)', async () => {
    service.remove.mockResolvedValue(undefined);
    const reply = await contract.mqtt(REMOVE.topic, { params: { owner: 'alpha' }, payload: ['P1|svc|1.0.0'] });
    expect(reply).toMatchObject({ status: 200, payload: '' });
    expect(service.remove.mock.calls).toEqual([[{ owner: 'Alpha', serviceInstanceIds: ['P1|svc|1.0.0'] }]]);
    const withoutOwner = await contract.mqtt(REMOVE.topic, { payload: ['P1|svc|1.0.0'] });
    expect(withoutOwner).toMatchObject({ status: 400, payload: errorBody('mqtt', REMOVE, 400, 'INVALID_PARAMETER', 'Owner is missing') });
    expect(service.remove).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['an object', { ids: ['x'] }],
    ['a string', 'P1|svc|1.0.0'],
  ])('refuses %s where remove expects a JSON array', async (_, payload) => {
    const reply = await contract.mqtt(REMOVE.topic, { params: { owner: 'Alpha' }, payload });
    expect(reply).toMatchObject({
      status: 400,
      payload: errorBody('mqtt', REMOVE, 400, 'INVALID_PARAMETER', 'Could not parse payload. Reason: a JSON array was expected'),
    });
    expect(service.remove).not.toHaveBeenCalled();
  });

  it('refuses an unknown QoS with 400, before authentication', async () => {
    const reply = await contract.mqtt(QUERY.topic, { qosRequirement: 5, authentication: undefined });
    expect(reply).toEqual({
      status: 400,
      traceId: expect.any(String),
      payload: errorBody('mqtt', QUERY, 400, 'INVALID_PARAMETER', 'Unknown MQTT QoS value:5'),
    });
  });

  it('runs a request without responseTopic and sends no reply (SPEC.md §4.2)', async () => {
    service.query.mockResolvedValue(LIST);
    const template = { traceId: 't', authentication: 'SYSTEM//Sysop', qosRequirement: 1, payload: {} };
    expect(await contract.mqttUnanswered(QUERY.topic, template, false)).toEqual([]);
    expect(service.query).toHaveBeenCalledTimes(1);
  });
});

describe('lock management contract under the authorization management policy', () => {
  let guarded: ContractApp;

  beforeAll(async () => {
    guarded = await ContractApp.start({
      controllers: [LockManagementController],
      providers: [stub(LockManagementService, ['create', 'query', 'remove']), LockRequestParser],
      env: { MANAGEMENT_POLICY: 'authorization', CONSUMER_AUTHORIZATION_URL: 'http://127.0.0.1:1', MANAGEMENT_WHITELIST: 'Trusted' },
    });
  });
  afterAll(async () => guarded?.close());

  it.each(TRANSPORTS)('asks ConsumerAuthorization about the service and operation over %s, and obeys', async (transport) => {
    const mayUse = guarded.stub(ConsumerAuthorizationClient).mayUse;
    guarded.stub(LockManagementService).query.mockResolvedValue(LIST);
    mayUse.mockResolvedValueOnce(true).mockResolvedValueOnce(false);
    const allowed = await invoke(guarded, transport, QUERY, { authorization: 'Bearer SYSTEM//auditor' });
    const refused = await invoke(guarded, transport, QUERY, { authorization: 'Bearer SYSTEM//Auditor' });
    expect([allowed.status, refused.status]).toEqual([200, 403]);
    // The fourth is the request's traceId, for the client's log lines.
    expect(mayUse.mock.calls).toEqual([
      ['Auditor', 'serviceOrchestrationLockManagement', 'query', expect.any(String)],
      ['Auditor', 'serviceOrchestrationLockManagement', 'query', expect.any(String)],
    ]);
  });

  it.each(TRANSPORTS)('lets whitelisted systems and the sysop in without asking over %s', async (transport) => {
    guarded.stub(LockManagementService).query.mockResolvedValue(LIST);
    const mayUse = guarded.stub(ConsumerAuthorizationClient).mayUse;
    expect((await invoke(guarded, transport, QUERY, { authorization: 'Bearer SYSTEM//trusted' })).status).toBe(200);
    expect((await invoke(guarded, transport, QUERY, {})).status).toBe(200);
    expect(mayUse).not.toHaveBeenCalled();
  });
});
