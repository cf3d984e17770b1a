import { createHash } from 'node:crypto';
import { DatabaseError, type Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** Data sources on a real PostgreSQL server, where hot statements are prepared once per connection. */
const preparing = new WeakSet<DataSource>();
const statementNames = new Map<string, string>();

/**
 * Lets {@link constantQuery} prepare its statements on this data source (a real PostgreSQL server).
 * Not for the embedded PGlite: there a named statement that once failed leaves the connection broken.
 */
export function prepareConstantStatements(dataSource: DataSource): void {
  preparing.add(dataSource);
}

/** A name derived from the text, so that two statements can never share one. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `ah_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Runs constant SQL on the data source's own `pg` pool, bypassing TypeORM's per-query runner
 * (connect, log, release) and query building: for the few hot-path statements. Prepared where
 * allowed (issue 11: parsing and planning each pull's statement afresh cost PostgreSQL about
 * twice the CPU of executing it).
 */
export async function constantQuery<Row>(dataSource: DataSource, text: string, values: unknown[]): Promise<Row[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const prepare = preparing.has(dataSource);
  // Not pool.query(): it closes the connection after ANY error, so every expected refusal (a lock
  // race's unique violation) cost a new connection and its prepared statements (lock creates
  // fell to ~115/s). An error the server answered leaves the connection fit for the next query.
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const result = prepare ? await client.query({ name: statementName(text), text, values }) : await client.query(text, values);
    return result.rows as Row[];
  } catch (error) {
    if (!(error instanceof DatabaseError)) broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}
