import { CoreCallError } from '../../cloud/core-call.error';
import { CoreSystemsClient } from '../../cloud/core-systems.client';
import { ArrowheadException } from '../arrowhead/arrowhead.exception';
import { NameNormalizer } from '../naming/name-normalizer';
import { OutsourcedIdentityResolver } from './outsourced-identity.resolver';
import { CallerCredentials } from './identity-resolver';

const http = (token: string): CallerCredentials => ({
  transport: 'http',
  authorization: `Bearer IDENTITY-TOKEN//${token}`,
  peerCertificates: () => [],
  location: '/pull',
  baseLocation: '/pull',
});

/** Authentication played by a stub of the core-system client: tokens starting with `ok` are valid. */
function resolverWith(cacheMs: number, cacheMax: number, answer?: (token: string) => Promise<unknown>) {
  const asked: string[] = [];
  const client = {
    call: jest.fn(async (_definition: string, _operation: string, { param }: { param: string }) => {
      asked.push(param);
      if (answer) return answer(param);
      return param.startsWith('ok') ? { verified: true, systemName: `system-${param}`, sysop: false } : { verified: false };
    }),
  } as unknown as CoreSystemsClient;
  return { resolver: new OutsourcedIdentityResolver(new NameNormalizer('extended'), client, cacheMs, cacheMax), asked };
}

const statusOf = (promise: Promise<unknown>) => promise.then(() => 200, (error: ArrowheadException) => [error.status, error.message]);

describe('OutsourcedIdentityResolver', () => {
  it('keeps at most AUTH_TOKEN_CACHE_MAX verified tokens, forgetting the least recently used', async () => {
    const { resolver, asked } = resolverWith(60_000, 2);
    await resolver.resolve(http('ok1'));
    await resolver.resolve(http('ok2'));
    await resolver.resolve(http('ok1')); // ok1 is now the most recently used
    await resolver.resolve(http('ok3')); // evicts ok2
    await resolver.resolve(http('ok1'));
    await resolver.resolve(http('ok2'));
    expect(asked).toEqual(['ok1', 'ok2', 'ok3', 'ok2']);
  });

  it('answers a rejected token from a short negative cache', async () => {
    const { resolver, asked } = resolverWith(60_000, 10);
    expect(await statusOf(resolver.resolve(http('bad')))).toEqual([401, 'Invalid authorization header']);
    expect(await statusOf(resolver.resolve(http('bad')))).toEqual([401, 'Invalid authorization header']);
    expect(asked).toEqual(['bad']);
  });

  it('verifies a token once while requests with it arrive together', async () => {
    let release!: (value: unknown) => void;
    const { resolver, asked } = resolverWith(0, 10, () => new Promise((resolve) => (release = resolve)));
    const together = Promise.all([1, 2, 3].map(() => resolver.resolve(http('ok-slow'))));
    await new Promise((resolve) => setImmediate(resolve));
    release({ verified: true, systemName: 'Slow', sysop: false });
    expect((await together).map((identity) => identity.systemName)).toEqual(['Slow', 'Slow', 'Slow']);
    expect(asked).toEqual(['ok-slow']);
  });

  it('says 503 without details when Authentication cannot be asked, and 401 when it refuses', async () => {
    const unreachable = resolverWith(0, 10, () => Promise.reject(new CoreCallError('Could not get any response from: http://10.0.0.7:8443/x (ECONNREFUSED)', 'unreachable')));
    expect(await statusOf(unreachable.resolver.resolve(http('ok')))).toEqual([503, 'Authentication system is not available']);
    const refusing = resolverWith(0, 10, () => Promise.reject(new CoreCallError('GET … answered 401: Invalid identity token', 'answered', 401, 'Invalid identity token')));
    expect(await statusOf(refusing.resolver.resolve(http('ok')))).toEqual([401, 'Invalid authorization header']);
    const mqtt = await statusOf(refusing.resolver.resolve({ ...http('ok'), transport: 'mqtt', authorization: 'IDENTITY-TOKEN//ok' }));
    expect(mqtt).toEqual([401, 'Invalid authentication info']);
  });
});
