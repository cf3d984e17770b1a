import { ArrowheadException, ExceptionType } from '../../src/common/arrowhead/arrowhead.exception';
import { AppConfig, loadConfig } from '../../src/config/app-config';

/**
 * Helpers for unit tables (src/**\/*.spec.ts): pure functions, no Nest container, no database.
 */

/** The configuration a default deployment has, with `env` on top (as environment variables). */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({ DATA_DIR: '/nonexistent', ...env });
}

/** Runs `fn`, expects it to throw a 400 INVALID_PARAMETER ArrowheadException, returns its message. */
export function rejection(fn: () => unknown): string {
  let result: unknown;
  try {
    result = fn();
  } catch (error) {
    if (!(error instanceof ArrowheadException)) throw error;
    expect({ type: error.exceptionType, status: error.status }).toEqual({ type: ExceptionType.INVALID_PARAMETER, status: 400 });
    return error.message;
  }
  throw new Error(`expected a 400 ArrowheadException, got a result: ${JSON.stringify(result)}`);
}
