/** HTTP base paths and MQTT base topics of SPEC.md §2 (note `mgmt` vs `management`). */
export const HTTP_BASE = '/serviceorchestration';
export const MQTT_BASE = 'arrowhead/serviceorchestration';

export const ROUTES = {
  orchestration: { http: `${HTTP_BASE}/orchestration`, mqtt: `${MQTT_BASE}/orchestration` },
  simpleStore: { http: `${HTTP_BASE}/orchestration/mgmt/simple-store`, mqtt: `${MQTT_BASE}/orchestration/management/store` },
  push: { http: `${HTTP_BASE}/orchestration/mgmt/push`, mqtt: `${MQTT_BASE}/orchestration/management/push` },
  history: { http: `${HTTP_BASE}/orchestration/mgmt/history`, mqtt: `${MQTT_BASE}/orchestration/management/history` },
  lockManagement: { http: `${HTTP_BASE}/orchestration/mgmt/lock`, mqtt: `${MQTT_BASE}/orchestration/management/lock` },
  generalManagement: { http: `${HTTP_BASE}/general/mgmt`, mqtt: `${MQTT_BASE}/general/management` },
  monitor: { http: `${HTTP_BASE}/monitor`, mqtt: `${MQTT_BASE}/monitor` },
} as const;
