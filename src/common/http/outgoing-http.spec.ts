import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { TLSSocket } from 'node:tls';
import { TestPki } from '../../../test/support/certificates';
import { AppConfig } from '../../config/app-config';
import { BlockedNetworks, parseNetworks } from './blocked-networks';
import { OutgoingHttp, OutgoingHttpError } from './outgoing-http';

/** Real local servers play the other side; only the outgoing client is under test. */
describe('OutgoingHttp', () => {
  const http = new OutgoingHttp({ tls: { enabled: false, clientAuth: 'none' } } as AppConfig);
  let server: Server;
  let url: string;
  let handle: (request: IncomingMessage, response: ServerResponse) => void;
  let calls = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      calls++;
      request.resume();
      handle(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (calls = 0));

  const rejection = async (promise: Promise<unknown>): Promise<OutgoingHttpError> => {
    const error = await promise.then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutgoingHttpError);
    return error as OutgoingHttpError;
  };

  it('returns a whole small answer', async () => {
    handle = (request, response) => response.end('{"ok":true}');
    expect(await http.send({ method: 'POST', url, body: '{}', timeoutMs: 2000 })).toEqual({ status: 200, statusText: 'OK', body: '{"ok":true}', truncated: false });
  });

  it('reads no more than maxResponseBytes of a long answer and closes the connection', async () => {
    let closed: Promise<void> = Promise.resolve();
    handle = (request, response) => {
      closed = new Promise((resolve) => response.on('close', resolve));
      response.writeHead(201);
      const chunk = Buffer.alloc(10_000, 'a');
      const pump = () => {
        while (!response.destroyed) if (!response.write(chunk)) return void response.once('drain', pump);
      };
      pump();
    };
    const answer = await http.send({ method: 'POST', url, body: '{}', timeoutMs: 5000, maxResponseBytes: 65_536 });
    expect(answer).toMatchObject({ status: 201, truncated: true });
    expect(answer.body).toHaveLength(65_536);
    await closed;
  });

  it('ends a call at its deadline even while the answer keeps trickling in', async () => {
    handle = (request, response) => {
      response.writeHead(200);
      const timer = setInterval(() => response.write('.'), 20);
      response.on('close', () => clearInterval(timer));
    };
    expect((await rejection(http.send({ method: 'POST', url, timeoutMs: 300 }))).reason).toBe('timeout');
  });

  it('stops a call when its signal aborts', async () => {
    const arrived = new Promise<void>((resolve) => (handle = () => resolve()));
    const controller = new AbortController();
    const call = http.send({ method: 'POST', url, timeoutMs: 5000, signal: controller.signal });
    await arrived;
    controller.abort();
    expect((await rejection(call)).reason).toBe('aborted');
  });

  describe('with blocked networks', () => {
    const loopback = new BlockedNetworks(['127.0.0.0/8', '::1/128']);

    it('refuses a literal address in a blocked network without connecting', async () => {
      handle = (request, response) => response.end();
      const error = await rejection(http.send({ method: 'POST', url, timeoutMs: 2000, blockedNetworks: loopback }));
      expect(error).toMatchObject({ reason: '127.0.0.1 is in a blocked network (PUSH_HTTP_BLOCKED_NETWORKS)', final: true });
      expect(calls).toBe(0);
    });

    it('refuses a host name that resolves into a blocked network without connecting', async () => {
      handle = (request, response) => response.end();
      const named = url.replace('127.0.0.1', 'localhost');
      const error = await rejection(http.send({ method: 'POST', url: named, timeoutMs: 2000, blockedNetworks: loopback }));
      expect(error.reason).toMatch(/^localhost \((127\.0\.0\.1|::1)\) is in a blocked network/);
      expect(error.final).toBe(true);
      expect(calls).toBe(0);
    });

    it('checks the address the socket actually connected to (0.0.0.0 lands on loopback)', async () => {
      handle = (request, response) => response.end();
      const error = await rejection(http.send({ method: 'POST', url: url.replace('127.0.0.1', '0.0.0.0'), timeoutMs: 2000, blockedNetworks: new BlockedNetworks(['127.0.0.0/8']) }));
      expect(error).toMatchObject({ reason: '127.0.0.1 is in a blocked network (PUSH_HTTP_BLOCKED_NETWORKS)', final: true });
      expect(calls).toBe(0);
    });

    it('connects to addresses outside the blocked networks', async () => {
      handle = (request, response) => response.end('fine');
      const elsewhere = new BlockedNetworks(['10.0.0.0/8']);
      expect((await http.send({ method: 'POST', url: url.replace('127.0.0.1', 'localhost'), timeoutMs: 2000, blockedNetworks: elsewhere })).body).toBe('fine');
    });
  });
});

describe('OutgoingHttp over HTTPS with blocked networks', () => {
  const pki = new TestPki();
  const own = pki.issue('service', 'ServiceOrchestration.TestCloud.Company.arrowhead.eu', 'sy');
  const receiverCredential = pki.issue('receiver', 'Receiver.TestCloud.Company.arrowhead.eu', 'sy');
  const http = new OutgoingHttp({ tls: { enabled: true, keyFile: own.keyFile, certFile: own.certFile, caFile: pki.caFile, clientAuth: 'none' } } as AppConfig);
  const receiver = createHttpsServer({ key: receiverCredential.keyPem, cert: receiverCredential.certPem, ca: pki.caPem, requestCert: true, rejectUnauthorized: false }, (request, response) => {
    request.resume();
    response.end((request.socket as TLSSocket).getPeerCertificate().subject?.CN ?? 'no certificate');
  });
  let connections = 0;
  let url: string;
  receiver.on('connection', () => connections++);

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `https://localhost:${(receiver.address() as AddressInfo).port}/push`;
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });
  beforeEach(() => (connections = 0));

  it("presents the service's client certificate to an allowed receiver", async () => {
    const answer = await http.send({ method: 'POST', url, body: '{}', timeoutMs: 5000, blockedNetworks: new BlockedNetworks(['10.0.0.0/8']) });
    expect(answer.body).toBe('ServiceOrchestration.TestCloud.Company.arrowhead.eu');
  });

  it('never connects (so never shows the certificate) to a receiver in a blocked network', async () => {
    const call = http.send({ method: 'POST', url, body: '{}', timeoutMs: 5000, blockedNetworks: new BlockedNetworks(['127.0.0.0/8', '::1/128']) });
    await expect(call).rejects.toMatchObject({ final: true, reason: expect.stringMatching(/^localhost \(.*\) is in a blocked network/) });
    expect(connections).toBe(0);
  });
});

describe('BlockedNetworks', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['::1', '::1'],
    ['[::1]', '::1'],
    ['::FFFF:127.0.0.1', '::ffff:7f00:1'],
    ['receiver.example', null],
    ['localhost', null],
    ['not a host', null],
  ])('reads the notify address %s as the literal address %s', (address, literal) => {
    expect(BlockedNetworks.literalAddress(address)).toBe(literal);
  });

  it('blocks the addresses of its networks, IPv4-mapped IPv6 included', () => {
    const blocked = new BlockedNetworks(parseNetworks('127.0.0.0/8, ::1/128, 169.254.0.0/16, fe80::/10, 0.0.0.0/8').networks);
    expect(['127.9.9.9', '::1', '169.254.169.254', 'fe80::abcd', '0.0.0.0', '::ffff:7f00:1'].filter((address) => !blocked.blocks(address))).toEqual([]);
    expect(['10.0.0.1', '192.0.2.1', '2001:db8::1', '::2', 'localhost'].filter((address) => blocked.blocks(address))).toEqual([]);
  });
});
