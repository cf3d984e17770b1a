import type { Client, PublishPacket } from 'aedes';
import { X509Certificate } from 'node:crypto';
import { TestPki } from '../../test/support/certificates';
import { BrokerAccess, FOREIGN_CERTIFICATE_MARK, reachesRequestTree } from './broker-access';

describe('which subscriptions reach the request tree', () => {
  it.each([
    ['#', true],
    ['+/#', true],
    ['arrowhead/#', true],
    ['arrowhead/+/orchestration/pull', true],
    ['+/serviceorchestration/+', true],
    ['arrowhead/serviceorchestration/monitor/echo', true],
    ['$share/group/arrowhead/serviceorchestration/#', true],
    ['arrowhead/serviceorchestration', false],
    ['arrowhead/other/#', false],
    ['consumer/replies', false],
    ['+/replies', false],
    ['$SYS/#', false],
  ])('%s: %s', (filter, reaches) => {
    expect(reachesRequestTree(filter)).toBe(reaches);
  });
});

describe('BrokerAccess under the certificate policy', () => {
  const pki = new TestPki('TestCloud');
  const own = pki.issue('own', 'consumer.TestCloud.Company.arrowhead.eu', 'sy');
  const other = pki.issue('other', 'admin.TestCloud.Company.arrowhead.eu', 'op');
  const base64 = (pem: string) => Buffer.from(pem).toString('base64');
  const TOPIC = 'arrowhead/serviceorchestration/orchestration/pull';

  /** A connected client whose TLS peer certificate is `certPem`, and the access rules that admitted it. */
  function connected(certPem: string | undefined, bindCertificates = true): { access: BrokerAccess; client: Client } {
    const access = new BrokerAccess({ serviceCredentials: { username: 'Service', password: 'secret' }, bindCertificates });
    const raw = certPem ? new X509Certificate(certPem).raw : undefined;
    const client = { conn: { getPeerCertificate: () => (raw ? { raw } : {}) } } as unknown as Client;
    access.authenticate(client, undefined, undefined, () => undefined);
    return { access, client };
  }

  function published(access: BrokerAccess, client: Client, topic: string, payload: string): string {
    const packet = { topic, payload: Buffer.from(payload) } as PublishPacket;
    access.authorizePublish(client, packet, () => undefined);
    return packet.payload.toString();
  }

  it('passes a request carrying its connection\'s own certificate unchanged', () => {
    const { access, client } = connected(own.certPem);
    const request = JSON.stringify({ authentication: base64(own.certPem), responseTopic: 'r' });
    expect(published(access, client, TOPIC, request)).toBe(request);
  });

  it.each([
    ['another system\'s certificate', () => base64(other.certPem)],
    ['something that is not a certificate', () => 'aGVsbG8='],
  ])('marks a request carrying %s, keeping the rest of it', (_, authentication) => {
    const { access, client } = connected(own.certPem);
    const marked = JSON.parse(published(access, client, TOPIC, JSON.stringify({ traceId: 't', authentication: authentication(), payload: { a: 1 } })));
    expect(marked).toEqual({ traceId: 't', authentication: FOREIGN_CERTIFICATE_MARK, payload: { a: 1 } });
  });

  it('marks a certificate from a connection without one', () => {
    const { access, client } = connected(undefined);
    expect(JSON.parse(published(access, client, TOPIC, JSON.stringify({ authentication: base64(own.certPem) }))).authentication).toBe(FOREIGN_CERTIFICATE_MARK);
  });

  it.each([
    ['not JSON', TOPIC, '{"authentication":'],
    ['not an object', TOPIC, '["x"]'],
    ['without authentication', TOPIC, '{"responseTopic":"r"}'],
    ['with a non-string authentication', TOPIC, '{"authentication":42}'],
    ['outside the request tree', 'consumer/replies', `{"authentication":"${base64(other.certPem)}"}`],
  ])('leaves a message %s alone', (_, topic, payload) => {
    const { access, client } = connected(own.certPem);
    expect(published(access, client, topic, payload)).toBe(payload);
  });

  it('leaves every request alone under other policies', () => {
    const { access, client } = connected(own.certPem, false);
    const request = JSON.stringify({ authentication: base64(other.certPem) });
    expect(published(access, client, TOPIC, request)).toBe(request);
  });
});
