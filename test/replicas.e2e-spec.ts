import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { MIGRATIONS } from '../src/database/data-source-options';
import { TestService } from './support/service';
import { waitFor } from './support/wait';
import { describeOnRealBroker, describeOnRealDatabase } from './support/real-parts';

/*
 * Several replicas of the service on one broker and one database. Shared subscriptions need a
 * real broker (aedes has none) and shared state needs a real PostgreSQL (PGlite serves one
 * process), so these run when TEST_MQTT_URL / TEST_DATABASE_URL are set, as CI sets them.
 */
const ECHO_TOPIC = 'arrowhead/serviceorchestration/monitor/echo';
const LOCK_HTTP = '/serviceorchestration/orchestration/mgmt/lock';
const SYSOP = 'Bearer SYSTEM//Sysop';

async function countReplies(sender: TestService, requests: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: requests }, async () => (await sender.mqttUnanswered(ECHO_TOPIC, { authentication: 'SYSTEM//Sysop' }, true, 1500)).length),
  );
}

describeOnRealBroker('replicas on one broker', () => {
  const replicas: TestService[] = [];
  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((replica) => replica.close()));
  });

  it('answers each MQTT request exactly once when the replicas share a subscription group', async () => {
    const group = `orch-${randomBytes(4).toString('hex')}`;
    replicas.push(await TestService.start({ MQTT_SHARED_GROUP: group }), await TestService.start({ MQTT_SHARED_GROUP: group }));
    expect(await countReplies(replicas[0], 40)).toEqual(Array(40).fill(1));
  });

  it('answers twice without a group, which is what the group prevents', async () => {
    replicas.push(await TestService.start(), await TestService.start());
    expect(await countReplies(replicas[0], 5)).toEqual(Array(5).fill(2));
  });
});

describeOnRealDatabase('replicas on one database', () => {
  let first: TestService;
  let second: TestService;
  beforeAll(async () => {
    first = await TestService.start({ MQTT_ENABLED: 'false' });
    second = await TestService.start({ MQTT_ENABLED: 'false' });
  });
  afterAll(async () => Promise.all([first?.close(), second?.close()]));
  beforeEach(async () => first.truncate('orchestration_lock'));

  it('shows a lock created through one replica to HTTP callers of the other', async () => {
    const instance = 'Shared|svc|1.0.0';
    const created = await first.http
      .post(`${LOCK_HTTP}/create`)
      .set('Authorization', SYSOP)
      .send({ locks: [{ serviceInstanceId: instance, owner: 'Owner', expiresAt: '2099-01-01T00:00:00Z' }] });
    expect(created.status).toBe(201);
    const queried = await second.http.post(`${LOCK_HTTP}/query`).set('Authorization', SYSOP).send({ serviceInstanceIds: [instance] });
    expect(queried.body.count).toBe(1);
  });

  it('grants exactly one of 100 concurrent creates for one instance spread over both replicas', async () => {
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        (index % 2 === 0 ? first : second).http
          .post(`${LOCK_HTTP}/create`)
          .set('Authorization', SYSOP)
          .send({ locks: [{ serviceInstanceId: 'Contended|svc|1.0.0', owner: `Owner${index}`, expiresAt: '2099-01-01T00:00:00Z' }] }),
      ),
    );
    expect(replies.filter((reply) => reply.status === 201)).toHaveLength(1);
    expect(replies.filter((reply) => reply.status === 400 && reply.body.errorMessage === 'Already locked: Contended|svc|1.0.0')).toHaveLength(99);
    expect(await first.dataSource.query('SELECT owner FROM orchestration_lock')).toHaveLength(1);
  });

  it('shows a pull answered by one replica in the history of the other (within the flush interval)', async () => {
    await first.truncate('orchestration_job');
    await second.truncate('orchestration_job');
    const pulled = await first.http.post('/serviceorchestration/orchestration/pull').set('Authorization', 'Bearer SYSTEM//ReplicaConsumer').send({});
    expect(pulled.status).toBe(200);
    const history = () => second.http.post('/serviceorchestration/orchestration/mgmt/history/query').set('Authorization', SYSOP).send({ requesterSystems: ['ReplicaConsumer'] });
    const seen = await waitFor('the pull in the other replica\'s history', async () => ((await history()).body.count === 1 ? true : undefined));
    expect(seen).toBe(true);
  });

  it('migrates a fresh database once when two replicas start at the same moment', async () => {
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const database = `ah_orch_migrate_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${database}`;
    const started: TestService[] = [];
    try {
      started.push(
        ...(await Promise.all([
          TestService.start({ MQTT_ENABLED: 'false', DATABASE_URL: url.toString() }),
          TestService.start({ MQTT_ENABLED: 'false', DATABASE_URL: url.toString() }),
        ])),
      );
      const migrations = await started[0].dataSource.query('SELECT name FROM typeorm_migrations ORDER BY id');
      expect(migrations).toEqual(MIGRATIONS.map((migration) => ({ name: new migration().name })));
      for (const replica of started) {
        const response = await replica.http.post(`${LOCK_HTTP}/query`).set('Authorization', SYSOP);
        expect(response.status).toBe(200);
      }
    } finally {
      await Promise.all(started.map((replica) => replica.close()));
      await admin.query(`DROP DATABASE IF EXISTS ${database}`);
      await admin.end();
    }
  });
});
