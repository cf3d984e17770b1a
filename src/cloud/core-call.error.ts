/**
 * A call to another core system that did not give the answer asked for. `status` is the peer's
 * HTTP status, or undefined when no answer came (refused, timed out) or the system was not found.
 * The message is for the log and for start-up errors, never for this service's own callers.
 */
export class CoreCallError extends Error {
  constructor(
    message: string,
    readonly kind: 'not-found' | 'unreachable' | 'answered',
    readonly status?: number,
    readonly errorMessage?: string,
  ) {
    super(message);
    this.name = 'CoreCallError';
  }
}

/** Start-up cannot join the local cloud; main.ts logs the message as one ERROR line and exits non-zero. */
export class CloudJoinError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloudJoinError';
  }
}
