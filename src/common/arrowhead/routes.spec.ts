import { serviceOperationOf } from './routes';

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
