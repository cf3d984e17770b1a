import { Logger } from '@nestjs/common';

/**
 * What to do with a promise rejection nobody handled: log it and keep serving. Node's default
 * ends the process, which would let any input that reaches a forgotten `await` take every replica
 * down. The line carries no traceId: which request left the promise behind is not known here
 * (trace-context.ts: trace ids travel with requests, not with promises); the stack tells where.
 */
export function unhandledRejectionReporter(logger = new Logger('Process')): (reason: unknown) => void {
  return (reason: unknown) => {
    const error = reason instanceof Error ? reason : new Error(String(reason));
    logger.error(`Unhandled promise rejection (the service keeps running): ${error.message}`, error.stack);
  };
}

/** Installs the reporter for the whole process (main.ts; tests start services without it). */
export function reportUnhandledRejections(): void {
  process.on('unhandledRejection', unhandledRejectionReporter());
}
