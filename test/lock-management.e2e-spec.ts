import { invoke, Reply, Transport, TRANSPORTS } from './support/operations';
import { describeOnRealDatabase } from './support/real-parts';
import { TestService } from './support/service';
import { waitFor } from './support/wait';

const HTTP = '/serviceorchestration/orchestration/mgmt/lock';
const MQTT = 'arrowhead/serviceorchestration/orchestration/management/lock';
const FUTURE = '2099-11-08T11:24:43Z';
const INSTANCE = 'TemperatureProvider2|kelvinInfo|1.0.0';

let service: TestService;

beforeAll(async () => {
  service = await TestService.start({ CLEANER_INTERVAL_MS: '200' });
});
afterAll(async () => service?.close());
beforeEach(async () => service.truncate('orchestration_lock'));

const create = (transport: Transport, body: unknown, authorization?: string | null): Promise<Reply> =>
  invoke(service, transport, { method: 'POST', path: `${HTTP}/create`, topic: `${MQTT}/create`, body }, { authorization });
const query = (transport: Transport, body?: unknown): Promise<Reply> =>
  invoke(service, transport, { method: 'POST', path: `${HTTP}/query`, topic: `${MQTT}/query`, body });
const remove = (transport: Transport, owner: string | undefined, instanceIds: string[] | undefined): Promise<Reply> =>
  invoke(service, transport, {
    method: 'DELETE',
    path: `${HTTP}/remove/${owner ?? ''}`,
    topic: `${MQTT}/remove`,
    query: instanceIds?.map((id) => `instanceIds=${encodeURIComponent(id)}`).join('&'),
    params: owner === undefined ? undefined : { owner },
    body: instanceIds,
  });

function origin(transport: Transport, operation: string, method = 'POST'): string {
  return transport === 'http' ? `${method} ${HTTP}/${operation}` : `${MQTT}/${operation}`;
}

function lock(serviceInstanceId: string, owner = 'TemperatureManager', expiresAt = FUTURE) {
  return { serviceInstanceId, owner, expiresAt };
}

async function insertLock(values: { instance: string; owner: string; expiresAt: Date; jobId?: string; temporary?: boolean }) {
  await service.dataSource.query(
    `INSERT INTO orchestration_lock (service_instance_id, owner, expires_at, orchestration_job_id, temporary) VALUES ($1, $2, $3, $4, $5)`,
    [values.instance, values.owner, values.expiresAt, values.jobId ?? null, values.temporary ?? false],
  );
}

async function storedLocks(): Promise<{ service_instance_id: string; owner: string }[]> {
  return service.dataSource.query('SELECT service_instance_id, owner FROM orchestration_lock ORDER BY id');
}

describe.each(TRANSPORTS)('lock create over %s', (transport) => {
  it('creates the seed example and answers 201 with the created records', async () => {
    const reply = await create(transport, { locks: [lock(INSTANCE)] });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      entries: [{ id: expect.any(Number), serviceInstanceId: INSTANCE, owner: 'TemperatureManager', expiresAt: FUTURE, temporary: false }],
      count: 1,
    });
    expect(reply.body.entries[0]).not.toHaveProperty('orchestrationJobId');
  });

  it('normalizes names and times, and returns the records in request order', async () => {
    const reply = await create(transport, {
      locks: [lock(' temperature-provider2 | Kelvin_Info | 1 ', 'temperature-manager', '2099-01-01T02:00:00.500+02:00'), lock('B|c|2.1')],
      ignoredUnknownField: true,
    });
    expect(reply.status).toBe(201);
    expect(reply.body.entries.map((entry: any) => [entry.serviceInstanceId, entry.owner, entry.expiresAt])).toEqual([
      ['TemperatureProvider2|kelvinInfo|1.0.0', 'TemperatureManager', '2099-01-01T00:00:00Z'],
      ['B|c|2.1.0', 'TemperatureManager', FUTURE],
    ]);
    expect(reply.body.count).toBe(2);
  });

  // Every rule and text of the parser: lock-request.parser.spec.ts and the contract table; here a
  // few of them, on both transports, with nothing stored.
  it.each([
    ['no payload', undefined, 'Request payload is null'],
    ['a past expiry', { locks: [lock(INSTANCE, 'A', '2020-01-01T00:00:00Z')] }, 'Expires at is in the past: 2020-01-01T00:00:00Z'],
    ['one instance twice', { locks: [lock(INSTANCE, 'A'), lock(INSTANCE, 'B')] }, `Service instance id is requested more than once: ${INSTANCE}`],
  ])('rejects %s with 400 and stores nothing', async (_, body, message) => {
    const reply = await create(transport, body);
    expect(reply).toEqual({
      status: 400,
      body: { errorMessage: message, errorCode: 400, exceptionType: 'INVALID_PARAMETER', origin: origin(transport, 'create') },
    });
    expect(await storedLocks()).toEqual([]);
  });

  it('rejects an unparsable payload', async () => {
    const reply = await create(transport, { locks: [{ serviceInstanceId: INSTANCE, owner: 5, expiresAt: FUTURE }] });
    expect(reply.status).toBe(400);
    expect(reply.body.errorMessage).toMatch(/^Could not parse payload\. Reason: /);
    expect(await storedLocks()).toEqual([]);
  });

  it('refuses an instance with a live lock, whoever owns it, and creates nothing of the batch', async () => {
    await create(transport, { locks: [lock(INSTANCE, 'Owner1')] });
    const reply = await create(transport, { locks: [lock('Free|svc|1.0.0', 'Owner2'), lock(INSTANCE, 'Owner2')] });
    expect(reply.status).toBe(400);
    expect(reply.body.errorMessage).toBe(`Already locked: ${INSTANCE}`);
    expect(await storedLocks()).toEqual([{ service_instance_id: INSTANCE, owner: 'Owner1' }]);
  });

  it('names every live-locked instance of the batch, in request order, and not the expired one', async () => {
    await create(transport, { locks: [lock('Second|svc|1.0.0', 'Owner1'), lock(INSTANCE, 'Owner1')] });
    await insertLock({ instance: 'Stale|svc|1.0.0', owner: 'Old', expiresAt: new Date(Date.now() - 1000) });
    const reply = await create(transport, {
      locks: [lock(INSTANCE, 'Owner2'), lock('Stale|svc|1.0.0', 'Owner2'), lock('Free|svc|1.0.0', 'Owner2'), lock('Second|svc|1.0.0', 'Owner2')],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.errorMessage).toBe(`Already locked: ${INSTANCE}, Second|svc|1.0.0`);
    // Nothing of the batch is granted; the stale lock, expired anyway, may go.
    expect(await storedLocks()).toEqual([
      { service_instance_id: 'Second|svc|1.0.0', owner: 'Owner1' },
      { service_instance_id: INSTANCE, owner: 'Owner1' },
    ]);
  });

  it('grants a lock over an expired one, manual or automatic', async () => {
    await insertLock({ instance: INSTANCE, owner: 'Old', expiresAt: new Date(Date.now() - 1000) });
    await insertLock({ instance: 'Other|svc|1.0.0', owner: 'Old', expiresAt: new Date(Date.now() - 1000), jobId: '091cc9c3-e704-4d0a-8d70-96fb2c11da55' });
    const reply = await create(transport, { locks: [lock(INSTANCE, 'New'), lock('Other|svc|1.0.0', 'New')] });
    expect(reply.status).toBe(201);
    expect(await storedLocks()).toEqual([
      { service_instance_id: INSTANCE, owner: 'New' },
      { service_instance_id: 'Other|svc|1.0.0', owner: 'New' },
    ]);
  });
});

describeOnRealDatabase('lock create under concurrency', () => {
  it('grants exactly one of 100 concurrent creates for one instance (HTTP and MQTT mixed)', async () => {
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, index) => create(index % 2 === 0 ? 'http' : 'mqtt', { locks: [lock(INSTANCE, `Owner${index}`)] })),
    );
    const granted = replies.filter((reply) => reply.status === 201);
    const refused = replies.filter((reply) => reply.status === 400);
    expect(granted).toHaveLength(1);
    expect(refused).toHaveLength(99);
    for (const reply of refused) {
      expect(reply.body.errorMessage).toBe(`Already locked: ${INSTANCE}`);
    }
    const rows = await storedLocks();
    expect(rows).toHaveLength(1);
    expect(rows[0].owner).toBe(granted[0].body.entries[0].owner);
  });
});

describe.each(TRANSPORTS)('lock query over %s', (transport) => {
  const JOB = '091cc9c3-e704-4d0a-8d70-96fb2c11da55';

  beforeEach(async () => {
    await create('http', {
      locks: [lock('P1|svc|1.0.0', 'Alpha', '2099-01-01T10:00:00Z'), lock('P2|svc|1.0.0', 'Beta', '2099-01-01T11:00:00Z'), lock('P3|svc|1.0.0', 'Alpha', '2099-01-01T12:00:00Z')],
    });
    await insertLock({ instance: 'P4|svc|1.0.0', owner: 'Gamma', expiresAt: new Date('2099-01-01T13:00:00Z'), jobId: JOB, temporary: true });
  });

  const instancesOf = (reply: Reply): string[] => reply.body.entries.map((entry: any) => entry.serviceInstanceId);

  it('returns every lock, newest first, without a payload', async () => {
    const reply = await query(transport);
    expect(reply.status).toBe(200);
    expect(reply.body.count).toBe(4);
    expect(instancesOf(reply)).toEqual(['P4|svc|1.0.0', 'P3|svc|1.0.0', 'P2|svc|1.0.0', 'P1|svc|1.0.0']);
    expect(reply.body.entries[0]).toEqual({
      id: 4, orchestrationJobId: JOB, serviceInstanceId: 'P4|svc|1.0.0', owner: 'Gamma', expiresAt: '2099-01-01T13:00:00Z', temporary: true,
    });
  });

  it.each([
    ['owners', { owners: ['alpha'] }, ['P3|svc|1.0.0', 'P1|svc|1.0.0']],
    ['service instance ids', { serviceInstanceIds: ['p2|svc|1'] }, ['P2|svc|1.0.0']],
    ['ids', { ids: [1, '3'] }, ['P3|svc|1.0.0', 'P1|svc|1.0.0']],
    ['orchestration job ids', { orchestrationJobIds: [JOB.toUpperCase()] }, ['P4|svc|1.0.0']],
    ['ids with job ids (manual locks pass the job filter)', { ids: [1, 4], orchestrationJobIds: [JOB] }, ['P4|svc|1.0.0', 'P1|svc|1.0.0']],
    ['an expiry window', { expiresAfter: '2099-01-01T10:00:00Z', expiresBefore: '2099-01-01T13:00:00Z' }, ['P3|svc|1.0.0', 'P2|svc|1.0.0']],
    ['filters combined with AND', { owners: ['Alpha'], expiresBefore: '2099-01-01T11:00:00Z' }, ['P1|svc|1.0.0']],
  ])('filters by %s', async (_, body, expected) => {
    const reply = await query(transport, body);
    expect(reply.status).toBe(200);
    expect(instancesOf(reply)).toEqual(expected);
    expect(reply.body.count).toBe(expected.length);
  });

  it('pages and sorts as asked, counting every match', async () => {
    const reply = await query(transport, { pagination: { page: 1, size: 2, direction: 'asc', sortField: 'owner' } });
    expect(reply.status).toBe(200);
    expect(reply.body.count).toBe(4);
    expect(reply.body.entries.map((entry: any) => entry.owner)).toEqual(['Beta', 'Gamma']);
  });

  it.each([
    [{ pagination: { sortField: 'createdAt' } }, 'Sort field is invalid. Only the following are allowed: [id, owner, serviceInstanceId, expiresAt]'],
    [{ orchestrationJobIds: ['abc123'] }, 'Invalid orchestration job id: abc123'],
    [{ expiresBefore: 'soon' }, 'Invalid expires before: soon'],
  ])('rejects %j with 400', async (body, message) => {
    const reply = await query(transport, body);
    expect(reply).toEqual({
      status: 400,
      body: { errorMessage: message, errorCode: 400, exceptionType: 'INVALID_PARAMETER', origin: origin(transport, 'query') },
    });
  });
});

describe.each(TRANSPORTS)('lock remove over %s', (transport) => {
  beforeEach(async () => {
    await create('http', { locks: [lock('P1|svc|1.0.0', 'Alpha'), lock('P2|svc|1.0.0', 'Alpha'), lock('P3|svc|1.0.0', 'Beta')] });
    await insertLock({ instance: 'P4|svc|1.0.0', owner: 'Alpha', expiresAt: new Date('2099-01-01T00:00:00Z'), temporary: true });
  });

  it("removes only the named owner's non-temporary locks and answers 200 without a body", async () => {
    const reply = await remove(transport, 'alpha', ['P1|svc|1.0.0', 'P3|svc|1.0.0', 'P4|svc|1.0.0', 'Unknown|svc|1.0.0']);
    expect(reply).toEqual({ status: 200, body: '' });
    expect(await storedLocks()).toEqual([
      { service_instance_id: 'P2|svc|1.0.0', owner: 'Alpha' },
      { service_instance_id: 'P3|svc|1.0.0', owner: 'Beta' },
      { service_instance_id: 'P4|svc|1.0.0', owner: 'Alpha' },
    ]);
  });

  it.each([
    ['no instance ids', 'Alpha', undefined, 'Service instance id list empty'],
    ['a bad owner', '1x', ['P1|svc|1.0.0'], 'The specified system name does not match the naming convention: 1x'],
  ])('rejects %s with 400', async (_, owner, ids, message) => {
    const reply = await remove(transport, owner, ids);
    expect(reply).toEqual({
      status: 400,
      body: { errorMessage: message, errorCode: 400, exceptionType: 'INVALID_PARAMETER', origin: origin(transport, `remove${transport === 'http' ? `/${owner}` : ''}`, 'DELETE') },
    });
    expect(await storedLocks()).toHaveLength(4);
  });
});

describe('lock remove specifics', () => {
  it('accepts comma-separated instance ids on HTTP', async () => {
    await create('http', { locks: [lock('P1|svc|1.0.0', 'Alpha'), lock('P2|svc|1.0.0', 'Alpha')] });
    const response = await service.http
      .delete(`${HTTP}/remove/Alpha?instanceIds=P1%7Csvc%7C1.0.0,P2%7Csvc%7C1.0.0`)
      .set('Authorization', 'Bearer SYSTEM//Sysop');
    expect(response.status).toBe(200);
    expect(await storedLocks()).toEqual([]);
  });

  it('answers "Owner is missing" on MQTT without params.owner (the seed example)', async () => {
    const reply = await remove('mqtt', undefined, ['P1|svc|1.0.0']);
    expect(reply).toEqual({
      status: 400,
      body: { errorMessage: 'Owner is missing', errorCode: 400, exceptionType: 'INVALID_PARAMETER', origin: `${MQTT}/remove` },
    });
  });
});

describe('lock cleaner', () => {
  it('removes expired locks on its interval and leaves live ones', async () => {
    await insertLock({ instance: 'Gone|svc|1.0.0', owner: 'A', expiresAt: new Date(Date.now() - 60_000) });
    await create('http', { locks: [lock('Live|svc|1.0.0', 'A')] });
    await waitFor('the cleaner to remove the expired lock', async () => (await storedLocks()).length === 1, 5000);
    expect(await storedLocks()).toEqual([{ service_instance_id: 'Live|svc|1.0.0', owner: 'A' }]);
  });
});
