import { createServer, Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Pkcs12Pki } from '../../../test/support/pkcs12';
import { loadConfig } from '../../config/app-config';
import { TlsMaterial } from '../../config/tls';
import { OutgoingHttp, OutgoingHttpError } from './outgoing-http';

// SPEC-cloud.md §9.2 DISABLE_HOSTNAME_VERIFIER: outgoing HTTPS skips only the name check.
describe('OutgoingHttp over HTTPS', () => {
  const pki = new Pkcs12Pki();
  const own = pki.issue('Orch.TestCloud.Company.arrowhead.eu');
  const material: TlsMaterial = {
    key: own.keyPem,
    cert: own.certPem + pki.intermediate.certPem,
    certificate: new (require('node:crypto').X509Certificate)(own.certPem),
    ca: [pki.intermediate.certPem],
  };
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    pki.remove();
  });

  async function serve(hosts: string[], issuer = pki): Promise<string> {
    const identity = issuer.issue('Peer.TestCloud.Company.arrowhead.eu', hosts);
    const server = createServer({ key: identity.keyPem, cert: identity.certPem }, (_request, response) => response.end('true'));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `https://127.0.0.1:${(server.address() as AddressInfo).port}/check`;
  }

  function client(disableHostnameVerifier: boolean): OutgoingHttp {
    return new OutgoingHttp(loadConfig({ DISABLE_HOSTNAME_VERIFIER: String(disableHostnameVerifier) }), material);
  }

  it('checks that the certificate names the host by default', async () => {
    const url = await serve(['peer.example']);
    await expect(client(false).send({ method: 'GET', url, timeoutMs: 5000 })).rejects.toEqual(new OutgoingHttpError('ERR_TLS_CERT_ALTNAME_INVALID'));
    expect(await client(false).send({ method: 'GET', url: await serve(['127.0.0.1']), timeoutMs: 5000 })).toMatchObject({ status: 200, body: 'true' });
  });

  it('skips only the name check with DISABLE_HOSTNAME_VERIFIER=true: the chain is still verified', async () => {
    expect(await client(true).send({ method: 'GET', url: await serve([]), timeoutMs: 5000 })).toMatchObject({ status: 200, body: 'true' });
    const stranger = new Pkcs12Pki();
    try {
      await expect(client(true).send({ method: 'GET', url: await serve(['127.0.0.1'], stranger), timeoutMs: 5000 })).rejects.toBeInstanceOf(OutgoingHttpError);
    } finally {
      stranger.remove();
    }
  });
});
