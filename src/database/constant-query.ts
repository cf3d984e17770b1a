import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs constant SQL on the data source's own `pg` pool, bypassing TypeORM's per-query runner
 * (connect, log, release) and query building: for the few hot-path statements. Unnamed on
 * purpose: a named statement that once failed leaves the embedded PGlite connection broken.
 */
export async function constantQuery<Row>(dataSource: DataSource, text: string, values: unknown[]): Promise<Row[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const result = await pool.query(text, values);
  return result.rows as Row[];
}
