import { HTTP_BASE, MQTT_BASE, ROUTES } from '../common/arrowhead/routes';

/** One service as registered in the Service Registry (SPEC-cloud.md §3.4): HTTP operations and MQTT operation names. */
export interface RegisteredService {
  definition: string;
  metadata: Record<string, unknown>;
  basePath: string;
  operations: Record<string, { path: string; method: string }>;
  baseTopic: string;
}

const op = (method: string, path: string) => ({ path, method });

/**
 * The six services in the reference's order (generalManagement, push, simple-store, lock,
 * history, serviceOrchestration); `monitor` is not registered, as in the reference. Push
 * `unsubscribe` is registered as served (`/unsubscribe`), `{id}`/`{owner}` literally.
 */
export const REGISTERED_SERVICES: readonly RegisteredService[] = [
  {
    definition: ROUTES.generalManagement.service,
    metadata: {},
    basePath: `${HTTP_BASE}/general/mgmt`,
    operations: { 'get-log': op('POST', '/logs'), 'get-config': op('GET', '/get-config') },
    baseTopic: `${MQTT_BASE}/general/management/`,
  },
  {
    definition: ROUTES.push.service,
    metadata: {},
    basePath: ROUTES.push.http,
    operations: { subscribe: op('POST', '/subscribe'), unsubscribe: op('DELETE', '/unsubscribe'), trigger: op('POST', '/trigger'), query: op('POST', '/query') },
    baseTopic: `${ROUTES.push.mqtt}/`,
  },
  {
    definition: ROUTES.simpleStore.service,
    metadata: {},
    basePath: ROUTES.simpleStore.http,
    operations: { query: op('POST', '/query'), create: op('POST', '/create'), 'modify-priorities': op('PUT', '/modify-priorities'), remove: op('DELETE', '/remove') },
    baseTopic: `${ROUTES.simpleStore.mqtt}/`,
  },
  {
    definition: ROUTES.lockManagement.service,
    metadata: {},
    basePath: ROUTES.lockManagement.http,
    operations: { create: op('POST', '/create'), query: op('POST', '/query'), remove: op('DELETE', '/remove/{owner}') },
    baseTopic: `${ROUTES.lockManagement.mqtt}/`,
  },
  {
    definition: ROUTES.history.service,
    metadata: {},
    basePath: ROUTES.history.http,
    operations: { query: op('POST', '/query') },
    baseTopic: `${ROUTES.history.mqtt}/`,
  },
  {
    definition: ROUTES.orchestration.service,
    metadata: { orchestrationStrategy: 'simpleStore', unrestrictedDiscovery: true },
    basePath: ROUTES.orchestration.http,
    operations: { pull: op('POST', '/pull'), subscribe: op('POST', '/subscribe'), unsubscribe: op('DELETE', '/unsubscribe/{id}') },
    baseTopic: `${ROUTES.orchestration.mqtt}/`,
  },
];
