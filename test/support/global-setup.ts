import { connect } from 'mqtt';
import { Client } from 'pg';

/**
 * When the tests are pointed at a real PostgreSQL or broker, make sure they are there before any
 * test starts, and say plainly which one is missing.
 */
export default async function globalSetup(): Promise<void> {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const mqttUrl = process.env.TEST_MQTT_URL;
  const problems: string[] = [];

  if (databaseUrl) {
    const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } catch (error) {
      problems.push(`TEST_DATABASE_URL=${databaseUrl} is set, but PostgreSQL there is not reachable: ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  if (mqttUrl) {
    await new Promise<void>((resolve) => {
      const client = connect(mqttUrl, { connectTimeout: 5000, reconnectPeriod: 0 });
      let settled = false;
      const fail = (reason: string) => {
        if (settled) return;
        settled = true;
        problems.push(`TEST_MQTT_URL=${mqttUrl} is set, but the MQTT broker there is not reachable: ${reason}`);
        client.end(true);
        resolve();
      };
      client.once('connect', () => {
        settled = true;
        client.end(true, {}, () => resolve());
      });
      client.once('error', (error) => fail(error.message));
      client.once('close', () => fail('connection closed'));
    });
  }

  if (problems.length > 0) {
    throw new Error(problems.join('\n'));
  }
  const mode = `database: ${databaseUrl ? 'PostgreSQL at TEST_DATABASE_URL' : 'embedded PGlite'}; broker: ${mqttUrl ? 'MQTT broker at TEST_MQTT_URL' : 'embedded aedes'}`;
  console.log(`\nEnd-to-end tests use ${mode}\n`);
}
