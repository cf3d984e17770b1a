/**
 * Pull latency against a store of N rules: seeds the store, then times pulls over HTTP.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:pull -- 1000 1000000
 *
 * Each size: N rules for N/10 consumers (10 rules each, two service definitions), ANALYZE, a
 * warm-up, then sequential pulls by random consumers for one service definition, and the same
 * again with 16 in flight. Prints p50/p99 per size. Needs a PostgreSQL (seeding a million rows
 * into the embedded one takes long); it empties the store and job tables of that database.
 */
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { startService } from '../src/bootstrap';
import { loadConfig } from '../src/config/app-config';

const PULLS = Number(process.env.BENCH_PULLS ?? 3000);
const WARM_UP = 300;
const CONCURRENCY = 16;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function seed(dataSource: DataSource, rules: number): Promise<void> {
  await dataSource.query('TRUNCATE orchestration_store, orchestration_job, orchestration_lock');
  // Consumer g/10 gets ten rules: two definitions, priorities 1..5 each.
  await dataSource.query(
    `INSERT INTO orchestration_store (id, consumer, service_definition, service_instance_id, priority, created_by, updated_by, created_at, updated_at)
     SELECT gen_random_uuid(), 'Consumer' || (g / 10), 'svc' || (g % 2), 'Provider' || g || '|svc' || (g % 2) || '|1.0.0',
            (g % 10) / 2 + 1, 'Sysop', 'Sysop', now(), now()
     FROM generate_series(0, $1 - 1) AS g`,
    [rules],
  );
  await dataSource.query('ANALYZE orchestration_store');
}

async function timePulls(baseUrl: string, consumers: number, count: number, inFlight: number): Promise<number[]> {
  const latencies: number[] = [];
  let issued = 0;
  const worker = async () => {
    while (issued < count) {
      issued++;
      const consumer = `Consumer${Math.floor(Math.random() * consumers)}`;
      const started = process.hrtime.bigint();
      const response = await fetch(`${baseUrl}/serviceorchestration/orchestration/pull`, {
        method: 'POST',
        headers: { Authorization: `Bearer SYSTEM//${consumer}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ serviceRequirement: { serviceDefinition: 'svc1' } }),
      });
      const body = (await response.json()) as { results: unknown[] };
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (response.status !== 200 || body.results.length !== 5) {
        throw new Error(`Unexpected pull answer for ${consumer}: ${response.status} ${JSON.stringify(body)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return latencies.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('Set BENCH_DATABASE_URL to the PostgreSQL to benchmark on (its store and job tables are emptied)');
  const sizes = process.argv.slice(2).map(Number).filter((size) => size >= 10);
  Logger.overrideLogger(['error']);
  const service = await startService(
    loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', SERVER_ADDRESS: '127.0.0.1', MQTT_ENABLED: 'false' }),
    { logger: false },
  );
  const baseUrl = `http://127.0.0.1:${service.httpPort}`;
  const dataSource = service.app.get(DataSource);
  try {
    console.log(`pulls per measurement: ${PULLS}; node ${process.version}`);
    for (const rules of sizes.length > 0 ? sizes : [1000, 1_000_000]) {
      const seeding = Date.now();
      await seed(dataSource, rules);
      const consumers = rules / 10;
      console.log(`\n${rules} rules (${consumers} consumers), seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
      await timePulls(baseUrl, consumers, WARM_UP, 1);
      for (const inFlight of [1, CONCURRENCY]) {
        const started = Date.now();
        const latencies = await timePulls(baseUrl, consumers, PULLS, inFlight);
        const seconds = (Date.now() - started) / 1000;
        console.log(
          `  ${String(inFlight).padStart(2)} in flight: p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms, ${(PULLS / seconds).toFixed(0)} pulls/s`,
        );
      }
      const plan = await dataSource.query(
        `EXPLAIN SELECT * FROM orchestration_store WHERE consumer = 'Consumer1' AND service_definition = 'svc1' ORDER BY priority, id`,
      );
      console.log(`  plan: ${plan.map((row: Record<string, string>) => row['QUERY PLAN'].trim()).join(' | ')}`);
    }
  } finally {
    await dataSource.query('TRUNCATE orchestration_store, orchestration_job');
    await service.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
