import { QueryFailedError } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

/** A unique constraint refused the write (possibly only at COMMIT, for deferred constraints). */
export function isUniqueViolation(error: unknown): boolean {
  // TypeORM wraps the driver's error; constant statements (src/database/constant-query.ts) get it bare.
  const driverError = error instanceof QueryFailedError ? error.driverError : error;
  return (driverError as { code?: string } | null)?.code === UNIQUE_VIOLATION;
}
