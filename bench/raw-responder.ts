/**
 * The raw baseline of the comparison benchmark (bench/compare.ts): pull answered by a plain
 * node:http server and a plain MQTT.js responder over one `pg` pool, no framework and no job
 * record. It does what a pull must do and nothing else: parse, check the identity and the naming
 * conventions, run the one indexed query, apply preferred providers / ONLY_PREFERRED /
 * MATCHMAKING, write the same JSON. What the service spends beyond this is the framework's share.
 *
 *   RAW_DATABASE_URL=postgres://… RAW_PORT=18720 [RAW_MQTT_URL=mqtt://… RAW_MQTT_TOPIC=…] node raw-responder
 *
 * Prints `ready` on stdout once both sides listen.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { connect } from 'mqtt';
import { Pool } from 'pg';

const SYSTEM_NAME = /^([A-Z]|[A-Z][0-9A-Za-z]+)$/;
const SERVICE_DEFINITION = /^([a-z]|[a-z][0-9A-Za-z]+)$/;
const SUPPORTED_FLAGS = new Set(['MATCHMAKING', 'ONLY_PREFERRED']);
const IGNORED_FLAGS = new Set(['ONLY_EXCLUSIVE', 'ALLOW_TRANSLATION', 'ALLOW_INTERCLOUD', 'ONLY_INTERCLOUD']);
const BODY_LIMIT = 1024 * 1024;

// The same statement the service runs: the consumer's rules for one definition, minus instances
// someone else holds a live lock on, by priority.
const CANDIDATES = {
  name: 'raw_candidates',
  text: `SELECT r.service_instance_id, r.service_definition FROM orchestration_store r
         WHERE r.consumer = $1 AND r.service_definition = $2
           AND NOT EXISTS (SELECT 1 FROM orchestration_lock l WHERE l.service_instance_id = r.service_instance_id AND l.expires_at >= $3 AND l.owner <> $1)
         ORDER BY r.priority ASC, r.id ASC`,
};
const CANDIDATES_ALL = {
  name: 'raw_candidates_all',
  text: `SELECT r.service_instance_id, r.service_definition FROM orchestration_store r
         WHERE r.consumer = $1
           AND NOT EXISTS (SELECT 1 FROM orchestration_lock l WHERE l.service_instance_id = r.service_instance_id AND l.expires_at >= $2 AND l.owner <> $1)
         ORDER BY r.priority ASC, r.id ASC`,
};

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly exceptionType: string,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new Refusal(400, 'INVALID_PARAMETER', message);

function systemName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.length === 0 || trimmed.length > 63 || !SYSTEM_NAME.test(trimmed)) {
    throw invalid(`The specified system name does not match the naming convention: ${trimmed}`);
  }
  return trimmed;
}

function identity(declared: string | undefined, http: boolean): string {
  let value = declared?.trim() ?? '';
  if (value === '') throw new Refusal(401, 'AUTH', 'No authorization header has been provided');
  if (http) {
    const words = value.split(' ');
    if (words.length !== 2 || words[0] !== 'Bearer') throw new Refusal(401, 'AUTH', 'Invalid authorization header');
    value = words[1];
  }
  const parts = value.split('//');
  if (parts.length !== 2 || parts[0] !== 'SYSTEM' || parts[1].trim() === '') throw new Refusal(401, 'AUTH', 'Invalid authorization header');
  return systemName(parts[1]);
}

interface Pull {
  serviceDefinition: string | null;
  preferred: string[];
  matchmaking: boolean;
  onlyPreferred: boolean;
  warnings: string[];
}

function parsePull(body: unknown): Pull {
  if (body !== null && (typeof body !== 'object' || Array.isArray(body))) throw invalid('Could not parse payload. Reason: a JSON object was expected');
  const request = (body ?? {}) as Record<string, unknown>;
  const requirement = (request.serviceRequirement ?? {}) as Record<string, unknown>;
  if (typeof requirement !== 'object' || Array.isArray(requirement)) throw invalid('Could not parse payload. Reason: serviceRequirement');
  let serviceDefinition: string | null = null;
  if (requirement.serviceDefinition !== undefined && requirement.serviceDefinition !== null) {
    if (typeof requirement.serviceDefinition !== 'string') throw invalid('Could not parse payload. Reason: serviceDefinition must be a string');
    const trimmed = requirement.serviceDefinition.trim();
    if (trimmed !== '') {
      if (trimmed.length > 63 || !SERVICE_DEFINITION.test(trimmed)) {
        throw invalid(`The specified service definition name does not match the naming convention: ${trimmed}`);
      }
      serviceDefinition = trimmed;
    }
  }
  const providers = requirement.preferredProviders ?? [];
  if (!Array.isArray(providers)) throw invalid('Could not parse payload. Reason: preferredProviders must be an array');
  if (providers.some((provider) => typeof provider !== 'string' || provider.trim() === '')) throw invalid('Preferred providers contains null or empty element');
  const preferred = providers.map(systemName);
  const flags = (request.orchestrationFlags ?? {}) as Record<string, unknown>;
  let matchmaking = false;
  let onlyPreferred = false;
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(flags)) {
    if (value === null) throw invalid('Orchestration flag map contains null value');
    const flag = key.trim().toUpperCase();
    if (SUPPORTED_FLAGS.has(flag)) {
      if (flag === 'MATCHMAKING') matchmaking = value === true;
      else onlyPreferred = value === true;
    } else if (IGNORED_FLAGS.has(flag)) {
      if (!ignored.includes(flag)) ignored.push(flag);
    } else {
      throw invalid(`Invalid orchestration flag: ${flag}`);
    }
  }
  if (onlyPreferred && preferred.length === 0) throw invalid('ONLY_PREFERRED flag is present, but no preferred provider is defined');
  return { serviceDefinition, preferred, matchmaking, onlyPreferred, warnings: ignored.length > 0 ? [`ignoredFlags: [${ignored.join(', ')}]`] : [] };
}

interface Row {
  service_instance_id: string;
  service_definition: string;
}

async function pull(pool: Pool, consumer: string, request: Pull): Promise<unknown> {
  const now = new Date();
  const { rows } = request.serviceDefinition === null
    ? await pool.query<Row>({ ...CANDIDATES_ALL, values: [consumer, now] })
    : await pool.query<Row>({ ...CANDIDATES, values: [consumer, request.serviceDefinition, now] });
  let candidates = rows;
  if (request.preferred.length > 0) {
    const preferred = new Set(request.preferred);
    const isPreferred = (row: Row) => preferred.has(row.service_instance_id.split('|')[0]);
    const first = candidates.filter(isPreferred);
    candidates = request.onlyPreferred ? first : [...first, ...candidates.filter((row) => !isPreferred(row))];
  }
  if (request.matchmaking) {
    const seen = new Set<string>();
    candidates = candidates.filter((row) => !seen.has(row.service_definition) && seen.add(row.service_definition));
  }
  const results = candidates.map((row) => {
    const [providerName, , version] = row.service_instance_id.split('|');
    return { serviceInstanceId: row.service_instance_id, providerName, serviceDefinitition: row.service_definition, version, cloudIdentitifer: 'LOCAL' };
  });
  return { results, warnings: request.warnings };
}

function errorBody(error: unknown, origin: string): { status: number; body: unknown } {
  const refusal = error instanceof Refusal ? error : new Refusal(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  return { status: refusal.status, body: { errorMessage: refusal.message, errorCode: refusal.status, exceptionType: refusal.exceptionType, origin } };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) reject(new Refusal(413, 'INVALID_PARAMETER', 'Payload too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.RAW_DATABASE_URL, max: 10 });
  const path = '/serviceorchestration/orchestration/pull';
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      response.end(text);
    };
    const origin = `${request.method} ${request.url}`;
    try {
      if (request.method !== 'POST' || request.url !== path) throw new Refusal(404, 'INVALID_PARAMETER', 'Not found');
      const consumer = identity(request.headers.authorization, true);
      const text = await readBody(request);
      let body: unknown = null;
      if (text.trim() !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          throw invalid('Could not parse payload. Reason: not JSON');
        }
      }
      send(200, await pull(pool, consumer, parsePull(body)));
    } catch (error) {
      const { status, body } = errorBody(error, origin);
      send(status, body);
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(Number(process.env.RAW_PORT ?? 0), '127.0.0.1', resolve));

  let closeMqtt = async () => undefined as unknown;
  if (process.env.RAW_MQTT_URL) {
    const topic = process.env.RAW_MQTT_TOPIC ?? 'rawbench/serviceorchestration/orchestration/pull';
    const client = connect(process.env.RAW_MQTT_URL, { clientId: `raw-${process.pid}`, clean: true });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    (client.stream as Partial<Socket>).setNoDelay?.(true);
    client.on('message', (channel, buffer) => {
      let template: Record<string, unknown>;
      try {
        template = JSON.parse(buffer.toString());
        if (template === null || typeof template !== 'object' || Array.isArray(template)) return;
      } catch {
        return;
      }
      const traceId = typeof template.traceId === 'string' ? template.traceId : undefined;
      const responseTopic = typeof template.responseTopic === 'string' && template.responseTopic.trim() !== '' ? template.responseTopic.trim() : undefined;
      const qos = template.qosRequirement === 1 || template.qosRequirement === 2 ? template.qosRequirement : 0;
      const reply = (status: number, receiver: string | undefined, payload: unknown) => {
        if (responseTopic !== undefined) client.publish(responseTopic, JSON.stringify({ status, traceId, receiver, payload }), { qos, retain: false });
      };
      let consumer: string | undefined;
      (async () => {
        consumer = identity(typeof template.authentication === 'string' ? template.authentication : undefined, false);
        reply(200, consumer, await pull(pool, consumer, parsePull(template.payload ?? null)));
      })().catch((error) => {
        const { status, body } = errorBody(error, channel);
        reply(status, consumer, body);
      });
    });
    await client.subscribeAsync(topic, { qos: 1 });
    closeMqtt = () => client.endAsync();
  }

  console.log('ready');
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void Promise.all([closeMqtt(), pool.end()]).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
