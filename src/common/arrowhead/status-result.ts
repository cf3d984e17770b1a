/**
 * A result whose success status depends on what happened (subscribe: 201 new / 200 replaced;
 * unsubscribe: 200 removed / 204 nothing to remove). Services return it; the interceptor below
 * ArrowheadExpressAdapter.reply applies it on HTTP and the MQTT server reads it for the reply.
 */
export class StatusResult<T = unknown> {
  constructor(
    readonly status: number,
    readonly body?: T,
    /** HTTP Content-Type of a successful answer (errors stay JSON); MQTT payloads are always JSON. */
    readonly httpContentType?: string,
  ) {}
}
