import { ArrowheadException } from '../../src/common/arrowhead/arrowhead.exception';
import { ROUTES } from '../../src/common/arrowhead/routes';
import { HistoryController } from '../../src/orchestration/history.controller';
import { HistoryQueryParser } from '../../src/orchestration/history-query.parser';
import { OrchestrationJobService } from '../../src/orchestration/orchestration-job.service';
import { OrchestrationRequestParser } from '../../src/orchestration/orchestration-request.parser';
import { OrchestrationController } from '../../src/orchestration/orchestration.controller';
import { OrchestrationService } from '../../src/orchestration/orchestration.service';
import { checkContract, managementOnly, ContractApp, ContractCase, errorBody, refusals, Stub, stub } from '../support/contract';
import { EVERY_JOB, HISTORY_QUERY_REFUSALS, ORCHESTRATION_REFUSALS } from '../support/cases/orchestration';
import { invoke, TRANSPORTS } from '../support/operations';

const ORCH = ROUTES.orchestration;
const PULL = { method: 'POST', path: `${ORCH.http}/pull`, topic: `${ORCH.mqtt}/pull` } as const;
const HISTORY = { method: 'POST', path: `${ROUTES.history.http}/query`, topic: `${ROUTES.history.mqtt}/query` } as const;

const CONSUMER = 'Bearer SYSTEM//TemperatureConsumer';
const RESULTS = { results: [{ serviceInstanceId: 'P1|kelvinInfo|1.0.0', providerName: 'P1', serviceDefinitition: 'kelvinInfo', version: '1.0.0', cloudIdentitifer: 'LOCAL' as const }], warnings: [] };
const UNPARSABLE = expect.stringMatching(/^Could not parse payload\. Reason: /);
/** A pull without a request, as the parser hands it to the service. */
const PULL_ALL = { requester: 'TemperatureConsumer', orchestration: { serviceDefinition: null, preferredProviders: [], flags: {}, flagsSent: false, warnings: [] } };

interface Services {
  orchestration: Stub<OrchestrationService>;
  jobs: Stub<OrchestrationJobService>;
}

/** Each row arranges and checks one of the stubs; `checkContract` sees only that one. */
type Row<K extends keyof Services> = { stub: K } & ContractCase<Services[K]>;
type AnyRow = Row<'orchestration'> | Row<'jobs'>;

const on = <K extends keyof Services>(key: K, rows: ContractCase<Services[K]>[]): Row<K>[] => rows.map((row) => ({ stub: key, ...row }));

const CASES: AnyRow[] = [
  {
    stub: 'orchestration',
    name: 'pull: open to any authenticated system; the service gets the caller and the normalized request',
    operation: PULL,
    body: { serviceRequirement: { serviceDefinition: 'kelvin-info', versions: ['1.0.0'] }, orchestrationFlags: { MATCHMAKING: 'true', ONLY_EXCLUSIVE: true } },
    authorization: CONSUMER,
    arrange: (service) => service.pull.mockResolvedValue(RESULTS),
    status: 200,
    reply: () => RESULTS,
    called: {
      method: 'pull',
      args: [
        {
          requester: 'TemperatureConsumer',
          orchestration: {
            serviceDefinition: 'kelvinInfo',
            preferredProviders: [],
            flags: { MATCHMAKING: true },
            flagsSent: true,
            warnings: ['ignoredFields: [versions]', 'ignoredFlags: [ONLY_EXCLUSIVE]'],
          },
        },
      ],
    },
  },
  {
    stub: 'orchestration',
    name: "pull: the service's 500 is a 500 without details",
    operation: PULL,
    authorization: CONSUMER,
    arrange: (service) => service.pull.mockRejectedValue(new Error('relation "orchestration_store" does not exist')),
    status: 500,
    reply: (transport) => errorBody(transport, PULL, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error'),
    called: { method: 'pull', args: [PULL_ALL] },
  },
  ...on(
    'orchestration',
    refusals(
      PULL,
      [
        ...ORCHESTRATION_REFUSALS,
        // What the DTOs see before the parser.
        ['a flag that is not a boolean', { orchestrationFlags: { MATCHMAKING: 'maybe' } }, 'Could not parse payload. Reason: orchestrationFlags must map names to booleans'],
        ['a requirement that is not an object', { serviceRequirement: 'kelvinInfo' }, UNPARSABLE],
        ['a list where a single value was sent', { serviceRequirement: { preferredProviders: 'TemperatureProvider1' } }, UNPARSABLE],
      ],
      { authorization: CONSUMER },
    ),
  ),
  // The caller's name first (SPEC-orchestration.md §2.2 step 1), before anything in the request.
  ...on(
    'orchestration',
    refusals(PULL, [['a caller whose name breaks the naming convention', { orchestrationFlags: { EXCLUSIVE: true } }, 'The specified system name does not match the naming convention: 9Consumer']], {
      authorization: 'Bearer SYSTEM//9Consumer',
    }),
  ),
  ...on('jobs', [managementOnly('history', HISTORY, CONSUMER, { body: {} })]),
  {
    stub: 'jobs',
    name: 'history: 200 with the service result; the service gets the filter',
    operation: HISTORY,
    body: { statuses: ['done'], ids: [' D2FEFC6A-F563-40A2-9CE4-3512C2887755 '] },
    arrange: (service) => service.query.mockResolvedValue({ entries: [], count: 0 }),
    status: 200,
    reply: () => ({ entries: [], count: 0 }),
    called: { method: 'query', args: [{ ...EVERY_JOB, statuses: ['DONE'], ids: ['d2fefc6a-f563-40a2-9ce4-3512c2887755'] }] },
  },
  {
    stub: 'jobs',
    name: 'history: no payload is no filter',
    operation: HISTORY,
    arrange: (service) => service.query.mockResolvedValue({ entries: [], count: 0 }),
    status: 200,
    reply: () => ({ entries: [], count: 0 }),
    called: { method: 'query', args: [EVERY_JOB] },
  },
  ...on(
    'jobs',
    refusals(HISTORY, HISTORY_QUERY_REFUSALS),
  ),
];

let contract: ContractApp;
let services: Services;

beforeAll(async () => {
  contract = await ContractApp.start({
    controllers: [OrchestrationController, HistoryController],
    providers: [stub(OrchestrationService, ['pull']), stub(OrchestrationJobService, ['query']), OrchestrationRequestParser, HistoryQueryParser],
  });
  services = {
    orchestration: contract.stub(OrchestrationService),
    jobs: contract.stub(OrchestrationJobService),
  };
});
afterAll(async () => contract?.close());
beforeEach(() => jest.resetAllMocks());

describe.each(TRANSPORTS)('orchestration and history contract over %s', (transport) => {
  it.each(CASES)('$name', async (row) => {
    await checkContract(contract, services[row.stub] as object, transport, row as ContractCase<object>);
    const others = (Object.keys(services) as (keyof Services)[]).filter((key) => key !== row.stub);
    for (const key of others) {
      for (const mock of Object.values(services[key]) as jest.Mock[]) expect(mock).not.toHaveBeenCalled();
    }
  });
});

describe('orchestration contract, wire specifics', () => {
  it('lets a consumer pull without an HTTP body (no request: all of its rules)', async () => {
    services.orchestration.pull.mockResolvedValue({ results: [], warnings: [] });
    const answer = await invoke(contract, 'http', PULL, { authorization: CONSUMER });
    expect(answer).toEqual({ status: 200, body: { results: [], warnings: [] } });
    expect(services.orchestration.pull.mock.calls).toEqual([[PULL_ALL]]);
  });

  it("keeps the service's own 400 text", async () => {
    services.orchestration.pull.mockRejectedValue(ArrowheadException.invalidParameter('Some rule of the service'));
    const answer = await invoke(contract, 'mqtt', PULL, { authorization: CONSUMER });
    expect(answer).toEqual({ status: 400, body: errorBody('mqtt', PULL, 400, 'INVALID_PARAMETER', 'Some rule of the service') });
  });
});
