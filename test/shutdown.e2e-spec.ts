import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { TestService } from './support/service';
import { waitFor } from './support/wait';

const BASE = '/serviceorchestration/orchestration';
const SYSOP = 'Bearer SYSTEM//Sysop';

describe('graceful shutdown', () => {
  it('finishes the push it is delivering before the database and broker go away', async () => {
    // A receiver that takes a while to answer.
    let arrivals = 0;
    const receiver = createServer((request, response) => {
      arrivals++;
      request.resume();
      setTimeout(() => response.end(), 700);
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const service = await TestService.start({ PUSH_HTTP_BLOCKED_NETWORKS: '' }); // the receiver is on loopback
    let closed = false;
    try {
      await service.truncate('subscription', 'orchestration_job');
      const subscribed = await service.http
        .post(`${BASE}/mgmt/push/subscribe`)
        .set('Authorization', SYSOP)
        .send({
          subscriptions: [
            {
              targetSystemName: 'SlowConsumer',
              notifyInterface: { protocol: 'HTTP', properties: { address: '127.0.0.1', port: String((receiver.address() as AddressInfo).port), method: 'POST', path: '/' } },
            },
          ],
        });
      const id = subscribed.body.entries[0].id;
      await service.http.post(`${BASE}/mgmt/push/trigger`).set('Authorization', SYSOP).send({ subscriptionIds: [id] });
      await waitFor('the push to reach the receiver', () => arrivals > 0);

      const dataSource = service.dataSource;
      const closing = service.close();
      closed = true;
      // Still running: the close waits for it, the database stays open until it is recorded.
      const [job] = await dataSource.query('SELECT status FROM orchestration_job WHERE subscription_id = $1', [id]);
      expect(job.status).toBe('IN_PROGRESS');
      await closing;
      expect(dataSource.isInitialized).toBe(false);
      if (process.env.TEST_DATABASE_URL) {
        // The outcome was written before the connection closed.
        const { Client } = await import('pg');
        const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
        await client.connect();
        const { rows } = await client.query('SELECT status FROM orchestration_job WHERE subscription_id = $1', [id]);
        await client.end();
        expect(rows).toEqual([{ status: 'DONE' }]);
      }
    } finally {
      if (!closed) await service.close();
      receiver.close();
    }
  });
});
