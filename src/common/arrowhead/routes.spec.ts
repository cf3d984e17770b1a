import { routeOfPath, routeOfTopic, serviceOperationOf } from './routes';

describe('serviceOperationOf', () => {
  it.each([
    ['arrowhead/serviceorchestration/orchestration/pull', 'serviceOrchestration', 'pull'],
    ['arrowhead/serviceorchestration/orchestration/management/lock/query', 'serviceOrchestrationLockManagement', 'query'],
    ['arrowhead/serviceorchestration/orchestration/management/store/modify-priorities', 'serviceOrchestrationSimpleStoreManagement', 'modify-priorities'],
    ['arrowhead/serviceorchestration/orchestration/management/push/trigger', 'serviceOrchestrationPushManagement', 'trigger'],
    ['arrowhead/serviceorchestration/orchestration/management/history/query', 'serviceOrchestrationHistoryManagement', 'query'],
    ['arrowhead/serviceorchestration/general/management/get-log', 'generalManagement', 'get-log'],
  ])('%s → %s / %s', (topic, serviceDefinition, operation) => {
    expect(serviceOperationOf(topic)).toEqual({ serviceDefinition, operation });
  });

  it('knows nothing of foreign topics', () => {
    expect(serviceOperationOf('arrowhead/serviceregistry/service-discovery/register')).toBeNull();
  });
});

describe('routeOfPath / routeOfTopic (the declared service of a route template or topic)', () => {
  it.each([
    ['/serviceorchestration/orchestration/pull', 'serviceOrchestration', false],
    ['/serviceorchestration/orchestration/unsubscribe/:id', 'serviceOrchestration', false],
    ['/serviceorchestration/orchestration/mgmt/lock/remove/:owner', 'serviceOrchestrationLockManagement', true],
    ['/serviceorchestration/general/mgmt/get-config', 'generalManagement', true],
    ['/serviceorchestration/monitor/echo', 'monitor', false],
  ])('%s → %s (management %s)', (path, service, management) => {
    expect(routeOfPath(path)).toMatchObject({ service, management });
  });

  it('matches exactly, letter case included', () => {
    expect(routeOfPath('/serviceorchestration/orchestration/MGMT/lock/query')?.service).toBe('serviceOrchestration');
    expect(routeOfPath('/SERVICEORCHESTRATION/orchestration/pull')).toBeNull();
    expect(routeOfTopic('arrowhead/serviceorchestration/orchestration/MANAGEMENT/lock/query')?.management).toBe(false);
  });
});
