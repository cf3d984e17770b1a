/**
 * The refusal tables of the request parsers (one module per operation family) live here, once:
 * each parser's unit spec runs its rows against the parser, and the contract spec (and, where
 * an e2e spec picks a few, that spec) runs the same rows over HTTP and MQTT.
 */

/** One input a parser refuses: what it is, the request body (or payload), and the spec's text. */
export type Refusal = [name: string, request: unknown, message: string];

/** The naming-convention texts (SPEC-naming.md), followed by the name as normalized. */
export const SYSTEM = 'The specified system name does not match the naming convention: ';
export const DEFINITION = 'The specified service definition name does not match the naming convention: ';
export const INSTANCE_ID = 'The specified service instance identifier does not match the naming convention: ';

/** The rows of `table` named `names` (for a layer that runs a few of them); a name not in the table is an error, not a silently smaller table. */
export function pick(table: Refusal[], names: string[]): Refusal[] {
  const missing = names.filter((name) => !table.some(([rowName]) => rowName === name));
  if (missing.length > 0) throw new Error(`no such rows: ${missing.join(', ')}`);
  return table.filter(([name]) => names.includes(name));
}
