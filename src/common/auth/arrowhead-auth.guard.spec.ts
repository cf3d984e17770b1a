import { ConsoleLogger, ExecutionContext, Logger, LoggerService, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { MqttContext } from '@nestjs/microservices';
import { loadConfig } from '../../config/app-config';
import { ArrowheadOperation } from '../arrowhead/arrowhead-operation.decorator';
import { NameNormalizer } from '../naming/name-normalizer';
import { ArrowheadAuthGuard } from './arrowhead-auth.guard';
import { ConsumerAuthorizationClient } from './consumer-authorization.client';
import { BlacklistFilter } from '../../cloud/blacklist.filter';
import { DeclaredIdentityResolver } from './declared-identity.resolver';
import { ManagementPolicy } from './management-policy';
import { CoreSystemsClient } from '../../cloud/core-systems.client';
import { TracedMessage } from '../../logging/trace-context';

const H = '/serviceorchestration';
const T = 'arrowhead/serviceorchestration';

class Handlers {
  @ArrowheadOperation({ method: 'POST', path: `${H}/orchestration/mgmt/lock/query`, topic: `${T}/orchestration/management/lock/query`, status: 200 })
  lockQuery(): void {}

  @ArrowheadOperation({ method: 'POST', path: `${H}/orchestration/pull`, topic: `${T}/orchestration/pull`, status: 200 })
  pull(): void {}

  @SetMetadata('unrelated', true)
  undeclared(): void {}
}

/** An MQTT call of `handler` (the guard reads the declaration from the handler, never the topic text). */
function mqttCall(handler: () => void, authentication: string, topic = 'any/topic/the/client/chose'): ExecutionContext {
  const envelope = { topic, authentication, logTraceId: 'mqtt-trace', params: {}, payload: null, qosRequirement: 0 };
  const context = new ExecutionContextHost([envelope, new MqttContext([topic, undefined as never])], Handlers, handler);
  context.setType('rpc');
  return context;
}

function guard(env: Record<string, string> = {}): ArrowheadAuthGuard {
  const config = loadConfig({ MQTT_CLIENT_ID: 'x', ...env });
  const normalizer = new NameNormalizer(config.normalizationMode);
  const consumerAuthorization = { mayUse: jest.fn().mockResolvedValue(false) } as unknown as ConsumerAuthorizationClient;
  const blacklist = { check: jest.fn().mockResolvedValue(undefined) } as unknown as BlacklistFilter;
  return new ArrowheadAuthGuard(new DeclaredIdentityResolver(normalizer), new Reflector(), blacklist, new ManagementPolicy(consumerAuthorization, config, normalizer));
}

const { lockQuery, pull, undeclared } = Handlers.prototype;

describe('ArrowheadAuthGuard: management is what the operation declares', () => {
  it.each<[string, boolean, () => void, string]>([
    ['sysop on a management operation', true, lockQuery, 'SYSTEM//Sysop'],
    ['a plain system on a management operation', false, lockQuery, 'SYSTEM//Plain'],
    ['a plain system on pull', true, pull, 'SYSTEM//Plain'],
    ['a plain system on an undeclared handler (fails closed)', false, undeclared, 'SYSTEM//Plain'],
    ['ſysop (not the sysop) on a management operation', false, lockQuery, 'SYSTEM//ſysop'],
  ])('%s → allowed: %s', async (_, allowed, handler, authentication) => {
    const outcome = guard().canActivate(mqttCall(handler, authentication));
    if (allowed) await expect(outcome).resolves.toBe(true);
    else await expect(outcome).rejects.toMatchObject({ status: 403, message: 'Requester has no management permission' });
  });

  it('the topic text does not matter: a management-looking topic on pull is still pull', async () => {
    await expect(guard().canActivate(mqttCall(pull, 'SYSTEM//Plain', `${T}/orchestration/management/lock/query`))).resolves.toBe(true);
  });

  it.each<[string, boolean]>([
    ['SYSTEM//operator', true],
    ['SYSTEM//ſysop', false],
    ['SYSTEM//Ünïcode', false],
  ])('whitelist entries and names must pass the system-name convention: %s → %s', async (authentication, allowed) => {
    const whitelisting = guard({ MANAGEMENT_POLICY: 'whitelist', MANAGEMENT_WHITELIST: 'ſysop,Ünïcode,operator' });
    const outcome = whitelisting.canActivate(mqttCall(lockQuery, authentication));
    if (allowed) await expect(outcome).resolves.toBe(true);
    else await expect(outcome).rejects.toMatchObject({ status: 403 });
  });
});

describe('ArrowheadAuthGuard: the peer checks log with the request\'s traceId', () => {
  const config = loadConfig({ MQTT_CLIENT_ID: 'x', MANAGEMENT_POLICY: 'authorization', CONSUMER_AUTHORIZATION_URL: 'http://127.0.0.1:9', BLACKLIST_ENABLED: 'true', BLACKLIST_URL: 'http://127.0.0.1:9', BLACKLIST_FAIL_OPEN: 'true' });
  const normalizer = new NameNormalizer(config.normalizationMode);
  const warnings: unknown[] = [];
  const capture = { log() {}, error() {}, warn: (message: unknown) => warnings.push(message) } as LoggerService;
  beforeEach(() => {
    warnings.length = 0;
    Logger.overrideLogger(capture);
  });
  afterEach(() => Logger.overrideLogger(new ConsoleLogger()));

  function unreachablePeers(): ArrowheadAuthGuard {
    const coreSystems = { call: jest.fn().mockRejectedValue(new Error('connection refused')) } as unknown as CoreSystemsClient;
    return new ArrowheadAuthGuard(
      new DeclaredIdentityResolver(normalizer),
      new Reflector(),
      new BlacklistFilter(config, coreSystems, normalizer),
      new ManagementPolicy(new ConsumerAuthorizationClient(config, coreSystems), config, normalizer),
    );
  }

  function httpCall(handler: () => void, authentication: string, requestId: string): ExecutionContext {
    const request = { method: 'POST', url: '/x', originalUrl: '/x', protocol: 'http', headers: { authorization: `Bearer ${authentication}` }, socket: {}, arrowheadTraceId: requestId };
    const context = new ExecutionContextHost([request, {}], Handlers, handler);
    context.setType('http');
    return context;
  }

  it.each<[string, ExecutionContext, string]>([
    ['MQTT', mqttCall(lockQuery, 'SYSTEM//Plain'), 'mqtt-trace'],
    ['HTTP', httpCall(lockQuery, 'SYSTEM//Plain', 'req-42'), 'req-42'],
  ])('over %s, the Blacklist and ConsumerAuthorization failures carry it', async (_, context, traceId) => {
    await expect(unreachablePeers().canActivate(context)).rejects.toMatchObject({ status: 403 });
    expect(warnings).toEqual([expect.any(TracedMessage), expect.any(TracedMessage)]);
    expect(warnings.map((warning) => [(warning as TracedMessage).traceId, String(warning)])).toEqual([
      [traceId, 'Blacklist check of Plain failed: connection refused'],
      [traceId, 'ConsumerAuthorization could not be asked about Plain/serviceOrchestrationLockManagement/query: connection refused'],
    ]);
  });
});
