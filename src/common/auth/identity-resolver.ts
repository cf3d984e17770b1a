import type { X509Certificate } from 'node:crypto';
import { Transport } from '../arrowhead/request-context';
import { Identity } from './identity';

/** What a request offers to prove who sent it, from either transport. */
export interface CallerCredentials {
  transport: Transport;
  /** The request's id, for the resolver's log lines (`traceIdOf`). */
  traceId?: string;
  /** HTTP `Authorization` header, or the MQTT template's `authentication`. */
  authorization?: string;
  /**
   * HTTP over TLS: the verified client certificate chain, leaf first (empty without one). A
   * function, so that only the policy that needs it pays for parsing certificates.
   */
  peerCertificates(): X509Certificate[];
  /** Where the call went, for messages: the request URL (HTTP) or the full topic (MQTT). */
  location: string;
  /** HTTP: the URL again; MQTT: the base topic (the topic up to its operation). */
  baseLocation: string;
}

/**
 * How the caller's identity is established (SPEC.md §5). One strategy is active per process
 * (AUTH_POLICY): declared, certificate or outsourced; guards and handlers do not know which.
 */
export abstract class IdentityResolver {
  /** Resolves the caller or throws an AUTH (401) or FORBIDDEN (403) ArrowheadException with the policy's wire text. */
  abstract resolve(credentials: CallerCredentials): Promise<Identity>;
}
