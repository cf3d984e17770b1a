/**
 * The comparison benchmark: the service against a raw responder (bench/raw-responder.ts) on the
 * same PostgreSQL and the same broker, in alternating rounds, printed as RATIOS (the machine is
 * shared and noisy; a ratio from interleaved rounds survives that, an absolute figure does not).
 *
 *   npm run bench            (builds, then runs this; a few minutes)
 *
 * Environment (all optional):
 *   BENCH_DATABASE_URL  PostgreSQL to use; its store, job and lock tables are emptied
 *                       (default postgres://postgres@127.0.0.1:5432/bench_h7)
 *   BENCH_PORT_BASE     first of the ~40 ports used (default 18700)
 *   BENCH_MQTT_URL      an existing broker to use instead of starting our own mosquitto
 *   BENCH_ROUNDS        alternating rounds per figure (default 3, the median is reported)
 *   BENCH_SECONDS       length of one throughput round (default 3)
 *   BENCH_BIG_RULES     rules of the large store (default 1000000)
 *   BENCH_EMBEDDED_ROUNDS  embedded start-ups from a fresh data directory (default 1: slow)
 *
 * Figures: HTTP pull throughput and p99 at 32 connections; MQTT pull throughput at 32 in flight,
 * QoS 1; pull p50 on one connection with 1k and with 1M rules; lock creates per second (32 in
 * flight, two owners racing for every instance, one winner checked in the database); idle RSS;
 * start-up to ready with an external database and embedded with a fresh data directory.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, MqttClient } from 'mqtt';
import { Pool } from 'pg';

const ROOT = resolve(__dirname, '..');
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/bench_h7';
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 18700);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_MS = Number(process.env.BENCH_SECONDS ?? 3) * 1000;
const BIG_RULES = Number(process.env.BENCH_BIG_RULES ?? 1_000_000);
const CONNECTIONS = 32;
const IN_FLIGHT = 32;
const P50_PULLS = 1000;
const LOCK_INSTANCES = 2000;

const PORTS = {
  service: PORT_BASE + 10,
  raw: PORT_BASE + 20,
  embeddedHttp: PORT_BASE + 30,
  embeddedMqtt: PORT_BASE + 31,
  mosquitto: PORT_BASE + 83,
};
const PULL_PATH = '/serviceorchestration/orchestration/pull';
const SERVICE_TOPIC = 'arrowhead/serviceorchestration/orchestration/pull';
const RAW_TOPIC = `rawbench-${randomBytes(3).toString('hex')}/serviceorchestration/orchestration/pull`;

type Side = 'service' | 'raw';

// ---------------------------------------------------------------- small helpers

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function post(agent: Agent, port: number, path: string, authorization: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const req = httpRequest(
      { agent, host: '127.0.0.1', port, path, method: 'POST', headers: { Authorization: authorization, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

function get(port: number, path: string): Promise<number> {
  return new Promise((done) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', agent: false }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', () => done(0));
    req.setTimeout(2000, () => req.destroy());
    req.end();
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what}: process exited with ${child.exitCode}`);
    if (await check()) return;
    await sleep(10);
  }
  throw new Error(`${what}: not ready within ${timeoutMs} ms`);
}

const CLOCK_TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/** CPU time (user + system) a process has used so far, in µs. */
function cpuUs(pid: number): number {
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
}

/** Runs a round and adds the CPU the answering process spent per request. */
async function withCpu(pid: number, run: () => Promise<Round>): Promise<Round> {
  const before = cpuUs(pid);
  const round = await run();
  return { ...round, cpuUs: (cpuUs(pid) - before) / Math.max(1, round.count) };
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
}

// ---------------------------------------------------------------- processes

function serviceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...extra };
  return env;
}

/** Starts the built service; resolves with the process and the time from spawn to a 200 from /health/ready. */
async function startService(env: NodeJS.ProcessEnv, httpPort: number): Promise<{ child: ChildProcess; readyMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'dist/main.js')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  try {
    await waitFor('service', async () => (await get(httpPort, '/health/ready')) === 200, 60_000, child);
  } catch (error) {
    await stop(child);
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return { child, readyMs: performance.now() - started };
}

async function startRaw(mqttUrl: string | undefined): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench/raw-responder.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', RAW_DATABASE_URL: DATABASE_URL, RAW_PORT: String(PORTS.raw), ...(mqttUrl ? { RAW_MQTT_URL: mqttUrl, RAW_MQTT_TOPIC: RAW_TOPIC } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && done());
    child.once('exit', (code) => fail(new Error(`raw responder exited with ${code}`)));
  });
  return child;
}

async function startMosquitto(): Promise<{ child?: ChildProcess; url: string } | undefined> {
  if (process.env.BENCH_MQTT_URL) return { url: process.env.BENCH_MQTT_URL };
  const binary = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto'].find((path) => spawnSync('test', ['-x', path]).status === 0);
  if (!binary) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'bench-mosquitto-'));
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(config, `listener ${PORTS.mosquitto} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_inflight_messages 0\nmax_queued_messages 10000\n`);
  const child = spawn(binary, ['-c', config], { stdio: 'ignore' });
  const url = `mqtt://127.0.0.1:${PORTS.mosquitto}`;
  await waitFor('mosquitto', async () => {
    const client = connect(url, { reconnectPeriod: 0, connectTimeout: 500 });
    const ok = await new Promise<boolean>((done) => {
      client.once('connect', () => done(true));
      client.once('error', () => done(false));
      client.once('close', () => done(false));
    });
    client.end(true);
    return ok;
  }, 10_000, child);
  return { child, url };
}

// ---------------------------------------------------------------- data

/**
 * N rules over N/10 consumers: each consumer has ten rules over four service definitions
 * (svc0..svc3, priorities 1..3), so 10,000 rules are 1,000 consumers × 4 definitions.
 */
async function seed(pool: Pool, rules: number): Promise<void> {
  await pool.query('TRUNCATE orchestration_store, orchestration_job, orchestration_lock');
  await pool.query(
    `INSERT INTO orchestration_store (id, consumer, service_definition, service_instance_id, priority, created_by, updated_by, created_at, updated_at)
     SELECT gen_random_uuid(), 'Consumer' || (g / 10), 'svc' || (g % 10 % 4), 'Provider' || g || '|svc' || (g % 10 % 4) || '|1.0.0',
            (g % 10) / 4 + 1, 'Sysop', 'Sysop', now(), now()
     FROM generate_series(0, $1::int - 1) AS g`,
    [rules],
  );
  await pool.query('VACUUM ANALYZE orchestration_store');
  // A million-row insert leaves hundreds of MB of dirty buffers; the checkpoint that writes them
  // out would otherwise run during the next measurement (it added ~0.2-0.4 ms to every p50 on
  // both sides). Pulls are measured on a settled database.
  await pool.query('CHECKPOINT').catch((error: Error) => console.error(`  CHECKPOINT refused (${error.message}); p50 figures may include its writes`));
}

/** Pull bodies in rotation: plain, with preferred providers and MATCHMAKING, all definitions. */
function pullBody(consumer: number, turn: number): string {
  switch (turn % 4) {
    case 1:
      return JSON.stringify({ serviceRequirement: { serviceDefinition: 'svc1', preferredProviders: [`Provider${consumer * 10 + 5}`] }, orchestrationFlags: { MATCHMAKING: true } });
    case 3:
      return JSON.stringify({ serviceRequirement: { serviceDefinition: 'svc2', preferredProviders: [`Provider${consumer * 10 + 6}`] }, orchestrationFlags: { ONLY_PREFERRED: true } });
    default:
      return JSON.stringify({ serviceRequirement: { serviceDefinition: 'svc1' } });
  }
}

function checkPull(status: number, text: string): void {
  if (status !== 200) throw new Error(`pull answered ${status}: ${text}`);
  const results = (JSON.parse(text) as { results: unknown[] }).results;
  if (results.length === 0) throw new Error(`pull found nothing: ${text}`);
}

// ---------------------------------------------------------------- load

interface Round {
  perSecond: number;
  p50: number;
  p99: number;
  /** Requests answered in the round. */
  count: number;
  /** CPU (user + system) the answering process spent per request, in µs: steadier than throughput on a shared machine. */
  cpuUs?: number;
}

function summarize(latencies: number[], elapsedMs: number): Round {
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / (elapsedMs / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: latencies.length };
}

/** `connections` keep-alive connections, each issuing pulls back to back, for `durationMs` (or `count` pulls). */
async function httpPulls(port: number, consumers: number, connections: number, limit: { durationMs?: number; count?: number }): Promise<Round> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + (limit.durationMs ?? Infinity);
  let issued = 0;
  const worker = async () => {
    while (performance.now() < deadline && issued < (limit.count ?? Infinity)) {
      const turn = issued++;
      const consumer = Math.floor(Math.random() * consumers);
      const begin = performance.now();
      const { status, text } = await post(agent, port, PULL_PATH, `Bearer SYSTEM//Consumer${consumer}`, pullBody(consumer, turn));
      latencies.push(performance.now() - begin);
      checkPull(status, text);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = performance.now() - started;
  agent.destroy();
  return summarize(latencies, elapsed);
}

/** One MQTT client, `inFlight` QoS 1 requests outstanding, replies QoS 1 on one reply topic. */
async function mqttPulls(client: MqttClient, topic: string, replyTopic: string, consumers: number, inFlight: number, durationMs: number): Promise<Round> {
  const pending = new Map<string, { begin: number; done: () => void }>();
  const onMessage = (channel: string, payload: Buffer) => {
    if (channel !== replyTopic) return;
    const reply = JSON.parse(payload.toString()) as { status: number; traceId: string; payload: unknown };
    const entry = pending.get(reply.traceId);
    if (!entry) return;
    pending.delete(reply.traceId);
    checkPull(reply.status, JSON.stringify(reply.payload));
    latencies.push(performance.now() - entry.begin);
    entry.done();
  };
  client.on('message', onMessage);
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  let issued = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const turn = issued++;
      const consumer = Math.floor(Math.random() * consumers);
      const traceId = `t${turn}-${randomBytes(3).toString('hex')}`;
      await new Promise<void>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no MQTT reply to ${traceId} within 10 s`)), 10_000);
        pending.set(traceId, { begin: performance.now(), done: () => (clearTimeout(timer), done()) });
        const payload = JSON.parse(pullBody(consumer, turn));
        client.publish(topic, JSON.stringify({ traceId, authentication: `SYSTEM//Consumer${consumer}`, responseTopic: replyTopic, qosRequirement: 1, payload }), { qos: 1 });
      });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = performance.now() - started;
  client.off('message', onMessage);
  return summarize(latencies, elapsed);
}

/**
 * Lock creates, one lock per request, 32 in flight: two owners race for each of LOCK_INSTANCES
 * instances. Afterwards the database must hold exactly one lock per instance, owned by the
 * request that got the 201, and every loser must have had the "Already locked" 400.
 */
async function lockCreates(pool: Pool, port: number): Promise<{ perSecond: number; verdict: string }> {
  await pool.query('TRUNCATE orchestration_lock');
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const expiresAt = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const requests = Array.from({ length: LOCK_INSTANCES * 2 }, (_, index) => ({
    instance: `Lockprovider${index >> 1}|lockbench|1.0.0`,
    owner: index % 2 === 0 ? 'OwnerA' : 'OwnerB',
  }));
  const winners = new Map<string, string>();
  const problems: string[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests.length) {
      const { instance, owner } = requests[next++];
      const body = JSON.stringify({ locks: [{ serviceInstanceId: instance, owner, expiresAt }] });
      const { status, text } = await post(agent, port, '/serviceorchestration/orchestration/mgmt/lock/create', 'Bearer SYSTEM//Sysop', body);
      if (status === 201) {
        if (winners.has(instance)) problems.push(`two winners for ${instance}`);
        winners.set(instance, owner);
      } else if (status !== 400 || !text.includes('Already locked')) {
        problems.push(`${status} ${text.slice(0, 200)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const elapsed = performance.now() - started;
  agent.destroy();
  const { rows } = await pool.query<{ service_instance_id: string; owner: string }>(
    `SELECT service_instance_id, owner FROM orchestration_lock WHERE service_instance_id LIKE 'Lockprovider%'`,
  );
  const stored = new Map<string, string>();
  for (const row of rows) {
    if (stored.has(row.service_instance_id)) problems.push(`two stored locks for ${row.service_instance_id}`);
    stored.set(row.service_instance_id, row.owner);
  }
  if (stored.size !== LOCK_INSTANCES) problems.push(`${stored.size} instances locked, ${LOCK_INSTANCES} expected`);
  for (const [instance, owner] of winners) if (stored.get(instance) !== owner) problems.push(`${instance}: 201 for ${owner}, stored ${stored.get(instance)}`);
  if (winners.size !== LOCK_INSTANCES) problems.push(`${winners.size} winners, ${LOCK_INSTANCES} expected`);
  await pool.query('TRUNCATE orchestration_lock');
  return {
    perSecond: requests.length / (elapsed / 1000),
    verdict: problems.length === 0 ? 'one winner per instance: intact' : `ONE-WINNER BROKEN: ${problems.slice(0, 5).join('; ')}`,
  };
}

// ---------------------------------------------------------------- report

const lines: string[] = [];
function report(figure: string, service: string, raw: string, ratio: string, target: string, ok?: boolean): void {
  const line = `| ${figure} | ${service} | ${raw} | ${ratio} | ${target}${ok === undefined ? '' : ok ? ' ✓' : ' ✗'} |`;
  lines.push(line);
  console.log(line);
}

/** Alternating rounds (raw first, then service, …); returns every round of each side. */
async function alternate(label: string, run: (side: Side) => Promise<Round>): Promise<Record<Side, Round[]>> {
  const rounds: Record<Side, Round[]> = { service: [], raw: [] };
  for (let index = 0; index < ROUNDS; index++) {
    for (const side of ['raw', 'service'] as Side[]) {
      const round = await run(side);
      rounds[side].push(round);
      const cpu = round.cpuUs === undefined ? '' : `, CPU ${fmt(round.cpuUs)} µs/request`;
      console.error(`  ${label} round ${index + 1} ${side.padEnd(7)}: ${fmt(round.perSecond)}/s, p50 ${fmt(round.p50, 2)} ms, p99 ${fmt(round.p99, 2)} ms${cpu}`);
    }
  }
  return rounds;
}

/** Median over rounds of the per-round ratio service/raw (each ratio from neighbouring rounds). */
function ratioOf(rounds: Record<Side, Round[]>, pick: (round: Round) => number): number {
  return median(rounds.service.map((round, index) => pick(round) / pick(rounds.raw[index])));
}

/** Creates the benchmark's database on its server when it is not there yet (a fresh machine has none). */
async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const server = new URL(url);
  server.pathname = '/postgres';
  const admin = new Pool({ connectionString: server.toString(), max: 1 });
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

async function main(): Promise<void> {
  await ensureDatabase(DATABASE_URL);
  const pool = new Pool({ connectionString: DATABASE_URL, max: 2 });
  const broker = await startMosquitto();
  if (!broker) console.error('No mosquitto binary and no BENCH_MQTT_URL: MQTT figures are skipped');
  const external = serviceEnv({
    DATABASE_URL,
    PORT: String(PORTS.service),
    SERVER_ADDRESS: '127.0.0.1',
    ...(broker ? { MQTT_URL: broker.url, MQTT_CLIENT_ID: `bench-service-${randomBytes(3).toString('hex')}` } : { MQTT_ENABLED: 'false' }),
  });
  let service: ChildProcess | undefined;
  let raw: ChildProcess | undefined;
  let client: MqttClient | undefined;
  try {
    // Start-up to ready, external database (migrations already applied after the first).
    const startups: number[] = [];
    for (let index = 0; index < ROUNDS; index++) {
      const started = await startService(external, PORTS.service);
      startups.push(started.readyMs);
      if (index < ROUNDS - 1) await stop(started.child);
      else service = started.child;
    }
    await sleep(3000);
    const idleRss = rssMb(service!.pid!);
    raw = await startRaw(broker?.url);
    console.error(`node ${process.version}; ${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s per throughput figure; database ${DATABASE_URL.replace(/\/\/[^@]*@/, '//')}; broker ${broker?.url ?? 'none'}`);
    console.log('\n| figure | service | raw responder | ratio service/raw | target |');
    console.log('| --- | --- | --- | --- | --- |');

    await seed(pool, 10_000);
    const portOf = (side: Side) => (side === 'service' ? PORTS.service : PORTS.raw);
    const pidOf = (side: Side) => (side === 'service' ? service! : raw!).pid!;
    const reportCpu = (figure: string, rounds: Record<Side, Round[]>) =>
      report(figure, `${fmt(median(rounds.service.map((r) => r.cpuUs!)))} µs`, `${fmt(median(rounds.raw.map((r) => r.cpuUs!)))} µs`, `${fmt(ratioOf(rounds, (round) => round.cpuUs!), 2)}×`, '(orientation)');
    for (const side of ['raw', 'service'] as Side[]) await httpPulls(portOf(side), 1000, CONNECTIONS, { durationMs: 1000 });
    const http = await alternate('HTTP', (side) => withCpu(pidOf(side), () => httpPulls(portOf(side), 1000, CONNECTIONS, { durationMs: ROUND_MS })));
    const httpRatio = ratioOf(http, (round) => round.perSecond);
    const p99Ratio = ratioOf(http, (round) => round.p99);
    report(`HTTP pull, ${CONNECTIONS} connections`, `${fmt(median(http.service.map((r) => r.perSecond)))}/s`, `${fmt(median(http.raw.map((r) => r.perSecond)))}/s`, `${fmt(httpRatio, 2)}×`, '≥ 0.8×', httpRatio >= 0.8);
    report('HTTP pull p99', `${fmt(median(http.service.map((r) => r.p99)), 1)} ms`, `${fmt(median(http.raw.map((r) => r.p99)), 1)} ms`, `${fmt(p99Ratio, 2)}×`, '≤ 2×', p99Ratio <= 2);
    reportCpu('HTTP pull, CPU of the answering process per pull', http);

    if (broker) {
      client = connect(broker.url, { clientId: `bench-driver-${randomBytes(3).toString('hex')}`, clean: true });
      await new Promise<void>((done) => client!.once('connect', () => done()));
      (client.stream as Partial<Socket>).setNoDelay?.(true);
      const replyTopic = `h7bench-${randomBytes(4).toString('hex')}/reply`;
      await client.subscribeAsync(replyTopic, { qos: 1 });
      const topicOf = (side: Side) => (side === 'service' ? SERVICE_TOPIC : RAW_TOPIC);
      for (const side of ['raw', 'service'] as Side[]) await mqttPulls(client, topicOf(side), replyTopic, 1000, IN_FLIGHT, 1000);
      const mqtt = await alternate('MQTT', (side) => withCpu(pidOf(side), () => mqttPulls(client!, topicOf(side), replyTopic, 1000, IN_FLIGHT, ROUND_MS)));
      const mqttRatio = ratioOf(mqtt, (round) => round.perSecond);
      report(`MQTT pull, ${IN_FLIGHT} in flight, QoS 1`, `${fmt(median(mqtt.service.map((r) => r.perSecond)))}/s`, `${fmt(median(mqtt.raw.map((r) => r.perSecond)))}/s`, `${fmt(mqttRatio, 2)}×`, '≥ 0.8×', mqttRatio >= 0.8);
      report('MQTT pull p99', `${fmt(median(mqtt.service.map((r) => r.p99)), 1)} ms`, `${fmt(median(mqtt.raw.map((r) => r.p99)), 1)} ms`, `${fmt(ratioOf(mqtt, (round) => round.p99), 2)}×`, '(orientation)');
      reportCpu('MQTT pull, CPU of the answering process per pull', mqtt);
    }

    const locks = await lockCreates(pool, PORTS.service);
    report(`Lock creates, ${IN_FLIGHT} in flight, one lock per request`, `${fmt(locks.perSecond)}/s`, '', locks.verdict, '≥ 1,000/s', locks.perSecond >= 1000 && locks.verdict.endsWith('intact'));

    const p50: Record<number, Record<Side, Round[]>> = {};
    for (const rules of [1000, BIG_RULES]) {
      const seeding = performance.now();
      await seed(pool, rules);
      console.error(`  seeded ${fmt(rules)} rules in ${fmt((performance.now() - seeding) / 1000, 1)} s`);
      for (const side of ['raw', 'service'] as Side[]) await httpPulls(portOf(side), rules / 10, 1, { count: 200 });
      p50[rules] = await alternate(`p50 ${rules} rules`, (side) => httpPulls(portOf(side), rules / 10, 1, { count: P50_PULLS }));
    }
    const small = median(p50[1000].service.map((r) => r.p50));
    const big = median(p50[BIG_RULES].service.map((r) => r.p50));
    const growth = big / small;
    for (const rules of [1000, BIG_RULES]) {
      report(`Pull p50, 1 connection, ${fmt(rules)} rules`, `${fmt(median(p50[rules].service.map((r) => r.p50)), 2)} ms`, `${fmt(median(p50[rules].raw.map((r) => r.p50)), 2)} ms`, `${fmt(ratioOf(p50[rules], (round) => round.p50), 2)}×`, '(orientation)');
    }
    report(`Pull p50 ${fmt(BIG_RULES)} rules / 1,000 rules (service)`, `${fmt(growth, 2)}×`, `${fmt(median(p50[BIG_RULES].raw.map((r) => r.p50)) / median(p50[1000].raw.map((r) => r.p50)), 2)}×`, '', '≤ 1.3×', growth <= 1.3);
    await pool.query('TRUNCATE orchestration_store, orchestration_job, orchestration_lock');

    report('Idle RSS, external PostgreSQL', `${fmt(idleRss)} MB`, '', '', '≤ 150 MB', idleRss <= 150);
    report('Start-up to ready, external PostgreSQL', `${fmt(median(startups))} ms`, '', '', '≤ 1,000 ms', median(startups) <= 1000);
    await stop(service);
    service = undefined;

    const embedded: number[] = [];
    let embeddedRss = 0;
    for (let index = 0; index < Number(process.env.BENCH_EMBEDDED_ROUNDS ?? 1); index++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'bench-embedded-'));
      try {
        const started = await startService(
          serviceEnv({ DATA_DIR: dataDir, PORT: String(PORTS.embeddedHttp), SERVER_ADDRESS: '127.0.0.1', MQTT_PORT: String(PORTS.embeddedMqtt) }),
          PORTS.embeddedHttp,
        );
        embedded.push(started.readyMs);
        embeddedRss = rssMb(started.child.pid!);
        await stop(started.child);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    report('Start-up to ready, embedded, fresh data directory', `${fmt(median(embedded))} ms`, '', '', '≤ 6,000 ms', median(embedded) <= 6000);
    report('RSS at ready, embedded', `${fmt(embeddedRss)} MB`, '', '', '(orientation)');
    console.log(`\n(${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s; each ratio is the median of per-round ratios; node ${process.version})`);
  } finally {
    await client?.endAsync().catch(() => undefined);
    await stop(service);
    await stop(raw);
    await stop(broker?.child);
    await pool.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
