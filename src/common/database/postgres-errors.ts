import { QueryFailedError } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

/** A unique constraint refused the write (possibly only at COMMIT, for deferred constraints). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === UNIQUE_VIOLATION;
}
