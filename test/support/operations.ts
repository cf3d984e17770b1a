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
