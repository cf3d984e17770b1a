import { usingRealBroker, usingRealDatabase } from './service';

/**
 * Runs `body` when what it needs is there; otherwise jest counts its tests as skipped, and the run
 * says why. Concurrency proves nothing on the embedded database (PGlite serves one connection, so
 * everything is serialized) and shared subscriptions need a real broker.
 */
export function describeIf(condition: boolean, needs: string, name: string, body: () => void): void {
  if (!condition) {
    console.warn(`SKIPPED "${name}": it needs ${needs} (CI sets it).`);
  }
  const describeOrSkip = condition ? describe : describe.skip;
  describeOrSkip(`${name} (needs ${needs})`, body);
}

export function describeOnRealDatabase(name: string, body: () => void): void {
  describeIf(usingRealDatabase, 'TEST_DATABASE_URL (a real PostgreSQL)', name, body);
}

export function describeOnRealBroker(name: string, body: () => void): void {
  describeIf(usingRealBroker, 'TEST_MQTT_URL (a real MQTT broker)', name, body);
}
