/**
 * The request a log line belongs to travels with the request and is handed to the logger with the
 * line: `logger.warn(traced(traceId, text))`, and AppLogger prints it as the line's traceId (the
 * MQTT request's traceId, or the HTTP X-Request-Id). Not an AsyncLocalStorage: on Node 20 one
 * makes every promise of the process run hooks, which cost 30-40 µs of CPU per pull over HTTP
 * and ~20 µs over MQTT (issue 11, measured A/B), and only the transports, the exception filter
 * and the guard's peer checks log while serving a request; they all have the request at hand
 * (`traceIdOf` in request-context.ts).
 */
export class TracedMessage {
  constructor(
    readonly text: string,
    readonly traceId: string | undefined,
  ) {}

  toString(): string {
    return this.text;
  }
}

export function traced(traceId: string | undefined, text: string): TracedMessage {
  return new TracedMessage(text, traceId);
}
