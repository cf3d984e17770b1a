import { invoke, TRANSPORTS } from './support/operations';
import { TestService } from './support/service';

/**
 * Whatever a client sends, the answer is an ErrorResponse with a 4xx status (or a success), never
 * a 500: every operation gets the same assortment of wrong shapes, on both transports.
 */
const H = '/serviceorchestration';
const T = 'arrowhead/serviceorchestration';
const OPERATIONS = [
  { method: 'POST', path: `${H}/orchestration/pull`, topic: `${T}/orchestration/pull` },
  { method: 'POST', path: `${H}/orchestration/subscribe`, topic: `${T}/orchestration/subscribe` },
  { method: 'POST', path: `${H}/orchestration/mgmt/simple-store/query`, topic: `${T}/orchestration/management/store/query` },
  { method: 'POST', path: `${H}/orchestration/mgmt/simple-store/create`, topic: `${T}/orchestration/management/store/create` },
  { method: 'PUT', path: `${H}/orchestration/mgmt/simple-store/modify-priorities`, topic: `${T}/orchestration/management/store/modify-priorities` },
  { method: 'POST', path: `${H}/orchestration/mgmt/lock/create`, topic: `${T}/orchestration/management/lock/create` },
  { method: 'POST', path: `${H}/orchestration/mgmt/lock/query`, topic: `${T}/orchestration/management/lock/query` },
  { method: 'POST', path: `${H}/orchestration/mgmt/push/subscribe`, topic: `${T}/orchestration/management/push/subscribe` },
  { method: 'POST', path: `${H}/orchestration/mgmt/push/trigger`, topic: `${T}/orchestration/management/push/trigger` },
  { method: 'POST', path: `${H}/orchestration/mgmt/push/query`, topic: `${T}/orchestration/management/push/query` },
  { method: 'POST', path: `${H}/orchestration/mgmt/history/query`, topic: `${T}/orchestration/management/history/query` },
  { method: 'POST', path: `${H}/general/mgmt/logs`, topic: `${T}/general/management/get-log` },
] as const;
// Operations whose MQTT payload is a list or a string (their HTTP input is in the URL).
const LIST_OPERATIONS = [
  { topic: `${T}/orchestration/management/store/remove` },
  { topic: `${T}/orchestration/management/lock/remove`, params: { owner: 'Owner' } },
  { topic: `${T}/orchestration/management/push/unsubscribe` },
  { topic: `${T}/general/management/get-config` },
  { topic: `${T}/orchestration/unsubscribe` },
];

const JUNK: unknown[] = [
  42,
  'text',
  true,
  [],
  [null],
  [1, 'two', { three: 3 }],
  { locks: [{ serviceInstanceId: 7, owner: [], expiresAt: {} }] },
  { entries: [{ consumer: {}, serviceInstanceId: [], priority: 'high' }], candidates: 5 },
  { serviceRequirement: { serviceDefinition: 5, preferredProviders: [1] }, orchestrationFlags: [] },
  { serviceRequirement: [], orchestrationFlags: { MATCHMAKING: {} } },
  { notifyInterface: { protocol: 1, properties: 'topic' }, duration: 'forever' },
  { notifyInterface: { protocol: 'MQTT', properties: { topic: {} } } },
  { subscriptions: [{ targetSystemName: 9, orchestrationRequest: 'x', notifyInterface: null }] },
  { pagination: { page: 'first', size: {}, direction: 3, sortField: [] } },
  { pagination: 'all', ids: 'x', owners: {}, expiresBefore: 17 },
  { ids: [{}], statuses: [1], type: [], subscriptionIds: [[]] },
  { targetSystems: [{}], subscriptionIds: 'x' },
  { from: 1, to: [], severity: {}, logger: 2 },
  { 'not-a-uuid': 1, 'd2fefc6a-f563-40a2-9ce4-3512c2887755': 'x' },
  { deep: { deeper: { deepest: [[[[null]]]] } } },
];

describe('malformed input', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await TestService.start();
  });
  afterAll(async () => service?.close());

  describe.each(TRANSPORTS)('over %s', (transport) => {
    it.each(OPERATIONS.map((operation) => [operation.path, operation]))('%s answers every wrong shape with a 4xx ErrorResponse', async (_, operation) => {
      for (const body of JUNK) {
        const reply = await invoke(service, transport, { ...operation, body });
        if (reply.status >= 300) {
          expect([JSON.stringify(body), reply.status < 500]).toEqual([JSON.stringify(body), true]);
          expect(reply.body).toMatchObject({ errorMessage: expect.any(String), errorCode: reply.status, exceptionType: expect.any(String) });
        }
      }
    });
  });

  it.each(LIST_OPERATIONS.map((operation) => [operation.topic, operation]))('%s answers wrong MQTT payloads with 4xx', async (_, operation) => {
    for (const payload of JUNK) {
      const reply = await service.mqtt(operation.topic, { payload, params: 'params' in operation ? operation.params : undefined });
      if (reply.status >= 300) {
        expect([JSON.stringify(payload), reply.status < 500]).toEqual([JSON.stringify(payload), true]);
      }
    }
  });

  it('still answers afterwards', async () => {
    expect((await service.mqtt(`${T}/monitor/echo`)).payload).toBe('Got it');
  });
});
