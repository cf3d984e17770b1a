import { loadConfig } from '../config/app-config';
import { OutgoingHttp, OutgoingRequest } from '../common/http/outgoing-http';
import { CoreCallError } from './core-call.error';
import { CoreSystemsClient } from './core-systems.client';

const REGISTRY = 'http://sr:8443';
const entry = (templateName: string, accessAddresses: unknown[], accessPort: unknown, operations: unknown = { check: { path: '/check', method: 'GET' } }) => ({
  interfaces: [{ templateName, properties: { accessAddresses, accessPort, basePath: '/blacklist', operations } }],
});

/** The client against a stub transport: lookups answer `entries`, other calls `status`. */
function clientWith(entries: unknown[], status = 200) {
  const sent: OutgoingRequest[] = [];
  const http = {
    send: jest.fn(async (request: OutgoingRequest) => {
      sent.push(request);
      if (request.url.includes('/service-discovery/lookup')) return { status: 200, statusText: 'OK', body: JSON.stringify({ entries, count: entries.length }), truncated: false };
      return { status, statusText: '', body: status === 200 ? 'true' : '{"errorMessage":"down","errorCode":503}', truncated: false };
    }),
  } as unknown as OutgoingHttp;
  const config = loadConfig({ SERVICE_REGISTRY_URL: REGISTRY, SERVICE_REGISTRY_REGISTER: 'false' });
  return { client: new CoreSystemsClient(config, http), sent };
}

describe('CoreSystemsClient (discovery, SPEC-cloud.md §4)', () => {
  it('takes the first entry with an interface of its template, and appends the parameter percent-encoded', async () => {
    const { client, sent } = clientWith([entry('generic_https', ['a'], 1), entry('generic_http', ['bl.lc'], 8464, { check: { path: '/check/{name}', method: 'GET' } })]);
    expect(await client.call('blacklistDiscovery', 'check', { provider: 'Blacklist', param: 'Bad|One' })).toBe(true);
    expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual([`POST ${REGISTRY}/serviceregistry/service-discovery/lookup?verbose=false`, 'GET http://bl.lc:8464/blacklist/check/Bad%7COne']);
    expect(sent[1].headers).toMatchObject({ Authorization: 'Bearer SYSTEM//SimpleStoreServiceOrchestration' });
  });

  it.each([
    ['an address with a path in it', ['evil.example/x?'], 80],
    ['an address with credentials', ['user@evil.example'], 80],
    ['a port out of range', ['bl.lc'], 70000],
    ['a port that is not a number', ['bl.lc'], '8464'],
    ['no address', [], 8464],
  ])('treats an entry with %s as not found', async (_, addresses, port) => {
    const { client } = clientWith([entry('generic_http', addresses, port)]);
    const failure = await client.call('blacklistDiscovery', 'check', { param: 'x' }).catch((error: CoreCallError) => error);
    expect(failure).toMatchObject({ kind: 'not-found', message: 'Service definition is not found: blacklistDiscovery' });
  });

  it('keeps what it found, and forgets it when a call there answers 503', async () => {
    const { client, sent } = clientWith([entry('generic_http', ['bl.lc'], 8464)], 503);
    await expect(client.call('blacklistDiscovery', 'check', { param: 'a' })).rejects.toMatchObject({ status: 503, errorMessage: 'down' });
    await expect(client.call('blacklistDiscovery', 'check', { param: 'a' })).rejects.toMatchObject({ status: 503 });
    expect(sent.filter((request) => request.url.includes('/lookup'))).toHaveLength(2);
  });

  it('says which operation a found service lacks', async () => {
    const { client } = clientWith([entry('generic_http', ['bl.lc'], 8464, { lookup: { path: '/lookup', method: 'GET' } })]);
    await expect(client.call('blacklistDiscovery', 'check', { param: 'a' })).rejects.toMatchObject({ message: 'Service does not define the specified operation: blacklistDiscovery/check' });
  });
});
