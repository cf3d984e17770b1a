/**
 * A start-up failure the operator fixes: bad configuration, a busy port, a database or broker
 * that cannot be reached. main.ts reports it by its message alone; any other error is a bug and
 * is printed with its stack. A type, not a pattern on messages, so that rewording a message
 * cannot turn an operator's problem into a stack trace (or the other way round).
 */
export class StartupError extends Error {}

/** A dependency the configuration names (PostgreSQL, the MQTT broker) could not be reached. */
export class UnreachableDependencyError extends StartupError {}

/** What main.ts prints when the service could not start. */
export function startupFailureReport(error: unknown): unknown {
  return error instanceof StartupError ? `Start-up failed: ${error.message}` : error;
}
