import { TestService } from './service';

export type Transport = 'http' | 'mqtt';
export const TRANSPORTS: Transport[] = ['http', 'mqtt'];

export interface Reply {
  status: number;
  body: any;
}

export interface Caller {
  /** `Bearer SYSTEM//<name>`-style header on HTTP; the part after `Bearer ` goes to MQTT. */
  authorization?: string | null;
}

/** Identity as each transport carries it; null means "send none". */
function credentials(transport: Transport, caller: Caller): string | undefined {
  const authorization = caller.authorization === undefined ? 'Bearer SYSTEM//Sysop' : caller.authorization;
  if (authorization === null) return undefined;
  return transport === 'http' ? authorization : authorization.replace(/^Bearer /, '');
}

/**
 * One operation invoked the way a client would on either transport, so that a test table can
 * assert the same contract over HTTP and MQTT: against the whole service (TestService) or the
 * pipeline around stubbed services (ContractApp).
 */
export async function invoke(
  service: Pick<TestService, 'http' | 'mqtt'>,
  transport: Transport,
  operation: {
    method: 'GET' | 'POST' | 'PUT' | 'DELETE';
    path: string;
    topic: string;
    body?: unknown;
    /** HTTP query string (without `?`); on MQTT the list goes into the payload instead. */
    query?: string;
    params?: Record<string, unknown>;
  },
  caller: Caller = {},
): Promise<Reply> {
  const auth = credentials(transport, caller);
  if (transport === 'http') {
    const url = operation.query ? `${operation.path}?${operation.query}` : operation.path;
    let call = service.http[operation.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](url);
    if (auth !== undefined) call = call.set('Authorization', auth);
    // JSON text, so that any JSON value (a bare number, a string) can be the body.
    const response = operation.body === undefined ? await call : await call.set('Content-Type', 'application/json').send(JSON.stringify(operation.body));
    const isJson = /json/.test(response.headers['content-type'] ?? '');
    return { status: response.status, body: isJson ? response.body : response.text };
  }
  const reply = await service.mqtt(operation.topic, {
    authentication: auth,
    params: operation.params,
    payload: operation.body,
  });
  return { status: reply.status, body: reply.payload };
}

/** How an operation carries its input (SPEC.md §4.5). */
export type OperationInput =
  /** The HTTP body and the MQTT payload. */
  | { kind: 'body' }
  /** An HTTP query list (`?name=a&name=b`) and the MQTT payload as a JSON array. */
  | { kind: 'list'; query: string }
  /** An HTTP path segment (appended to `path`) and the MQTT payload as a string. */
  | { kind: 'path' }
  /** Nothing (monitor echo). */
  | { kind: 'none' };

export interface OperationSpec {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  topic: string;
  input: OperationInput;
  /** MQTT `params` the operation needs (their HTTP counterpart is already in `path`). */
  params?: Record<string, string>;
  /** A valid input, the starting point for generated variations. */
  sample?: unknown;
}

const H = '/serviceorchestration';
const T = 'arrowhead/serviceorchestration';
const UUID = 'd2fefc6a-f563-40a2-9ce4-3512c2887755';
const ORCHESTRATION_REQUEST = {
  serviceRequirement: { serviceDefinition: 'kelvinInfo', preferredProviders: ['TemperatureProvider1'] },
  orchestrationFlags: { MATCHMAKING: true },
};
const PAGE = { page: 0, size: 10, direction: 'ASC', sortField: 'id' };

/** Every operation of SPEC.md §2, as a client calls it on either transport. */
export const OPERATIONS: OperationSpec[] = [
  { name: 'pull', method: 'POST', path: `${H}/orchestration/pull`, topic: `${T}/orchestration/pull`, input: { kind: 'body' }, sample: ORCHESTRATION_REQUEST },
  {
    name: 'subscribe',
    method: 'POST',
    path: `${H}/orchestration/subscribe`,
    topic: `${T}/orchestration/subscribe`,
    input: { kind: 'body' },
    sample: { orchestrationRequest: ORCHESTRATION_REQUEST, notifyInterface: { protocol: 'MQTT', properties: { topic: 'consumer/notify' } }, duration: 60 },
  },
  { name: 'unsubscribe', method: 'DELETE', path: `${H}/orchestration/unsubscribe/`, topic: `${T}/orchestration/unsubscribe`, input: { kind: 'path' }, sample: UUID },
  {
    name: 'store query',
    method: 'POST',
    path: `${H}/orchestration/mgmt/simple-store/query`,
    topic: `${T}/orchestration/management/store/query`,
    input: { kind: 'body' },
    sample: { consumerNames: ['TemperatureConsumer'], minPriority: 1, maxPriority: 5, pagination: PAGE },
  },
  {
    name: 'store create',
    method: 'POST',
    path: `${H}/orchestration/mgmt/simple-store/create`,
    topic: `${T}/orchestration/management/store/create`,
    input: { kind: 'body' },
    sample: { entries: [{ consumer: 'TemperatureConsumer', serviceInstanceId: 'TemperatureProvider1|kelvinInfo|1.0.0', priority: 1 }] },
  },
  {
    name: 'store modify-priorities',
    method: 'PUT',
    path: `${H}/orchestration/mgmt/simple-store/modify-priorities`,
    topic: `${T}/orchestration/management/store/modify-priorities`,
    input: { kind: 'body' },
    sample: { [UUID]: 2 },
  },
  { name: 'store remove', method: 'DELETE', path: `${H}/orchestration/mgmt/simple-store/remove`, topic: `${T}/orchestration/management/store/remove`, input: { kind: 'list', query: 'uuids' }, sample: [UUID] },
  {
    name: 'lock create',
    method: 'POST',
    path: `${H}/orchestration/mgmt/lock/create`,
    topic: `${T}/orchestration/management/lock/create`,
    input: { kind: 'body' },
    sample: { locks: [{ serviceInstanceId: 'TemperatureProvider1|kelvinInfo|1.0.0', owner: 'Owner', expiresAt: '2099-01-01T00:00:00Z' }] },
  },
  {
    name: 'lock query',
    method: 'POST',
    path: `${H}/orchestration/mgmt/lock/query`,
    topic: `${T}/orchestration/management/lock/query`,
    input: { kind: 'body' },
    sample: { owners: ['Owner'], serviceInstanceIds: ['TemperatureProvider1|kelvinInfo|1.0.0'], pagination: PAGE },
  },
  {
    name: 'lock remove',
    method: 'DELETE',
    path: `${H}/orchestration/mgmt/lock/remove/Owner`,
    topic: `${T}/orchestration/management/lock/remove`,
    input: { kind: 'list', query: 'instanceIds' },
    params: { owner: 'Owner' },
    sample: ['TemperatureProvider1|kelvinInfo|1.0.0'],
  },
  {
    name: 'push subscribe',
    method: 'POST',
    path: `${H}/orchestration/mgmt/push/subscribe`,
    topic: `${T}/orchestration/management/push/subscribe`,
    input: { kind: 'body' },
    sample: {
      subscriptions: [
        {
          targetSystemName: 'TemperatureConsumer',
          orchestrationRequest: ORCHESTRATION_REQUEST,
          notifyInterface: { protocol: 'HTTP', properties: { address: 'consumer.example', port: '8080', method: 'POST', path: '/notify' } },
        },
      ],
    },
  },
  { name: 'push unsubscribe', method: 'DELETE', path: `${H}/orchestration/mgmt/push/unsubscribe`, topic: `${T}/orchestration/management/push/unsubscribe`, input: { kind: 'list', query: 'ids' }, sample: [UUID] },
  {
    name: 'push trigger',
    method: 'POST',
    path: `${H}/orchestration/mgmt/push/trigger`,
    topic: `${T}/orchestration/management/push/trigger`,
    input: { kind: 'body' },
    sample: { targetSystems: ['TemperatureConsumer'], subscriptionIds: [UUID] },
  },
  {
    name: 'push query',
    method: 'POST',
    path: `${H}/orchestration/mgmt/push/query`,
    topic: `${T}/orchestration/management/push/query`,
    input: { kind: 'body' },
    sample: { ownerSystems: ['Sysop'], targetSystems: ['TemperatureConsumer'], serviceDefinitions: ['kelvinInfo'], pagination: PAGE },
  },
  {
    name: 'history query',
    method: 'POST',
    path: `${H}/orchestration/mgmt/history/query`,
    topic: `${T}/orchestration/management/history/query`,
    input: { kind: 'body' },
    sample: { ids: [UUID], statuses: ['DONE'], type: 'PULL', subscriptionIds: [UUID], pagination: PAGE },
  },
  {
    name: 'get-log',
    method: 'POST',
    path: `${H}/general/mgmt/logs`,
    topic: `${T}/general/management/get-log`,
    input: { kind: 'body' },
    sample: { from: '2020-01-01T00:00:00Z', to: '2099-01-01T00:00:00Z', severity: 'WARN', logger: 'Cleaner', pagination: PAGE },
  },
  { name: 'get-config', method: 'GET', path: `${H}/general/mgmt/get-config`, topic: `${T}/general/management/get-config`, input: { kind: 'list', query: 'keys' }, sample: ['server.port'] },
  { name: 'echo', method: 'GET', path: `${H}/monitor/echo`, topic: `${T}/monitor/echo`, input: { kind: 'none' } },
];
