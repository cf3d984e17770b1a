/** HTTP base paths and MQTT base topics of SPEC.md §2 (note `mgmt` vs `management`). */
export const HTTP_BASE = '/serviceorchestration';
export const MQTT_BASE = 'arrowhead/serviceorchestration';

export const ROUTES = {
  lockManagement: { http: `${HTTP_BASE}/orchestration/mgmt/lock`, mqtt: `${MQTT_BASE}/orchestration/management/lock` },
  monitor: { http: `${HTTP_BASE}/monitor`, mqtt: `${MQTT_BASE}/monitor` },
} as const;
