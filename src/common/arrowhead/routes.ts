/** HTTP base paths and MQTT base topics of SPEC.md §2 (note `mgmt` vs `management`). */
export const HTTP_BASE = '/serviceorchestration';
export const MQTT_BASE = 'arrowhead/serviceorchestration';

/**
 * One service of SPEC.md §2. `management` is the declaration the management policy (SPEC.md §6),
 * the API description and the metrics read: never the request's URL or topic text, whose letter
 * case or spelling a client chooses.
 */
export interface ServiceRoute {
  service: string;
  http: string;
  mqtt: string;
  management: boolean;
}

export const ROUTES = {
  orchestration: { service: 'serviceOrchestration', http: `${HTTP_BASE}/orchestration`, mqtt: `${MQTT_BASE}/orchestration`, management: false },
  simpleStore: {
    service: 'serviceOrchestrationSimpleStoreManagement',
    http: `${HTTP_BASE}/orchestration/mgmt/simple-store`,
    mqtt: `${MQTT_BASE}/orchestration/management/store`,
    management: true,
  },
  push: {
    service: 'serviceOrchestrationPushManagement',
    http: `${HTTP_BASE}/orchestration/mgmt/push`,
    mqtt: `${MQTT_BASE}/orchestration/management/push`,
    management: true,
  },
  history: {
    service: 'serviceOrchestrationHistoryManagement',
    http: `${HTTP_BASE}/orchestration/mgmt/history`,
    mqtt: `${MQTT_BASE}/orchestration/management/history`,
    management: true,
  },
  lockManagement: {
    service: 'serviceOrchestrationLockManagement',
    http: `${HTTP_BASE}/orchestration/mgmt/lock`,
    mqtt: `${MQTT_BASE}/orchestration/management/lock`,
    management: true,
  },
  generalManagement: { service: 'generalManagement', http: `${HTTP_BASE}/general/mgmt`, mqtt: `${MQTT_BASE}/general/management`, management: true },
  monitor: { service: 'monitor', http: `${HTTP_BASE}/monitor`, mqtt: `${MQTT_BASE}/monitor`, management: false },
} as const satisfies Record<string, ServiceRoute>;

// The longest base wins: the orchestration base is a prefix of the management ones.
const BY_TOPIC_LENGTH: readonly ServiceRoute[] = [...Object.values(ROUTES)].sort((a, b) => b.mqtt.length - a.mqtt.length);
const BY_PATH_LENGTH: readonly ServiceRoute[] = [...Object.values(ROUTES)].sort((a, b) => b.http.length - a.http.length);

/** The service a declared MQTT topic belongs to, or null. */
export function routeOfTopic(topic: string): ServiceRoute | null {
  return BY_TOPIC_LENGTH.find((route) => topic.startsWith(`${route.mqtt}/`)) ?? null;
}

/** The service a declared HTTP route path (the registered template, not a raw URL) belongs to, or null. */
export function routeOfPath(path: string): ServiceRoute | null {
  return BY_PATH_LENGTH.find((route) => path.startsWith(`${route.http}/`)) ?? null;
}

/** The (service definition, operation) an MQTT topic stands for, e.g. for ConsumerAuthorization. */
export function serviceOperationOf(topic: string): { serviceDefinition: string; operation: string } | null {
  const route = routeOfTopic(topic);
  return route ? { serviceDefinition: route.service, operation: topic.slice(route.mqtt.length + 1) } : null;
}
