/**
 * MQTT request/response round trips through a broker: sequential lock queries and pulls.
 *
 *   BENCH_DATABASE_URL=postgres://… BENCH_MQTT_URL=mqtt://127.0.0.1:1883 npm run bench:mqtt
 *
 * Without BENCH_MQTT_URL the service's embedded broker is used. Prints p50/p99 per operation.
 */
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { connect } from 'mqtt';
import { startService } from '../src/bootstrap';
import { loadConfig } from '../src/config/app-config';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) throw new Error('Set BENCH_DATABASE_URL to a PostgreSQL to benchmark on');
  Logger.overrideLogger(['error']);
  const service = await startService(
    loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', MQTT_PORT: '0', ...(process.env.BENCH_MQTT_URL ? { MQTT_URL: process.env.BENCH_MQTT_URL } : {}) }),
    { logger: false },
  );
  const client = connect(service.mqttUrl!);
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  const replyTopic = `bench-${randomBytes(4).toString('hex')}/reply`;
  await client.subscribeAsync(replyTopic, { qos: 0 });
  let waiting: (() => void) | undefined;
  client.on('message', () => waiting?.());
  try {
    for (const [name, topic, authentication, payload] of [
      ['monitor echo', 'arrowhead/serviceorchestration/monitor/echo', 'SYSTEM//Bench', undefined],
      ['lock query', 'arrowhead/serviceorchestration/orchestration/management/lock/query', 'SYSTEM//Sysop', { owners: ['Nobody'] }],
      ['pull', 'arrowhead/serviceorchestration/orchestration/pull', 'SYSTEM//Consumer1', { serviceRequirement: { serviceDefinition: 'svc1' } }],
    ] as const) {
      const latencies: number[] = [];
      for (let i = 0; i < REQUESTS + 200; i++) {
        const started = process.hrtime.bigint();
        await new Promise<void>((resolve) => {
          waiting = resolve;
          client.publish(topic, JSON.stringify({ authentication, responseTopic: replyTopic, qosRequirement: 0, payload }), { qos: 0 });
        });
        if (i >= 200) latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      latencies.sort((a, b) => a - b);
      const at = (p: number) => latencies[Math.floor((p / 100) * latencies.length)].toFixed(2);
      console.log(`${name.padEnd(13)} p50 ${at(50)} ms, p99 ${at(99)} ms (${REQUESTS} sequential requests via ${service.mqttUrl})`);
    }
  } finally {
    await client.endAsync();
    await service.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
