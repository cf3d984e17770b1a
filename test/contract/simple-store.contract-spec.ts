import { ArrowheadException } from '../../src/common/arrowhead/arrowhead.exception';
import { ROUTES } from '../../src/common/arrowhead/routes';
import { SimpleStoreController } from '../../src/simple-store/simple-store.controller';
import { SimpleStoreService } from '../../src/simple-store/simple-store.service';
import { checkContract, ContractApp, ContractCase, errorBody, Stub, stub } from '../support/contract';
import { invoke, TRANSPORTS } from '../support/operations';

const { http: HTTP, mqtt: MQTT } = ROUTES.simpleStore;
const QUERY = { method: 'POST', path: `${HTTP}/query`, topic: `${MQTT}/query` } as const;
const CREATE = { method: 'POST', path: `${HTTP}/create`, topic: `${MQTT}/create` } as const;
const MODIFY = { method: 'PUT', path: `${HTTP}/modify-priorities`, topic: `${MQTT}/modify-priorities` } as const;
const REMOVE = { method: 'DELETE', path: `${HTTP}/remove`, topic: `${MQTT}/remove` } as const;

const ID = '341f7626-bdee-4ec1-8cb9-23f88e04e374';
const RULE = { consumer: 'ConsumerA', serviceInstanceId: 'P1|alpha|1.0.0', priority: 1 };
const LIST = { entries: [{ id: ID, ...RULE, serviceDefinition: 'alpha', createdBy: 'Sysop', updatedBy: 'Sysop', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }], count: 1 };

const CASES: ContractCase<Stub<SimpleStoreService>>[] = [
  {
    name: 'query: 200 with the service result; priorities as numeric strings read as numbers',
    operation: QUERY,
    body: { consumerNames: ['ConsumerA'], minPriority: '1' },
    arrange: (service) => service.query.mockResolvedValue(LIST),
    status: 200,
    reply: () => LIST,
    called: { method: 'query', args: [{ consumerNames: ['ConsumerA'], minPriority: 1 }] },
  },
  {
    name: 'query: a bare string where a list belongs is a parse failure (the seed typo, SPEC-deviations A12)',
    operation: QUERY,
    body: { ids: ID },
    status: 400,
    reply: (transport) => errorBody(transport, QUERY, 400, 'INVALID_PARAMETER', 'Could not parse payload. Reason: ids must be an array of strings'),
  },
  {
    name: 'create: 201; the service gets the request and the normalized caller name',
    operation: CREATE,
    body: { candidates: [RULE] },
    authorization: 'Bearer SYSTEM//sysop',
    arrange: (service) => service.create.mockResolvedValue(LIST),
    status: 201,
    reply: () => LIST,
    called: { method: 'create', args: [{ candidates: [RULE] }, 'Sysop'] },
  },
  {
    name: 'modify-priorities: the map reaches the service as sent (its shape is the validator\'s)',
    operation: MODIFY,
    body: { [ID]: '2' },
    arrange: (service) => service.modifyPriorities.mockResolvedValue(LIST),
    status: 200,
    reply: () => LIST,
    called: { method: 'modifyPriorities', args: [{ [ID]: '2' }, 'Sysop'] },
  },
  {
    name: "modify-priorities: the service's 400 keeps its text",
    operation: MODIFY,
    body: [ID],
    arrange: (service) =>
      service.modifyPriorities.mockRejectedValue(
        ArrowheadException.invalidParameter('Could not parse payload. Reason: a JSON object mapping record ids to priorities was expected'),
      ),
    status: 400,
    reply: (transport) =>
      errorBody(transport, MODIFY, 400, 'INVALID_PARAMETER', 'Could not parse payload. Reason: a JSON object mapping record ids to priorities was expected'),
    called: { method: 'modifyPriorities', args: [[ID], 'Sysop'] },
  },
  {
    name: 'remove: 200 with an empty body; the ids from `uuids` (HTTP) or the payload (MQTT)',
    operation: REMOVE,
    body: [ID],
    query: `uuids=${ID}&ids=ignored`,
    arrange: (service) => service.remove.mockResolvedValue(undefined),
    status: 200,
    reply: () => '',
    called: { method: 'remove', args: [[ID]] },
  },
  {
    name: 'remove: a non-sysop caller is refused with 403',
    operation: REMOVE,
    body: [ID],
    query: `uuids=${ID}`,
    authorization: 'Bearer SYSTEM//ConsumerA',
    status: 403,
    reply: (transport) => errorBody(transport, REMOVE, 403, 'FORBIDDEN', 'Requester has no management permission'),
  },
];

let contract: ContractApp;
let service: Stub<SimpleStoreService>;

beforeAll(async () => {
  contract = await ContractApp.start({
    controllers: [SimpleStoreController],
    providers: [stub(SimpleStoreService, ['query', 'create', 'modifyPriorities', 'remove'])],
  });
  service = contract.stub(SimpleStoreService);
});
afterAll(async () => contract?.close());
beforeEach(() => jest.resetAllMocks());

describe.each(TRANSPORTS)('simple-store management contract over %s', (transport) => {
  it.each(CASES)('$name', (row) => checkContract(contract, service, transport, row));
});

describe('simple-store management contract, HTTP aliases', () => {
  it('serves modify-priorities on POST too (SPEC-deviations B1), with the same origin rules', async () => {
    service.modifyPriorities.mockResolvedValue(LIST);
    const answer = await invoke(contract, 'http', { ...MODIFY, method: 'POST', body: { [ID]: 2 } });
    expect(answer).toEqual({ status: 200, body: LIST });
    expect(service.modifyPriorities.mock.calls).toEqual([[{ [ID]: 2 }, 'Sysop']]);
  });

  it('removes on DELETE /query too (SPEC-deviations B2)', async () => {
    service.remove.mockResolvedValue(undefined);
    const answer = await invoke(contract, 'http', { ...QUERY, method: 'DELETE', query: `uuids=${ID}` });
    expect(answer).toEqual({ status: 200, body: '' });
    expect(service.remove.mock.calls).toEqual([[[ID]]]);
  });
});
