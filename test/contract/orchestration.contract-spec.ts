import { ArrowheadException } from '../../src/common/arrowhead/arrowhead.exception';
import { ROUTES } from '../../src/common/arrowhead/routes';
import { StatusResult } from '../../src/common/arrowhead/status-result';
import { HistoryController } from '../../src/orchestration/history.controller';
import { OrchestrationJobService } from '../../src/orchestration/orchestration-job.service';
import { OrchestrationController } from '../../src/orchestration/orchestration.controller';
import { OrchestrationService } from '../../src/orchestration/orchestration.service';
import { PushTrigger } from '../../src/push/push-trigger';
import { PushManagementController } from '../../src/push/push-management.controller';
import { SubscriptionController } from '../../src/push/subscription.controller';
import { SubscriptionService } from '../../src/push/subscription.service';
import { checkContract, ContractApp, ContractCase, errorBody, Stub, stub } from '../support/contract';
import { invoke, TRANSPORTS } from '../support/operations';

const ORCH = ROUTES.orchestration;
const PUSH = ROUTES.push;
const PULL = { method: 'POST', path: `${ORCH.http}/pull`, topic: `${ORCH.mqtt}/pull` } as const;
const HISTORY = { method: 'POST', path: `${ROUTES.history.http}/query`, topic: `${ROUTES.history.mqtt}/query` } as const;
const SUBSCRIBE = { method: 'POST', path: `${ORCH.http}/subscribe`, topic: `${ORCH.mqtt}/subscribe` } as const;
const PUSH_UNSUBSCRIBE = { method: 'DELETE', path: `${PUSH.http}/unsubscribe`, topic: `${PUSH.mqtt}/unsubscribe` } as const;
const TRIGGER = { method: 'POST', path: `${PUSH.http}/trigger`, topic: `${PUSH.mqtt}/trigger` } as const;
const PUSH_QUERY = { method: 'POST', path: `${PUSH.http}/query`, topic: `${PUSH.mqtt}/query` } as const;

const ID = 'd4d61873-07db-4e93-a16e-9465852bdabf';
const CONSUMER = 'Bearer SYSTEM//TemperatureConsumer';
const RESULTS = { results: [{ serviceInstanceId: 'P1|kelvinInfo|1.0.0', providerName: 'P1', serviceDefinitition: 'kelvinInfo', version: '1.0.0', cloudIdentitifer: 'LOCAL' as const }], warnings: [] };
const NOTIFY = { protocol: 'MQTT', properties: { topic: 'consumer/notify' } };

interface Services {
  orchestration: Stub<OrchestrationService>;
  jobs: Stub<OrchestrationJobService>;
  subscriptions: Stub<SubscriptionService>;
  pushJobs: Stub<PushTrigger>;
}

/** Each row arranges and checks one of the four stubs; `checkContract` sees only that one. */
type Row<K extends keyof Services> = { stub: K } & ContractCase<Services[K]>;
type AnyRow = Row<'orchestration'> | Row<'jobs'> | Row<'subscriptions'> | Row<'pushJobs'>;

const CASES: AnyRow[] = [
  {
    stub: 'orchestration',
    name: 'pull: open to any authenticated system; the service gets the caller and the request',
    operation: PULL,
    body: { serviceRequirement: { serviceDefinition: 'kelvinInfo' }, orchestrationFlags: { MATCHMAKING: 'true' } },
    authorization: CONSUMER,
    arrange: (service) => service.pull.mockResolvedValue(RESULTS),
    status: 200,
    reply: () => RESULTS,
    called: { method: 'pull', args: ['TemperatureConsumer', { serviceRequirement: { serviceDefinition: 'kelvinInfo' }, orchestrationFlags: { MATCHMAKING: true } }] },
  },
  {
    stub: 'orchestration',
    name: 'pull: a flag that is not a boolean is a parse failure',
    operation: PULL,
    body: { orchestrationFlags: { MATCHMAKING: 'maybe' } },
    authorization: CONSUMER,
    status: 400,
    reply: (transport) => errorBody(transport, PULL, 400, 'INVALID_PARAMETER', 'Could not parse payload. Reason: orchestrationFlags must map names to booleans'),
  },
  {
    stub: 'jobs',
    name: 'history: a management operation (403 for a consumer)',
    operation: HISTORY,
    body: {},
    authorization: CONSUMER,
    status: 403,
    reply: (transport) => errorBody(transport, HISTORY, 403, 'FORBIDDEN', 'Requester has no management permission'),
  },
  {
    stub: 'jobs',
    name: 'history: 200 with the service result',
    operation: HISTORY,
    body: { statuses: ['DONE'] },
    arrange: (service) => service.query.mockResolvedValue({ entries: [], count: 0 }),
    status: 200,
    reply: () => ({ entries: [], count: 0 }),
    called: { method: 'query', args: [{ statuses: ['DONE'] }] },
  },
  {
    stub: 'subscriptions',
    name: 'subscribe: 201 with the new id as text (HTTP) or a JSON string (MQTT); trigger from the query or params',
    operation: { ...SUBSCRIBE, path: `${SUBSCRIBE.path}?trigger=TRUE`, params: { trigger: 'TRUE' } },
    body: { notifyInterface: NOTIFY },
    authorization: CONSUMER,
    arrange: (service) => service.subscribe.mockResolvedValue(new StatusResult(201, ID, 'text/plain; charset=utf-8')),
    status: 201,
    reply: () => ID,
    called: { method: 'subscribe', args: ['TemperatureConsumer', { notifyInterface: NOTIFY }, true] },
  },
  {
    stub: 'subscriptions',
    name: 'subscribe: 200 when it replaced one (StatusResult); no trigger means false',
    operation: SUBSCRIBE,
    body: { notifyInterface: NOTIFY },
    authorization: CONSUMER,
    arrange: (service) => service.subscribe.mockResolvedValue(new StatusResult(200, ID, 'text/plain; charset=utf-8')),
    status: 200,
    reply: () => ID,
    called: { method: 'subscribe', args: ['TemperatureConsumer', { notifyInterface: NOTIFY }, false] },
  },
  {
    stub: 'subscriptions',
    name: "unsubscribe: 204 with an empty body when there was nothing; the id from the path (HTTP) or the payload (MQTT)",
    operation: { method: 'DELETE', path: `${ORCH.http}/unsubscribe/${ID}`, topic: `${ORCH.mqtt}/unsubscribe` },
    body: ID,
    bodyOnlyOver: 'mqtt',
    authorization: CONSUMER,
    arrange: (service) => service.unsubscribe.mockResolvedValue(new StatusResult(204)),
    status: 204,
    reply: () => '',
    called: { method: 'unsubscribe', args: ['TemperatureConsumer', ID] },
  },
  {
    stub: 'subscriptions',
    name: "unsubscribe: the service's 403 keeps its text",
    operation: { method: 'DELETE', path: `${ORCH.http}/unsubscribe/${ID}`, topic: `${ORCH.mqtt}/unsubscribe` },
    body: ID,
    bodyOnlyOver: 'mqtt',
    authorization: CONSUMER,
    arrange: (service) => service.unsubscribe.mockRejectedValue(ArrowheadException.forbidden('TemperatureConsumer is not the subscription owner')),
    status: 403,
    reply: (transport) =>
      errorBody(
        transport,
        { method: 'DELETE', path: `${ORCH.http}/unsubscribe/${ID}`, topic: `${ORCH.mqtt}/unsubscribe` },
        403,
        'FORBIDDEN',
        'TemperatureConsumer is not the subscription owner',
      ),
    called: { method: 'unsubscribe', args: ['TemperatureConsumer', ID] },
  },
  {
    stub: 'subscriptions',
    name: 'push unsubscribe: 200 with an empty body; the ids from `ids` (HTTP) or the payload (MQTT)',
    operation: PUSH_UNSUBSCRIBE,
    body: [ID],
    query: `ids=${ID}`,
    arrange: (service) => service.bulkUnsubscribe.mockResolvedValue(undefined),
    status: 200,
    reply: () => '',
    called: { method: 'bulkUnsubscribe', args: ['Sysop', [ID]] },
  },
  {
    stub: 'pushJobs',
    name: 'push trigger: 201 with the jobs; the service gets the caller and the request',
    operation: TRIGGER,
    body: { targetSystems: ['TemperatureConsumer'] },
    arrange: (service) => service.trigger.mockResolvedValue({ jobs: [] }),
    status: 201,
    reply: () => ({ jobs: [] }),
    called: { method: 'trigger', args: ['Sysop', { targetSystems: ['TemperatureConsumer'] }] },
  },
  {
    stub: 'subscriptions',
    name: 'push query: a management operation (403 for a consumer)',
    operation: PUSH_QUERY,
    body: {},
    authorization: CONSUMER,
    status: 403,
    reply: (transport) => errorBody(transport, PUSH_QUERY, 403, 'FORBIDDEN', 'Requester has no management permission'),
  },
];

let contract: ContractApp;
let services: Services;

beforeAll(async () => {
  contract = await ContractApp.start({
    controllers: [OrchestrationController, HistoryController, SubscriptionController, PushManagementController],
    providers: [
      stub(OrchestrationService, ['pull']),
      stub(OrchestrationJobService, ['query']),
      stub(SubscriptionService, ['subscribe', 'unsubscribe', 'bulkSubscribe', 'bulkUnsubscribe', 'query']),
      stub(PushTrigger, ['trigger']),
    ],
  });
  services = {
    orchestration: contract.stub(OrchestrationService),
    jobs: contract.stub(OrchestrationJobService),
    subscriptions: contract.stub(SubscriptionService),
    pushJobs: contract.stub(PushTrigger),
  };
});
afterAll(async () => contract?.close());
beforeEach(() => jest.resetAllMocks());

describe.each(TRANSPORTS)('orchestration and push contract over %s', (transport) => {
  it.each(CASES)('$name', async (row) => {
    await checkContract(contract, services[row.stub] as object, transport, row as ContractCase<object>);
    const others = (Object.keys(services) as (keyof Services)[]).filter((key) => key !== row.stub);
    for (const key of others) {
      for (const mock of Object.values(services[key]) as jest.Mock[]) expect(mock).not.toHaveBeenCalled();
    }
  });
});

describe('orchestration and push contract, wire specifics', () => {
  it('sends the new subscription id as text/plain on HTTP', async () => {
    services.subscriptions.subscribe.mockResolvedValue(new StatusResult(201, ID, 'text/plain; charset=utf-8'));
    const response = await contract.http.post(SUBSCRIBE.path).set('Authorization', CONSUMER).send({ notifyInterface: NOTIFY });
    expect([response.status, response.headers['content-type'], response.text]).toEqual([201, 'text/plain; charset=utf-8', ID]);
  });

  it('answers an MQTT unsubscribe with 200 and an empty-string payload, the requester as receiver', async () => {
    services.subscriptions.unsubscribe.mockResolvedValue(new StatusResult(200));
    const reply = await contract.mqtt(`${ORCH.mqtt}/unsubscribe`, { traceId: 'u-1', authentication: 'SYSTEM//TemperatureConsumer', payload: ID });
    expect(reply).toEqual({ status: 200, traceId: 'u-1', receiver: 'TemperatureConsumer', payload: '' });
  });

  it('lets a consumer pull without an HTTP body (the service gets null)', async () => {
    services.orchestration.pull.mockResolvedValue({ results: [], warnings: [] });
    const answer = await invoke(contract, 'http', PULL, { authorization: CONSUMER });
    expect(answer).toEqual({ status: 200, body: { results: [], warnings: [] } });
    expect(services.orchestration.pull.mock.calls).toEqual([['TemperatureConsumer', null]]);
  });
});
