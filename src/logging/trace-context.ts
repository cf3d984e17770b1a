import { AsyncLocalStorage } from 'node:async_hooks';

/** The request a log line belongs to: the MQTT request's traceId, or the HTTP request id. */
export interface TraceContext {
  traceId: string;
}

const storage = new AsyncLocalStorage<TraceContext>();

export function runWithTrace<T>(traceId: string, work: () => T): T {
  return storage.run({ traceId }, work);
}

export function currentTraceId(): string | undefined {
  return storage.getStore()?.traceId;
}

/** Runs `work` outside any request (timers started there do not carry the current traceId). */
export function outsideTrace<T>(work: () => T): T {
  return storage.exit(work);
}
