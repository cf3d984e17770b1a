/** HTTP base paths and MQTT base topics of SPEC.md §2 (note `mgmt` vs `management`). */
export const HTTP_BASE = '/serviceorchestration';
export const MQTT_BASE = 'arrowhead/serviceorchestration';

export const ROUTES = {
  orchestration: { service: 'serviceOrchestration', http: `${HTTP_BASE}/orchestration`, mqtt: `${MQTT_BASE}/orchestration` },
  simpleStore: {
    service: 'serviceOrchestrationSimpleStoreManagement',
    http: `${HTTP_BASE}/orchestration/mgmt/simple-store`,
    mqtt: `${MQTT_BASE}/orchestration/management/store`,
  },
  push: { service: 'serviceOrchestrationPushManagement', http: `${HTTP_BASE}/orchestration/mgmt/push`, mqtt: `${MQTT_BASE}/orchestration/management/push` },
  history: {
    service: 'serviceOrchestrationHistoryManagement',
    http: `${HTTP_BASE}/orchestration/mgmt/history`,
    mqtt: `${MQTT_BASE}/orchestration/management/history`,
  },
  lockManagement: { service: 'serviceOrchestrationLockManagement', http: `${HTTP_BASE}/orchestration/mgmt/lock`, mqtt: `${MQTT_BASE}/orchestration/management/lock` },
  generalManagement: { service: 'generalManagement', http: `${HTTP_BASE}/general/mgmt`, mqtt: `${MQTT_BASE}/general/management` },
  monitor: { service: 'monitor', http: `${HTTP_BASE}/monitor`, mqtt: `${MQTT_BASE}/monitor` },
} as const;

/** The (service definition, operation) an MQTT topic stands for, e.g. for ConsumerAuthorization. */
export function serviceOperationOf(topic: string): { serviceDefinition: string; operation: string } | null {
  // The longest base topic wins: the orchestration base is a prefix of the management ones.
  const route = Object.values(ROUTES)
    .filter((candidate) => topic.startsWith(`${candidate.mqtt}/`))
    .sort((a, b) => b.mqtt.length - a.mqtt.length)[0];
  return route ? { serviceDefinition: route.service, operation: topic.slice(route.mqtt.length + 1) } : null;
}
