import { CleanerService } from '../src/cleaner/cleaner.service';
import { EVERY_IGNORED_FIELD, EVERY_IGNORED_FIELD_WARNINGS, ORCHESTRATION_REFUSALS, orchestrationResult } from './support/cases/orchestration';
import { pick } from './support/cases/refusal';
import { invoke, Reply, Transport, TRANSPORTS } from './support/operations';
import { TestService } from './support/service';
import { waitFor } from './support/wait';

const PULL = { method: 'POST' as const, path: '/serviceorchestration/orchestration/pull', topic: 'arrowhead/serviceorchestration/orchestration/pull' };
const HISTORY = {
  method: 'POST' as const,
  path: '/serviceorchestration/orchestration/mgmt/history/query',
  topic: 'arrowhead/serviceorchestration/orchestration/management/history/query',
};
const STORE_CREATE = '/serviceorchestration/orchestration/mgmt/simple-store/create';
const LOCK_CREATE = '/serviceorchestration/orchestration/mgmt/lock/create';
const CONSUMER = 'TemperatureConsumer';

let service: TestService;

beforeAll(async () => {
  service = await TestService.start();
});
afterAll(async () => service?.close());
beforeEach(async () => service.truncate('orchestration_store', 'orchestration_lock', 'orchestration_job'));

async function rules(...entries: [consumer: string, serviceInstanceId: string, priority: number][]): Promise<void> {
  const response = await service.http
    .post(STORE_CREATE)
    .set('Authorization', 'Bearer SYSTEM//Sysop')
    .send({ entries: entries.map(([consumer, serviceInstanceId, priority]) => ({ consumer, serviceInstanceId, priority })) });
  expect(response.status).toBe(201);
}

async function lock(serviceInstanceId: string, owner: string, expiresAt = '2099-01-01T00:00:00Z'): Promise<void> {
  const response = await service.http
    .post(LOCK_CREATE)
    .set('Authorization', 'Bearer SYSTEM//Sysop')
    .send({ locks: [{ serviceInstanceId, owner, expiresAt }] });
  expect(response.status).toBe(201);
}

const pull = (transport: Transport, body?: unknown, consumer = CONSUMER): Promise<Reply> =>
  invoke(service, transport, { ...PULL, body }, { authorization: `Bearer SYSTEM//${consumer}` });
const history = (transport: Transport, body?: unknown): Promise<Reply> => invoke(service, transport, { ...HISTORY, body });
const instancesOf = (reply: Reply): string[] => reply.body.results.map((result: any) => result.serviceInstanceId);

describe.each(TRANSPORTS)('pull over %s', (transport) => {
  beforeEach(async () => {
    await rules(
      [CONSUMER, 'TemperatureProvider1|kelvinInfo|1.0.0', 2],
      [CONSUMER, 'TemperatureProvider2|kelvinInfo|1.0.0', 1],
      [CONSUMER, 'TemperatureProvider3|kelvinInfo|2.1.0', 3],
      [CONSUMER, 'CelsiusProvider|celsiusInfo|1.0.0', 5],
      ['OtherConsumer', 'TemperatureProvider9|kelvinInfo|1.0.0', 1],
    );
  });

  it('answers the seed example with the seed result shape and an empty warnings list', async () => {
    const reply = await pull(transport, {
      serviceRequirement: { serviceDefinition: 'kelvinInfo', preferredProviders: [] },
      orchestrationFlags: { MATCHMAKING: 'true', ONLY_PREFERRED: 'false' },
    });
    expect(reply).toEqual({
      status: 200,
      body: {
        results: [orchestrationResult('TemperatureProvider2|kelvinInfo|1.0.0')],
        warnings: [],
      },
    });
  });

  it("returns the caller's rules for a service definition in priority order", async () => {
    const reply = await pull(transport, { serviceRequirement: { serviceDefinition: 'kelvin-info' } });
    expect(instancesOf(reply)).toEqual([
      'TemperatureProvider2|kelvinInfo|1.0.0',
      'TemperatureProvider1|kelvinInfo|1.0.0',
      'TemperatureProvider3|kelvinInfo|2.1.0',
    ]);
    expect(reply.body.results[2]).toMatchObject({ providerName: 'TemperatureProvider3', version: '2.1.0' });
  });

  it('returns all of its rules, by priority, without a payload; other consumers see none of them', async () => {
    const reply = await pull(transport);
    expect(reply.status).toBe(200);
    expect(instancesOf(reply)).toEqual([
      'TemperatureProvider2|kelvinInfo|1.0.0',
      'TemperatureProvider1|kelvinInfo|1.0.0',
      'TemperatureProvider3|kelvinInfo|2.1.0',
      'CelsiusProvider|celsiusInfo|1.0.0',
    ]);
    expect(instancesOf(await pull(transport, undefined, 'Stranger'))).toEqual([]);
  });

  it('puts preferred providers first and keeps the others', async () => {
    const reply = await pull(transport, { serviceRequirement: { serviceDefinition: 'kelvinInfo', preferredProviders: ['temperature-provider3'] } });
    expect(instancesOf(reply)).toEqual([
      'TemperatureProvider3|kelvinInfo|2.1.0',
      'TemperatureProvider2|kelvinInfo|1.0.0',
      'TemperatureProvider1|kelvinInfo|1.0.0',
    ]);
  });

  it('returns only preferred providers with ONLY_PREFERRED', async () => {
    const reply = await pull(transport, {
      serviceRequirement: { serviceDefinition: 'kelvinInfo', preferredProviders: ['TemperatureProvider1', 'TemperatureProvider3'] },
      orchestrationFlags: { ONLY_PREFERRED: true },
    });
    expect(instancesOf(reply)).toEqual(['TemperatureProvider1|kelvinInfo|1.0.0', 'TemperatureProvider3|kelvinInfo|2.1.0']);
  });

  it('keeps the best rule per service definition with MATCHMAKING, preferred first', async () => {
    expect(instancesOf(await pull(transport, { orchestrationFlags: { matchmaking: true } }))).toEqual([
      'TemperatureProvider2|kelvinInfo|1.0.0',
      'CelsiusProvider|celsiusInfo|1.0.0',
    ]);
    const preferred = await pull(transport, {
      serviceRequirement: { serviceDefinition: 'kelvinInfo', preferredProviders: ['TemperatureProvider1'] },
      orchestrationFlags: { MATCHMAKING: true },
    });
    expect(instancesOf(preferred)).toEqual(['TemperatureProvider1|kelvinInfo|1.0.0']);
  });

  it('reports ignored fields and flags as warnings (the spec example)', async () => {
    const reply = await pull(transport, {
      serviceRequirement: { serviceDefinition: 'kelvinInfo', preferredProviders: ['TemperatureProvider2'], versions: ['1.0.0'] },
      orchestrationFlags: { MATCHMAKING: 'true', ALLOW_INTERCLOUD: false },
    });
    expect(reply.body).toEqual({
      results: [expect.objectContaining({ serviceInstanceId: 'TemperatureProvider2|kelvinInfo|1.0.0' })],
      warnings: ['ignoredFields: [versions]', 'ignoredFlags: [ALLOW_INTERCLOUD]'],
    });
  });

  it('lists every ignored field in the reference order, each ignored flag once', async () => {
    const reply = await pull(transport, EVERY_IGNORED_FIELD);
    expect(reply.body.warnings).toEqual(EVERY_IGNORED_FIELD_WARNINGS);
  });

  // Every rule, text and order of the parser: orchestration-request.parser.spec.ts and the contract
  // table; here a few of them, on both transports, with no job recorded.
  const picked = pick(ORCHESTRATION_REFUSALS, ['a blank preferred provider', 'ONLY_PREFERRED without preferred providers']);
  it.each(picked)('rejects %s with 400 and records no job', async (_, body, message) => {
    const reply = await pull(transport, body);
    expect(reply).toEqual({
      status: 400,
      body: { errorMessage: message, errorCode: 400, exceptionType: 'INVALID_PARAMETER', origin: transport === 'http' ? `POST ${PULL.path}` : PULL.topic },
    });
    expect(await service.dataSource.query('SELECT id FROM orchestration_job')).toEqual([]);
  });

  it('rejects a caller whose name breaks the naming convention', async () => {
    const reply = await pull(transport, undefined, '9Consumer');
    expect(reply.status).toBe(400);
    expect(reply.body.errorMessage).toBe('The specified system name does not match the naming convention: 9Consumer');
  });

  it.each([
    ['a requirement that is not an object', { serviceRequirement: 'kelvinInfo' }],
  ])('rejects %s as an unparsable payload', async (_, body) => {
    const reply = await pull(transport, body);
    expect(reply.status).toBe(400);
    expect(reply.body.errorMessage).toMatch(/^Could not parse payload\. Reason: /);
  });

  it('is open to any authenticated system but not to anonymous callers', async () => {
    const reply = await invoke(service, transport, { ...PULL }, { authorization: null });
    expect(reply.status).toBe(401);
  });
});

describe.each(TRANSPORTS)('locks in pull over %s', (transport) => {
  beforeEach(async () => {
    await rules([CONSUMER, 'TemperatureProvider1|kelvinInfo|1.0.0', 1], [CONSUMER, 'TemperatureProvider2|kelvinInfo|1.0.0', 2]);
  });

  it('hides an instance locked by another owner', async () => {
    await lock('TemperatureProvider1|kelvinInfo|1.0.0', 'SomeoneElse');
    expect(instancesOf(await pull(transport, { serviceRequirement: { serviceDefinition: 'kelvinInfo' } }))).toEqual([
      'TemperatureProvider2|kelvinInfo|1.0.0',
    ]);
  });

  it("keeps the caller's own locked instance in its results", async () => {
    await lock('TemperatureProvider1|kelvinInfo|1.0.0', CONSUMER);
    expect(instancesOf(await pull(transport, { serviceRequirement: { serviceDefinition: 'kelvinInfo' } }))).toEqual([
      'TemperatureProvider1|kelvinInfo|1.0.0',
      'TemperatureProvider2|kelvinInfo|1.0.0',
    ]);
  });

  it('ignores an expired lock, even before the cleaner has removed it', async () => {
    await service.dataSource.query(
      `INSERT INTO orchestration_lock (service_instance_id, owner, expires_at, temporary) VALUES ($1, 'SomeoneElse', now() - interval '1 minute', false)`,
      ['TemperatureProvider1|kelvinInfo|1.0.0'],
    );
    expect(instancesOf(await pull(transport, { serviceRequirement: { serviceDefinition: 'kelvinInfo' } }))).toHaveLength(2);
  });

  it('applies matchmaking after the locked instances are gone', async () => {
    await lock('TemperatureProvider1|kelvinInfo|1.0.0', 'SomeoneElse');
    expect(instancesOf(await pull(transport, { orchestrationFlags: { MATCHMAKING: true } }))).toEqual(['TemperatureProvider2|kelvinInfo|1.0.0']);
  });
});

describe.each(TRANSPORTS)('many pulls at once over %s (answered together while the database is busy)', (transport) => {
  const CONSUMERS = Array.from({ length: 12 }, (_, index) => `BatchConsumer${index}`);
  const SHARED = 'SharedProvider|kelvinInfo|1.0.0';

  beforeEach(async () => {
    await rules(
      ...CONSUMERS.flatMap((consumer, index): [string, string, number][] => [
        [consumer, `Provider${index}a|kelvinInfo|1.0.0`, 2],
        [consumer, `Provider${index}b|kelvinInfo|1.0.0`, 1],
        [consumer, `Provider${index}c|celsiusInfo|1.0.0`, 3],
        [consumer, SHARED, 4],
      ]),
    );
    await lock(SHARED, CONSUMERS[3]);
  });

  it("gives every pull its own consumer's rules, definition and locks, whatever it was answered with", async () => {
    const shared = (index: number) => (index === 3 ? [SHARED] : []);
    const requests = CONSUMERS.flatMap((consumer, index) => [
      { consumer, body: { serviceRequirement: { serviceDefinition: 'kelvinInfo' } }, expected: [`Provider${index}b|kelvinInfo|1.0.0`, `Provider${index}a|kelvinInfo|1.0.0`, ...shared(index)] },
      { consumer, body: { serviceRequirement: { serviceDefinition: 'celsiusInfo' } }, expected: [`Provider${index}c|celsiusInfo|1.0.0`] },
      {
        consumer,
        body: undefined,
        expected: [`Provider${index}b|kelvinInfo|1.0.0`, `Provider${index}a|kelvinInfo|1.0.0`, `Provider${index}c|celsiusInfo|1.0.0`, ...shared(index)],
      },
      { consumer, body: { serviceRequirement: { serviceDefinition: 'noSuchService' } }, expected: [] },
    ]);
    const replies = await Promise.all(requests.map((request) => pull(transport, request.body, request.consumer)));
    expect(replies.map((reply) => reply.status)).toEqual(requests.map(() => 200));
    expect(replies.map(instancesOf)).toEqual(requests.map((request) => request.expected));
  });
});

describe('locks in pull switched off (ORCH_LOCKS_AFFECT_PULL=false)', () => {
  let unlocked: TestService;
  beforeAll(async () => {
    unlocked = await TestService.start({ ORCH_LOCKS_AFFECT_PULL: 'false', MQTT_ENABLED: 'false' });
  });
  afterAll(async () => unlocked?.close());

  it('returns locked instances as the simple-store reference does', async () => {
    await unlocked.truncate('orchestration_store', 'orchestration_lock');
    const sysop = 'Bearer SYSTEM//Sysop';
    await unlocked.http.post(STORE_CREATE).set('Authorization', sysop).send({ entries: [{ consumer: CONSUMER, serviceInstanceId: 'P1|kelvinInfo|1.0.0', priority: 1 }] });
    await unlocked.http.post(LOCK_CREATE).set('Authorization', sysop).send({ locks: [{ serviceInstanceId: 'P1|kelvinInfo|1.0.0', owner: 'Other', expiresAt: '2099-01-01T00:00:00Z' }] });
    const response = await unlocked.http.post(PULL.path).set('Authorization', `Bearer SYSTEM//${CONSUMER}`);
    expect(response.body.results.map((result: any) => result.serviceInstanceId)).toEqual(['P1|kelvinInfo|1.0.0']);
  });
});

describe.each(TRANSPORTS)('orchestration jobs and history over %s', (transport) => {
  beforeEach(async () => {
    await rules([CONSUMER, 'TemperatureProvider1|kelvinInfo|1.0.0', 1], [CONSUMER, 'TemperatureProvider2|kelvinInfo|1.0.0', 2], ['Second', 'P|celsiusInfo|1.0.0', 1]);
  });

  it('records every pull as a finished PULL job', async () => {
    await pull(transport, { serviceRequirement: { serviceDefinition: 'kelvinInfo' } });
    await pull(transport, undefined, 'Second');
    const reply = await history(transport, { pagination: { page: 0, size: 10, sortField: 'createdAt', direction: 'ASC' } });
    expect(reply.status).toBe(200);
    expect(reply.body.count).toBe(2);
    const [first, second] = reply.body.entries;
    expect(first).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'DONE',
      type: 'PULL',
      requesterSystem: CONSUMER,
      targetSystem: CONSUMER,
      serviceDefinition: 'kelvinInfo',
      message: '2 local result(s)',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    expect(second).toMatchObject({ requesterSystem: 'Second', message: '1 local result(s)' });
    expect(second).not.toHaveProperty('serviceDefinition');
    expect(second).not.toHaveProperty('subscriptionId');
  });

  it('writes the job of a pull behind, on its own, in its final state', async () => {
    await pull(transport, { serviceRequirement: { serviceDefinition: 'kelvinInfo' } });
    const [row] = await waitFor('the pull job row', async () =>
      (await service.dataSource.query('SELECT status, type, message, created_at, started_at, finished_at FROM orchestration_job')).length === 1
        ? service.dataSource.query('SELECT status, type, message, created_at, started_at, finished_at FROM orchestration_job')
        : undefined,
    );
    expect(row).toMatchObject({ status: 'DONE', type: 'PULL', message: '2 local result(s)' });
    expect(row.created_at.getTime()).toBe(row.started_at.getTime());
    expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
  });

  it('shows a failed pull as an ERROR job with its message', async () => {
    await service.dataSource.query('ALTER TABLE orchestration_store RENAME TO orchestration_store_away');
    try {
      const reply = await pull(transport, { serviceRequirement: { serviceDefinition: 'kelvinInfo' } });
      expect(reply.status).toBe(500);
    } finally {
      await service.dataSource.query('ALTER TABLE orchestration_store_away RENAME TO orchestration_store');
    }
    const reply = await history(transport, { statuses: ['ERROR'] });
    expect(reply.body.count).toBe(1);
    expect(reply.body.entries[0]).toMatchObject({ status: 'ERROR', type: 'PULL', requesterSystem: CONSUMER, message: expect.stringContaining('orchestration_store') });
  });

  it('filters jobs by every field and pages them', async () => {
    await pull(transport, { serviceRequirement: { serviceDefinition: 'kelvinInfo' } });
    await pull(transport, undefined, 'Second');
    await pull(transport, undefined, 'Second');
    const all = await history(transport);
    const oneId = all.body.entries[0].id;
    const cases: [unknown, number][] = [
      [{ ids: [oneId.toUpperCase()] }, 1],
      [{ statuses: ['done'] }, 3],
      [{ statuses: ['PENDING', 'IN_PROGRESS'] }, 0],
      [{ type: 'pull' }, 3],
      [{ type: 'PUSH' }, 0],
      [{ requesterSystems: ['second'] }, 2],
      [{ targetSystems: [CONSUMER] }, 1],
      [{ serviceDefinitions: ['kelvinInfo'] }, 1],
      [{ subscriptionIds: ['d2fefc6a-f563-40a2-9ce4-3512c2887755'] }, 0],
      [{ requesterSystems: ['Second'], serviceDefinitions: ['kelvinInfo'] }, 0],
    ];
    for (const [body, count] of cases) {
      const reply = await history(transport, body);
      expect([body, reply.status, reply.body.count]).toEqual([body, 200, count]);
    }
    const paged = await history(transport, { pagination: { page: 1, size: 2 } });
    expect(paged.body.entries).toHaveLength(1);
    expect(paged.body.count).toBe(3);
  });

  it.each([
    [{ ids: ['abc123'] }, 'Invalid orchestration job id: abc123'],
    [{ statuses: ['FINISHED'] }, 'Invalid status: FINISHED'],
  ])('rejects %j with 400', async (body, message) => {
    const reply = await history(transport, body);
    expect(reply).toEqual({
      status: 400,
      body: { errorMessage: message, errorCode: 400, exceptionType: 'INVALID_PARAMETER', origin: transport === 'http' ? `POST ${HISTORY.path}` : HISTORY.topic },
    });
  });

  it('is a management operation', async () => {
    const reply = await invoke(service, transport, HISTORY, { authorization: `Bearer SYSTEM//${CONSUMER}` });
    expect(reply.status).toBe(403);
  });
});

describe('history retention', () => {
  it('deletes finished jobs older than ORCH_HISTORY_MAX_AGE_DAYS and keeps the rest', async () => {
    await service.dataSource.query(`
      INSERT INTO orchestration_job (id, status, type, requester_system, target_system, created_at, started_at, finished_at) VALUES
        ('00000000-0000-0000-0000-000000000001', 'DONE', 'PULL', 'A', 'A', now() - interval '20 days', now() - interval '20 days', now() - interval '16 days'),
        ('00000000-0000-0000-0000-000000000002', 'ERROR', 'PUSH', 'A', 'A', now() - interval '20 days', now() - interval '20 days', now() - interval '16 days'),
        ('00000000-0000-0000-0000-000000000003', 'DONE', 'PULL', 'A', 'A', now() - interval '2 days', now() - interval '2 days', now() - interval '14 days' + interval '13 days'),
        ('00000000-0000-0000-0000-000000000004', 'PENDING', 'PUSH', 'A', 'A', now() - interval '30 days', NULL, NULL)`);
    await service.running.app.get(CleanerService).runOnce();
    const remaining = await service.dataSource.query('SELECT id FROM orchestration_job ORDER BY id');
    expect(remaining.map((row: { id: string }) => row.id)).toEqual(['00000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-000000000004']);
  });
});
