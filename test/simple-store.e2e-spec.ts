import { randomUUID } from 'node:crypto';
import { pick } from './support/cases/refusal';
import { entry, QUERY_REFUSALS, SEED_INSTANCE, SEED_QUERY } from './support/cases/simple-store';
import { invoke, Reply, Transport, TRANSPORTS } from './support/operations';
import { describeOnRealDatabase } from './support/real-parts';
import { TestService } from './support/service';

/**
 * serviceOrchestrationSimpleStoreManagement (SPEC-management.md §1) over HTTP and MQTT, with the
 * seed examples of shared/spec/seeds/simple-store-management-http.md (typos fixed per
 * SPEC-deviations A4, A12, B1, B2, B3).
 */

const HTTP = '/serviceorchestration/orchestration/mgmt/simple-store';
const MQTT = 'arrowhead/serviceorchestration/orchestration/management/store';
const OLD = '2025-11-08T12:00:00Z';
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let service: TestService;

beforeAll(async () => {
  service = await TestService.start();
});
afterAll(async () => service?.close());
beforeEach(async () => service.truncate('orchestration_store'));

type ModifyMethod = 'PUT' | 'POST';

const create = (transport: Transport, body: unknown, authorization?: string | null): Promise<Reply> =>
  invoke(service, transport, { method: 'POST', path: `${HTTP}/create`, topic: `${MQTT}/create`, body }, { authorization });
const query = (transport: Transport, body?: unknown, authorization?: string | null): Promise<Reply> =>
  invoke(service, transport, { method: 'POST', path: `${HTTP}/query`, topic: `${MQTT}/query`, body }, { authorization });
const modify = (transport: Transport, method: ModifyMethod, body: unknown, authorization?: string | null): Promise<Reply> =>
  invoke(service, transport, { method, path: `${HTTP}/modify-priorities`, topic: `${MQTT}/modify-priorities`, body }, { authorization });
/** HTTP: `?uuids=a&uuids=b` on `/remove`; MQTT: the list as the payload. */
const remove = (transport: Transport, uuids: string[] | undefined, authorization?: string | null): Promise<Reply> =>
  invoke(
    service,
    transport,
    {
      method: 'DELETE',
      path: `${HTTP}/remove`,
      topic: `${MQTT}/remove`,
      query: uuids?.map((uuid) => `uuids=${encodeURIComponent(uuid)}`).join('&'),
      body: uuids,
    },
    { authorization },
  );
/** A raw HTTP DELETE with a hand-written query string (comma form, alias path, seed's `&ids=`). */
async function httpDelete(pathAndQuery: string): Promise<Reply> {
  const response = await service.http.delete(pathAndQuery).set('Authorization', 'Bearer SYSTEM//Sysop');
  return { status: response.status, body: /json/.test(response.headers['content-type'] ?? '') ? response.body : response.text };
}

function origin(transport: Transport, operation: string, method = 'POST'): string {
  return transport === 'http' ? `${method} ${HTTP}/${operation}` : `${MQTT}/${operation}`;
}

const UNPARSABLE = expect.stringMatching(/^Could not parse payload\. Reason: /);

function badRequest(transport: Transport, operation: string, message: unknown, method = 'POST'): Reply {
  return {
    status: 400,
    body: { errorMessage: message, errorCode: 400, exceptionType: 'INVALID_PARAMETER', origin: origin(transport, operation, method) },
  };
}

/** The seed's rule (TestConsumerB on the seed instance, priority 2, by the sysop) as the answers show it. */
function seedRecord(id: unknown, createdAt: unknown, updatedAt: unknown) {
  return { id, consumer: 'TestConsumerB', serviceDefinition: 'testService', serviceInstanceId: SEED_INSTANCE, priority: 2, createdBy: 'Sysop', updatedBy: 'Sysop', createdAt, updatedAt };
}

interface RuleRow {
  id?: string;
  consumer: string;
  instance: string;
  priority: number;
  createdBy?: string;
  updatedBy?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** Inserts a rule directly (fixed ids, past timestamps, other creators). */
async function insertRule(row: RuleRow): Promise<string> {
  const id = row.id ?? randomUUID();
  await service.dataSource.query(
    `INSERT INTO orchestration_store (id, consumer, service_definition, service_instance_id, priority, created_by, updated_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      id,
      row.consumer,
      row.instance.split('|')[1],
      row.instance,
      row.priority,
      row.createdBy ?? 'Creator',
      row.updatedBy ?? row.createdBy ?? 'Creator',
      new Date(row.createdAt ?? OLD),
      new Date(row.updatedAt ?? row.createdAt ?? OLD),
    ],
  );
  return id;
}

interface StoredRule {
  id: string;
  consumer: string;
  service_definition: string;
  service_instance_id: string;
  priority: number;
  created_by: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
}

/** The whole table, in a stable order; timestamps as ISO strings so that snapshots compare. */
async function storedRules(): Promise<StoredRule[]> {
  const rows: any[] = await service.dataSource.query(
    `SELECT id, consumer, service_definition, service_instance_id, priority, created_by, updated_by, created_at, updated_at
     FROM orchestration_store ORDER BY consumer, service_definition, priority, id`,
  );
  return rows.map((row) => ({
    ...row,
    priority: Number(row.priority),
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  }));
}

function expectRecent(timestamp: string): void {
  expect(timestamp).toMatch(TIMESTAMP);
  expect(Math.abs(Date.parse(timestamp) - Date.now())).toBeLessThan(10_000);
}

const byId = (left: { id: string }, right: { id: string }) => left.id.localeCompare(right.id);

// ---------------------------------------------------------------------------------------------
// create
// ---------------------------------------------------------------------------------------------

describe.each(TRANSPORTS)('simple-store create over %s', (transport) => {
  it('creates the seed example and answers 201 with all nine fields', async () => {
    const reply = await create(transport, { entries: [entry('TestConsumerB', SEED_INSTANCE, 2)] }, 'Bearer SYSTEM//sysop');
    expect(reply).toEqual({
      status: 201,
      body: {
        entries: [
          seedRecord(expect.stringMatching(UUID), expect.stringMatching(TIMESTAMP), expect.stringMatching(TIMESTAMP)),
        ],
        count: 1,
      },
    });
    const record = reply.body.entries[0];
    expect(Object.keys(record).sort()).toEqual(
      ['consumer', 'createdAt', 'createdBy', 'id', 'priority', 'serviceDefinition', 'serviceInstanceId', 'updatedAt', 'updatedBy'].sort(),
    );
    expectRecent(record.createdAt);
    expect(record.updatedAt).toBe(record.createdAt);

    const stored = await storedRules();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      id: record.id,
      consumer: 'TestConsumerB',
      service_definition: 'testService',
      service_instance_id: SEED_INSTANCE,
      priority: 2,
      created_by: 'Sysop',
      updated_by: 'Sysop',
    });
    // Reading it back gives the very same record.
    const read = await query(transport, { ids: [record.id] });
    expect(read).toEqual({ status: 200, body: { entries: [record], count: 1 } });
  });

  it('accepts the reference list name "candidates"', async () => {
    const reply = await create(transport, { candidates: [entry('TestConsumerB', SEED_INSTANCE, 2)] });
    expect(reply.status).toBe(201);
    expect(reply.body.count).toBe(1);
    expect(reply.body.entries[0]).toMatchObject({ consumer: 'TestConsumerB', serviceDefinition: 'testService', priority: 2 });
    expect(await storedRules()).toHaveLength(1);
  });

  it('normalizes consumer and instance-id parts, derives the service definition, keeps request order', async () => {
    const reply = await create(transport, {
      entries: [entry('test-consumer-b', ' test-provider | Test_Service | 1 ', 3), entry(' consumer a ', 'P2|kelvin-info|2.1', 1)],
      unknownField: 'ignored',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.count).toBe(2);
    expect(reply.body.entries.map((record: any) => [record.consumer, record.serviceInstanceId, record.serviceDefinition, record.priority])).toEqual([
      ['TestConsumerB', 'TestProvider|testService|1.0.0', 'testService', 3],
      ['ConsumerA', 'P2|kelvinInfo|2.1.0', 'kelvinInfo', 1],
    ]);
    expect(new Set(reply.body.entries.map((record: any) => record.id)).size).toBe(2);
  });

  it('accepts a numeric string as priority', async () => {
    const reply = await create(transport, { entries: [entry('TestConsumerB', SEED_INSTANCE, '3')] });
    expect(reply.status).toBe(201);
    expect(reply.body.entries[0].priority).toBe(3);
  });

  it('accepts the largest 32-bit priority', async () => {
    const reply = await create(transport, { entries: [entry('TestConsumerB', SEED_INSTANCE, 2147483647)] });
    expect(reply.status).toBe(201);
    expect(reply.body.entries[0].priority).toBe(2147483647);
  });

  it('rejects, in-request, a duplicate that also clashes with a stored rule (request check first)', async () => {
    await insertRule({ consumer: 'TestConsumerB', instance: SEED_INSTANCE, priority: 2 });
    const before = await storedRules();
    const reply = await create(transport, { entries: [entry('TestConsumerB', 'P2|testService|1.0.0', 2), entry('TestConsumerB', 'P3|testService|1.0.0', 2)] });
    expect(reply).toEqual(
      badRequest(transport, 'create', 'Conflicting rules, the combination of the following fields should be unique: TestConsumerB, service definition: testService, priority: 2'),
    );
    expect(await storedRules()).toEqual(before);
  });

  it('lets one consumer have two rules for the same instance id with different priorities', async () => {
    const first = await create(transport, { entries: [entry('TestConsumerB', SEED_INSTANCE, 1), entry('TestConsumerB', SEED_INSTANCE, 2)] });
    expect(first.status).toBe(201);
    const second = await create(transport, { entries: [entry('TestConsumerB', SEED_INSTANCE, 3)] });
    expect(second.status).toBe(201);
    expect((await storedRules()).map((row) => [row.consumer, row.service_instance_id, row.priority])).toEqual([
      ['TestConsumerB', SEED_INSTANCE, 1],
      ['TestConsumerB', SEED_INSTANCE, 2],
      ['TestConsumerB', SEED_INSTANCE, 3],
    ]);
  });

  it('allows the same priority for another consumer or another service definition', async () => {
    const reply = await create(transport, {
      entries: [entry('TestConsumerB', SEED_INSTANCE, 1), entry('TestConsumerA', SEED_INSTANCE, 1), entry('TestConsumerB', 'TestProvider|otherService|1.0.0', 1)],
    });
    expect(reply.status).toBe(201);
    expect(reply.body.count).toBe(3);
  });

  // Every rule, text and order of the parser: simple-store-request.parser.spec.ts and the contract
  // table; here a few of them, on both transports, with nothing stored.
  it.each([
    ['no payload', undefined, 'Request payload is null'],
    ['a bad consumer before a bad instance id', { entries: [entry('1x', 'bad', 1)] }, 'The specified system name does not match the naming convention: 1x'],
    [
      'a duplicate in the request (after normalization)',
      { entries: [entry('TestConsumerB', SEED_INSTANCE, 2), entry('test-consumer-b', 'OtherProvider|test-service|1', 2)] },
      'Conflicting rules, the combination of the following fields should be unique: TestConsumerB, service definition: testService, priority: 2',
    ],
  ])('rejects %s with 400 and stores nothing', async (_, body, message) => {
    const reply = await create(transport, body);
    expect(reply).toEqual(badRequest(transport, 'create', message));
    expect(await storedRules()).toEqual([]);
  });

  it('rejects a rule that exists already, naming it, and creates nothing of the batch', async () => {
    await insertRule({ consumer: 'TestConsumerB', instance: 'OtherProvider|testService|1.0.0', priority: 2 });
    const before = await storedRules();
    const reply = await create(transport, {
      entries: [entry('TestConsumerB', SEED_INSTANCE, 1), entry('test-consumer-b', SEED_INSTANCE, 2)],
    });
    expect(reply).toEqual(
      badRequest(
        transport,
        'create',
        'There is already an existing entity with consumer name: TestConsumerB, service definition: testService, priority: 2',
      ),
    );
    expect(await storedRules()).toEqual(before);
  });

  it('is all-or-nothing: a batch whose last entry is bad leaves the table unchanged', async () => {
    await insertRule({ consumer: 'TestConsumerA', instance: SEED_INSTANCE, priority: 1 });
    const before = await storedRules();
    const reply = await create(transport, {
      entries: [entry('TestConsumerB', SEED_INSTANCE, 1), entry('TestConsumerB', 'P2|testService|1.0.0', 2), entry('TestConsumerB', 'P3|testService', 3)],
    });
    expect(reply).toEqual(badRequest(transport, 'create', 'The specified service instance identifier does not match the naming convention: P3|testService'));
    expect(await storedRules()).toEqual(before);
  });

  it.each([
    // SPEC.md §8.3: priorities are 32-bit integers; a larger number does not fit the field (SPEC.md §3.1, §4.4 step 5)
    ['a priority beyond 32 bits', { entries: [entry('TestConsumerB', SEED_INSTANCE, 2147483648)] }],
  ])('rejects %s as an unparsable payload', async (_, body) => {
    const reply = await create(transport, body);
    expect(reply).toEqual(badRequest(transport, 'create', UNPARSABLE));
    expect(await storedRules()).toEqual([]);
  });
});

describeOnRealDatabase('simple-store create under concurrency', () => {
  it('creates exactly one of 20 concurrent rules with the same consumer, service definition and priority', async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        create(index % 2 === 0 ? 'http' : 'mqtt', { entries: [entry('TestConsumerB', `Provider${index}|testService|1.0.0`, 1)] }),
      ),
    );
    const created = replies.filter((reply) => reply.status === 201);
    const refused = replies.filter((reply) => reply.status === 400);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const reply of refused) {
      expect(reply.body.errorMessage).toBe(
        'There is already an existing entity with consumer name: TestConsumerB, service definition: testService, priority: 1',
      );
    }
    const rows = await storedRules();
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(created[0].body.entries[0].id);
    expect(rows[0].service_instance_id).toBe(created[0].body.entries[0].serviceInstanceId);
  });
});

// ---------------------------------------------------------------------------------------------
// query
// ---------------------------------------------------------------------------------------------

const ruleId = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const R = [0, 1, 2, 3, 4, 5].map(ruleId); // R[1]..R[5]; default order (id DESC) is R5, R4, R3, R2, R1

async function insertQueryFixture(): Promise<void> {
  await insertRule({ id: R[1], consumer: 'ConsumerA', instance: 'P1|alpha|1.0.0', priority: 1, createdBy: 'Sysop', createdAt: '2025-01-01T00:00:05Z' });
  await insertRule({ id: R[2], consumer: 'ConsumerA', instance: 'P2|alpha|1.0.0', priority: 2, createdBy: 'Sysop', createdAt: '2025-01-01T00:00:04Z' });
  await insertRule({ id: R[3], consumer: 'ConsumerA', instance: 'P1|beta|1.0.0', priority: 1, createdBy: 'Operator', createdAt: '2025-01-01T00:00:01Z' });
  await insertRule({ id: R[4], consumer: 'ConsumerB', instance: 'P1|alpha|1.0.0', priority: 5, createdBy: 'Operator', createdAt: '2025-01-01T00:00:03Z' });
  await insertRule({ id: R[5], consumer: 'ConsumerB', instance: 'P3|beta|2.0.0', priority: 3, createdBy: 'Sysop', createdAt: '2025-01-01T00:00:02Z' });
}

describe.each(TRANSPORTS)('simple-store query over %s', (transport) => {
  beforeEach(insertQueryFixture);

  const idsOf = (reply: Reply): string[] => reply.body.entries.map((record: any) => record.id);
  const BOTH = ['ConsumerA', 'ConsumerB'];

  it('answers the seed example (ids as an array) with the seed record', async () => {
    const SEED_ID = '341f7626-bdee-4ec1-8cb9-23f88e04e374';
    await insertRule({
      id: SEED_ID,
      consumer: 'TestConsumerB',
      instance: SEED_INSTANCE,
      priority: 2,
      createdBy: 'Sysop',
      createdAt: '2025-11-08T12:00:00Z',
      updatedAt: '2025-11-08T15:14:00Z',
    });
    const reply = await query(transport, {
      pagination: { page: 0, size: 10, direction: 'ASC', sortField: 'createdAt' },
      ids: [SEED_ID],
      consumerNames: ['TestConsumerA', 'TestConsumerB'],
      serviceDefinitions: ['testService'],
      serviceInstanceIds: [],
      minPriority: 1,
      maxPriority: 25,
      createdBy: '',
    });
    expect(reply).toEqual({
      status: 200,
      body: {
        entries: [
          seedRecord(SEED_ID, '2025-11-08T12:00:00Z', '2025-11-08T15:14:00Z'),
        ],
        count: 1,
      },
    });
  });

  it.each([
    ['ids', { ids: [R[1], R[3]] }, [R[3], R[1]]],
    ['ids in upper case and padded', { ids: [` ${R[2].toUpperCase()} `] }, [R[2]]],
    ['ids (unknown ones match nothing)', { ids: [randomUUID()] }, []],
    ['consumer names (normalized)', { consumerNames: ['consumer-b'] }, [R[5], R[4]]],
    ['several consumer names (OR)', { consumerNames: BOTH }, [R[5], R[4], R[3], R[2], R[1]]],
    ['service definitions (normalized)', { serviceDefinitions: ['Beta'] }, [R[5], R[3]]],
    ['service instance ids (normalized)', { serviceInstanceIds: ['p1|alpha|1'] }, [R[4], R[1]]],
    ['several service instance ids', { serviceInstanceIds: ['P1|alpha|1.0.0', 'P3|beta|2.0.0'] }, [R[5], R[4], R[1]]],
    ['createdBy (normalized)', { createdBy: 'operator' }, [R[4], R[3]]],
    ['minPriority (inclusive)', { consumerNames: ['ConsumerA'], minPriority: 2 }, [R[2]]],
    ['maxPriority (inclusive)', { serviceDefinitions: ['alpha', 'beta'], maxPriority: 1 }, [R[3], R[1]]],
    ['a priority window (inclusive both ends)', { consumerNames: BOTH, minPriority: 2, maxPriority: 3 }, [R[5], R[2]]],
    ['a one-value priority window', { consumerNames: BOTH, minPriority: 3, maxPriority: 3 }, [R[5]]],
    ['numeric strings as priorities', { consumerNames: BOTH, minPriority: '2', maxPriority: '3' }, [R[5], R[2]]],
    ['consumer AND service definition', { consumerNames: ['ConsumerB'], serviceDefinitions: ['alpha'] }, [R[4]]],
    ['createdBy AND service definition', { createdBy: 'Sysop', serviceDefinitions: ['beta'] }, [R[5]]],
    ['ids AND consumer', { ids: [R[1], R[4]], consumerNames: ['ConsumerB'] }, [R[4]]],
    ['instance id AND createdBy', { serviceInstanceIds: ['P1|alpha|1.0.0'], createdBy: 'Sysop' }, [R[1]]],
    ['a name matching nothing', { consumerNames: ['Nobody'] }, []],
    ['empty lists next to a real filter', { ids: [], consumerNames: ['ConsumerB'], serviceInstanceIds: [], createdBy: ' ' }, [R[5], R[4]]],
  ])('filters by %s (default order id DESC)', async (_, body, expected) => {
    const reply = await query(transport, body);
    expect(reply.status).toBe(200);
    expect(idsOf(reply)).toEqual(expected);
    expect(reply.body.count).toBe(expected.length);
  });

  it.each([
    ['priority ASC, second page', { page: 1, size: 2, direction: 'asc', sortField: 'priority' }, (record: any) => record.priority, [2, 3]],
    ['createdAt ASC', { page: 0, size: 3, direction: 'ASC', sortField: 'createdAt' }, (record: any) => record.id, [R[3], R[5], R[4]]],
    ['createdAt DESC', { page: 0, size: 2, direction: 'DESC', sortField: ' createdAt ' }, (record: any) => record.id, [R[1], R[2]]],
    ['consumer DESC, first page', { page: 0, size: 2, direction: 'DESC', sortField: 'consumer' }, (record: any) => record.consumer, ['ConsumerB', 'ConsumerB']],
    ['consumer DESC, last page', { page: 2, size: 2, direction: 'DESC', sortField: 'consumer' }, (record: any) => record.consumer, ['ConsumerA']],
    [
      'serviceDefinition DESC',
      { page: 0, size: 5, direction: 'desc', sortField: 'serviceDefinition' },
      (record: any) => record.serviceDefinition,
      ['beta', 'beta', 'alpha', 'alpha', 'alpha'],
    ],
    [
      'serviceInstanceId ASC',
      { page: 0, size: 5, direction: 'ASC', sortField: 'serviceInstanceId' },
      (record: any) => record.serviceInstanceId,
      ['P1|alpha|1.0.0', 'P1|alpha|1.0.0', 'P1|beta|1.0.0', 'P2|alpha|1.0.0', 'P3|beta|2.0.0'],
    ],
    ['id ASC', { page: 0, size: 2, direction: 'ASC', sortField: 'id' }, (record: any) => record.id, [R[1], R[2]]],
    ['default field and direction (id DESC)', { page: 1, size: 2 }, (record: any) => record.id, [R[3], R[2]]],
    ['a page past the end', { page: 5, size: 2 }, (record: any) => record.id, []],
    ['a negative page (taken as 0)', { page: -1, size: 2 }, (record: any) => record.id, [R[5], R[4]]],
  ])('pages and sorts by %s, counting every match', async (_, pagination, pick, expected) => {
    const reply = await query(transport, { consumerNames: BOTH, pagination });
    expect(reply.status).toBe(200);
    expect(reply.body.entries.map(pick)).toEqual(expected);
    expect(reply.body.count).toBe(5);
  });

  it.each(
    pick(QUERY_REFUSALS, [
      'an unknown sort field',
      'no filter',
      'the seed query with minPriority above maxPriority',
      'a bad createdBy before a bad service definition',
    ]),
  )('rejects %s with 400', async (_, body, message) => {
    const reply = await query(transport, body);
    expect(reply).toEqual(badRequest(transport, 'query', message));
  });

  it.each([
    ['the seed typo: a bare string for ids', { ...SEED_QUERY, ids: '341f7626-bdee-4ec1-8cb9-23f88e04e374' }],
  ])('rejects %s as an unparsable payload', async (_, body) => {
    const reply = await query(transport, body);
    expect(reply).toEqual(badRequest(transport, 'query', UNPARSABLE));
  });

  it('rejects a missing payload with 400', async () => {
    const reply = await query(transport, undefined);
    if (transport === 'mqtt') {
      expect(reply).toEqual(badRequest(transport, 'query', 'Request payload is missing'));
    } else {
      // SPEC-management §1.2: a framework 400 on HTTP, in ErrorResponse shape (SPEC.md §3.1).
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ errorCode: 400, exceptionType: 'INVALID_PARAMETER', origin: origin(transport, 'query') });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// modify-priorities
// ---------------------------------------------------------------------------------------------

const S1 = '0308e42e-af59-4206-8513-3414bb2dbc60'; // seed ids
const S2 = 'ace0f20b-b3aa-4935-adc7-d5dc58d4dc99';
const S3 = '5b3c1f7e-0d2a-4c55-9e0b-6f1d2a3b4c5d';
const S4 = '7c4d2e8f-1e3b-4d66-8f1c-7a2e3b4c5d6e'; // other consumer, same definition
const S5 = '9d5e3f90-2f4c-4e77-9a2d-8b3f4c5d6e7f'; // same consumer, other definition
const UNKNOWN = 'f0000000-0000-4000-8000-000000000000';

async function insertModifyFixture(): Promise<void> {
  await insertRule({ id: S1, consumer: 'TestConsumerB', instance: SEED_INSTANCE, priority: 2 });
  await insertRule({ id: S2, consumer: 'TestConsumerB', instance: 'OtherProvider|testService|1.0.0', priority: 1 });
  await insertRule({ id: S3, consumer: 'TestConsumerB', instance: 'ThirdProvider|testService|1.0.0', priority: 3 });
  await insertRule({ id: S4, consumer: 'TestConsumerA', instance: SEED_INSTANCE, priority: 1 });
  await insertRule({ id: S5, consumer: 'TestConsumerB', instance: 'TestProvider|otherService|1.0.0', priority: 1 });
}

const MODIFY_WAYS: [Transport, ModifyMethod][] = [
  ['http', 'PUT'],
  ['http', 'POST'],
  ['mqtt', 'PUT'],
];

describe.each(MODIFY_WAYS)('simple-store modify-priorities over %s (%s)', (transport, method) => {
  beforeEach(insertModifyFixture);

  const modifyError = (message: string): Reply => badRequest(transport, 'modify-priorities', message, method);

  it('swaps the priorities of the seed example and returns both records, updated by the requester', async () => {
    const reply = await modify(transport, method, { [S1]: 1, [S2]: 2 }, 'Bearer SYSTEM//sysop');
    expect(reply.status).toBe(200);
    expect(reply.body.count).toBe(2);
    const records = [...reply.body.entries].sort(byId);
    expect(records).toEqual([
      {
        id: S1,
        consumer: 'TestConsumerB',
        serviceDefinition: 'testService',
        serviceInstanceId: SEED_INSTANCE,
        priority: 1,
        createdBy: 'Creator',
        updatedBy: 'Sysop',
        createdAt: OLD,
        updatedAt: expect.stringMatching(TIMESTAMP),
      },
      {
        id: S2,
        consumer: 'TestConsumerB',
        serviceDefinition: 'testService',
        serviceInstanceId: 'OtherProvider|testService|1.0.0',
        priority: 2,
        createdBy: 'Creator',
        updatedBy: 'Sysop',
        createdAt: OLD,
        updatedAt: expect.stringMatching(TIMESTAMP),
      },
    ]);
    records.forEach((record: any) => expectRecent(record.updatedAt));

    const stored = await storedRules();
    const row = (id: string) => stored.find((rule) => rule.id === id)!;
    expect([row(S1).priority, row(S2).priority, row(S3).priority]).toEqual([1, 2, 3]);
    expect([row(S1).updated_by, row(S2).updated_by]).toEqual(['Sysop', 'Sysop']);
    expect(row(S1).created_by).toBe('Creator');
    expect(Date.now() - Date.parse(row(S1).updated_at)).toBeLessThan(10_000);
    // rules not named in the map are untouched
    for (const id of [S3, S4, S5]) {
      expect(row(id)).toMatchObject({ updated_by: 'Creator', updated_at: new Date(OLD).toISOString() });
    }
  });

  it('returns every referenced record, also one whose priority did not change', async () => {
    const reply = await modify(transport, method, { [S1]: 2, [S3.toUpperCase()]: 7 });
    expect(reply.status).toBe(200);
    expect(reply.body.count).toBe(2);
    const records = [...reply.body.entries].sort(byId);
    expect(records.map((record: any) => [record.id, record.priority, record.updatedBy])).toEqual([
      [S1, 2, 'Sysop'],
      [S3, 7, 'Sysop'],
    ]);
    records.forEach((record: any) => {
      expect(record.updatedAt).not.toBe(OLD);
      expectRecent(record.updatedAt);
    });
    const stored = await storedRules();
    expect(stored.find((rule) => rule.id === S3)!.priority).toBe(7);
    expect(stored.find((rule) => rule.id === S2)).toMatchObject({ priority: 1, updated_by: 'Creator' });
  });

  it('moves a rule to a free priority', async () => {
    const reply = await modify(transport, method, { [S2]: 10 });
    expect(reply.status).toBe(200);
    expect(reply.body.entries).toEqual([expect.objectContaining({ id: S2, priority: 10, updatedBy: 'Sysop' })]);
    expect(reply.body.count).toBe(1);
  });

  // The parser's rules (ids, nulls, positive priorities) are in simple-store-request.parser.spec.ts
  // and the contract table; here the ones that need the stored rules, and one of the parser's.
  it.each([
    ['a null value (seed example)', { [S1]: null }, 'Priority map contains null value'],
    ['an unknown id', { [S1]: 4, [UNKNOWN]: 5 }, `Not existing UUID: ${UNKNOWN}`],
    ['a zero priority before an unknown id', { [UNKNOWN]: 0 }, 'Invalid priority: 0, should be positive'],
    ['an unknown id before mixed rule sets', { [S1]: 4, [S4]: 5, [UNKNOWN]: 6 }, `Not existing UUID: ${UNKNOWN}`],
    [
      'rules of two consumers',
      { [S1]: 4, [S4]: 5 },
      'Subscription ids should belong to the same rule set (same consumer and service definition)',
    ],
    [
      'rules of two service definitions',
      { [S1]: 4, [S5]: 5 },
      'Subscription ids should belong to the same rule set (same consumer and service definition)',
    ],
    [
      'a clash with a rule not named in the map',
      { [S1]: 3 },
      'Conflicting rules, the combination of the following fields should be unique: TestConsumerB, service definition: testService, priority: 3',
    ],
    [
      'two named rules moved to one priority',
      { [S1]: 5, [S2]: 5 },
      'Conflicting rules, the combination of the following fields should be unique: TestConsumerB, service definition: testService, priority: 5',
    ],
  ])('rejects %s with 400 and changes nothing', async (_, body, message) => {
    const before = await storedRules();
    const reply = await modify(transport, method, body);
    expect(reply).toEqual(modifyError(message));
    expect(await storedRules()).toEqual(before);
  });

  it.each([
    ['an array for the map', [S1]],
  ])('rejects %s as an unparsable payload', async (_, body) => {
    const before = await storedRules();
    const reply = await modify(transport, method, body);
    expect(reply).toEqual(badRequest(transport, 'modify-priorities', UNPARSABLE, method));
    expect(await storedRules()).toEqual(before);
  });

  it('rejects a missing payload with 400', async () => {
    const reply = await modify(transport, method, undefined);
    if (transport === 'mqtt') {
      expect(reply).toEqual(modifyError('Priority map is null'));
    } else {
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ errorCode: 400, exceptionType: 'INVALID_PARAMETER', origin: origin(transport, 'modify-priorities', method) });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// remove
// ---------------------------------------------------------------------------------------------

/** Rules A, B and C (two consumers, two providers) before each test of the calling block; their ids. */
function threeRules(): string[] {
  const ids = [1, 2, 3].map(ruleId);
  const [A, B, C] = ids;
  beforeEach(async () => {
    await insertRule({ id: A, consumer: 'ConsumerA', instance: 'P1|alpha|1.0.0', priority: 1 });
    await insertRule({ id: B, consumer: 'ConsumerA', instance: 'P2|alpha|1.0.0', priority: 2 });
    await insertRule({ id: C, consumer: 'ConsumerB', instance: 'P1|alpha|1.0.0', priority: 1 });
  });
  return ids;
}

/** The ids of the stored rules, sorted. */
const remaining = async (): Promise<string[]> => (await storedRules()).map((rule) => rule.id).sort();

describe.each(TRANSPORTS)('simple-store remove over %s', (transport) => {
  const [A, B, C] = threeRules();

  it('removes the listed rules and answers 200 without a body', async () => {
    const reply = await remove(transport, [A, B]);
    expect(reply).toEqual({ status: 200, body: '' });
    expect(await remaining()).toEqual([C]);
  });

  it('ignores unknown ids and accepts upper-case or padded ones', async () => {
    const reply = await remove(transport, [randomUUID(), ` ${B.toUpperCase()} `]);
    expect(reply).toEqual({ status: 200, body: '' });
    expect(await remaining()).toEqual([A, C]);
  });

  it('answers 200 when nothing matched', async () => {
    const reply = await remove(transport, [UNKNOWN]);
    expect(reply).toEqual({ status: 200, body: '' });
    expect(await remaining()).toEqual([A, B, C]);
  });

  it.each([
    ['a non-UUID (after a valid one)', [A, 'notanid'], 'Invalid UUID: notanid'],
  ])('rejects %s with 400 and removes nothing', async (_, uuids, message) => {
    const reply = await remove(transport, uuids);
    expect(reply).toEqual(badRequest(transport, 'remove', message, 'DELETE'));
    expect(await remaining()).toEqual([A, B, C]);
  });
});

describe('simple-store remove specifics', () => {
  const [A, B, C] = threeRules();

  it('accepts comma-separated uuids on HTTP', async () => {
    const reply = await httpDelete(`${HTTP}/remove?uuids=${A},${C}`);
    expect(reply).toEqual({ status: 200, body: '' });
    expect(await remaining()).toEqual([B]);
  });

  it('accepts repeated and comma-separated uuids mixed on HTTP', async () => {
    const reply = await httpDelete(`${HTTP}/remove?uuids=${A},${B}&uuids=${C}`);
    expect(reply).toEqual({ status: 200, body: '' });
    expect(await remaining()).toEqual([]);
  });

  it('reads only uuids: the seed request line with &ids=B removes A only, also on the /query alias path', async () => {
    const reply = await httpDelete(`${HTTP}/query?uuids=${A}&ids=${B}`);
    expect(reply).toEqual({ status: 200, body: '' });
    expect(await remaining()).toEqual([B, C]);
  });

  it('removes on the /remove path with the seed parameters the same way', async () => {
    const reply = await httpDelete(`${HTTP}/remove?uuids=${A}&ids=${B}`);
    expect(reply).toEqual({ status: 200, body: '' });
    expect(await remaining()).toEqual([B, C]);
  });

  it('accepts repeated uuids on the /query alias path', async () => {
    const reply = await httpDelete(`${HTTP}/query?uuids=${A}&uuids=${C}`);
    expect(reply).toEqual({ status: 200, body: '' });
    expect(await remaining()).toEqual([B]);
  });

  it('answers the seed error example for a bad id on HTTP', async () => {
    const reply = await httpDelete(`${HTTP}/remove?uuids=notanid`);
    expect(reply).toEqual({
      status: 400,
      body: {
        errorMessage: 'Invalid UUID: notanid',
        errorCode: 400,
        exceptionType: 'INVALID_PARAMETER',
        origin: 'DELETE /serviceorchestration/orchestration/mgmt/simple-store/remove',
      },
    });
    expect(await remaining()).toEqual([A, B, C]);
  });

  it('answers "UUIDs are missing" on MQTT for an empty array', async () => {
    const reply = await remove('mqtt', []);
    expect(reply).toEqual(badRequest('mqtt', 'remove', 'UUIDs are missing', 'DELETE'));
    expect(await remaining()).toEqual([A, B, C]);
  });

  it('answers with payload "" and status 200 on MQTT, naming the receiver', async () => {
    const reply = await service.mqtt(`${MQTT}/remove`, { payload: [A], traceId: 'remove-1' });
    expect(reply).toEqual({ status: 200, traceId: 'remove-1', receiver: 'Sysop', payload: '' });
    expect(await remaining()).toEqual([B, C]);
  });

  it('rejects a non-array MQTT payload as unparsable', async () => {
    const reply = await service.mqtt(`${MQTT}/remove`, { payload: A });
    expect(reply.status).toBe(400);
    expect(reply.payload).toEqual(badRequest('mqtt', 'remove', UNPARSABLE, 'DELETE').body);
    expect(await remaining()).toEqual([A, B, C]);
  });
});

// ---------------------------------------------------------------------------------------------
// management policy
// ---------------------------------------------------------------------------------------------

describe.each(TRANSPORTS)('simple-store management policy over %s', (transport) => {
  const OUTSIDER = 'Bearer SYSTEM//TestConsumerB';
  let existing: string;

  beforeEach(async () => {
    existing = await insertRule({ consumer: 'TestConsumerB', instance: SEED_INSTANCE, priority: 2 });
  });

  const operations: [string, string, string, (authorization: string) => Promise<Reply>][] = [
    ['create', 'POST', 'create', (authorization) => create(transport, { entries: [entry('TestConsumerB', SEED_INSTANCE, 1)] }, authorization)],
    ['query', 'POST', 'query', (authorization) => query(transport, { consumerNames: ['TestConsumerB'] }, authorization)],
    ['modify-priorities (PUT)', 'PUT', 'modify-priorities', (authorization) => modify(transport, 'PUT', { [existing]: 1 }, authorization)],
    ['remove', 'DELETE', 'remove', (authorization) => remove(transport, [existing], authorization)],
  ];
  if (transport === 'http') {
    operations.push(['modify-priorities (POST)', 'POST', 'modify-priorities', (authorization) => modify(transport, 'POST', { [existing]: 1 }, authorization)]);
  }

  it.each(operations)('forbids %s to a non-sysop system with 403 and changes nothing', async (_, method, operation, call) => {
    const before = await storedRules();
    const reply = await call(OUTSIDER);
    const path = `${HTTP}/${operation}`;
    expect(reply).toEqual({
      status: 403,
      body: {
        errorMessage: 'Requester has no management permission',
        errorCode: 403,
        exceptionType: 'FORBIDDEN',
        // SPEC-deviations B7: `<METHOD> <path>` or (reference) the full request URL
        origin: transport === 'http' ? expect.stringMatching(new RegExp(`^(${method} |https?://[^/]+)${path.replace(/[.|]/g, '\\$&')}$`)) : `${MQTT}/${operation}`,
      },
    });
    expect(await storedRules()).toEqual(before);
  });
});
