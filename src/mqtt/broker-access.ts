import type { AedesOptions, AuthenticateError, Client } from 'aedes';
import { timingSafeEqual, X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { MQTT_BASE } from '../common/arrowhead/routes';

const REQUEST_TREE = MQTT_BASE.split('/');
const BAD_USERNAME_OR_PASSWORD = 4;

type Hook<Name extends 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'> = NonNullable<AedesOptions[Name]>;

/**
 * What replaces an `authentication` that is not the publishing connection's own certificate: not
 * a certificate, so the certificate policy answers 401 "Invalid authentication key".
 */
export const FOREIGN_CERTIFICATE_MARK = 'not-the-certificate-of-the-publishing-connection';

export interface BrokerAccessOptions {
  /** Username and password of the service's own client: only that client may read the request tree. */
  serviceCredentials: { username: string; password: string };
  /**
   * Certificate policy (the broker then demands client certificates): a request's
   * `authentication` must be the publishing connection's own client certificate.
   */
  bindCertificates: boolean;
}

interface Connection {
  service: boolean;
  /** DER of the client certificate the TLS handshake verified. */
  certificate?: Buffer;
}

/** Whether a subscription filter can match a topic of the service's request tree. */
export function reachesRequestTree(filter: string): boolean {
  // A shared subscription filters like its topic part.
  const levels = (filter.startsWith('$share/') ? filter.split('/').slice(2) : filter.split('/'));
  for (let index = 0; index < REQUEST_TREE.length; index++) {
    const level = levels[index];
    if (level === '#') return true;
    if (level === undefined || (level !== '+' && level !== REQUEST_TREE[index])) return false;
  }
  return levels.length > REQUEST_TREE.length;
}

function isRequestTopic(topic: string): boolean {
  return topic.startsWith(`${MQTT_BASE}/`);
}

function sameSecret(given: Buffer | undefined, expected: string): boolean {
  const wanted = Buffer.from(expected);
  return given !== undefined && given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** The certificate in a request's `authentication` (base64 of its PEM), as DER; undefined if it is none. */
function presentedCertificate(authentication: string): Buffer | undefined {
  try {
    return new X509Certificate(Buffer.from(authentication.trim(), 'base64').toString('utf8')).raw;
  } catch {
    return undefined;
  }
}

/**
 * Who may do what on the embedded broker. It runs in the service's process, so it knows what an
 * external broker cannot tell the service: which connection published a request, and with which
 * client certificate. Two rules:
 * - only the service's own client may subscribe to (and so read) the request tree, where other
 *   systems' `authentication` values travel;
 * - under the certificate policy, a request whose `authentication` is not the publishing
 *   connection's own certificate reaches the service with that value replaced by
 *   FOREIGN_CERTIFICATE_MARK, so a pasted certificate proves nothing (401).
 */
export class BrokerAccess {
  private readonly connections = new WeakMap<Client, Connection>();

  constructor(private readonly options: BrokerAccessOptions) {}

  readonly authenticate: Hook<'authenticate'> = (client, username, password, done) => {
    const { serviceCredentials } = this.options;
    const service = username === serviceCredentials.username && sameSecret(password, serviceCredentials.password);
    if (username === serviceCredentials.username && !service) {
      const error = new Error('Bad username or password') as AuthenticateError;
      error.returnCode = BAD_USERNAME_OR_PASSWORD as AuthenticateError['returnCode'];
      return done(error, false);
    }
    const peer = (client.conn as Partial<TLSSocket>).getPeerCertificate?.();
    this.connections.set(client, { service, certificate: peer?.raw });
    done(null, true);
  };

  readonly authorizeSubscribe: Hook<'authorizeSubscribe'> = (client, subscription, done) => {
    const service = client !== null && this.connections.get(client)?.service === true;
    done(null, service || !reachesRequestTree(subscription.topic) ? subscription : null);
  };

  readonly authorizePublish: Hook<'authorizePublish'> = (client, packet, done) => {
    if (this.options.bindCertificates && isRequestTopic(packet.topic)) {
      const replaced = this.withForeignCertificateMarked(packet.payload, client ? this.connections.get(client)?.certificate : undefined);
      if (replaced !== undefined) packet.payload = replaced;
    }
    done(null);
  };

  /** The request with a foreign `authentication` marked, or undefined when it may pass as it is. */
  private withForeignCertificateMarked(payload: Buffer | string, own: Buffer | undefined): Buffer | undefined {
    let template: unknown;
    try {
      // The same bytes the service will parse, read the same way.
      template = JSON.parse(payload.toString());
    } catch {
      return undefined; // not a request template: the service drops it
    }
    if (template === null || typeof template !== 'object' || Array.isArray(template)) return undefined;
    const envelope = template as Record<string, unknown>;
    if (typeof envelope.authentication !== 'string') return undefined; // the service answers 401 itself
    const presented = presentedCertificate(envelope.authentication);
    if (presented !== undefined && own !== undefined && presented.equals(own)) return undefined;
    return Buffer.from(JSON.stringify({ ...envelope, authentication: FOREIGN_CERTIFICATE_MARK }));
  }
}
