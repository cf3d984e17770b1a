import { ExecutionContext, ArgumentsHost } from '@nestjs/common';
import type { Request } from 'express';
import { Identity } from '../auth/identity';
import type { CallerCredentials } from '../auth/identity-resolver';
import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { MqttRequestEnvelope } from './mqtt-envelope';
import { MqttContext } from '@nestjs/microservices';
import type { TracedRequest } from '../../logging/request-trace.middleware';

/**
 * One view over an HTTP request or an MQTT request envelope, so that guards, param decorators and
 * the exception filter share the same rules for where inputs and identity live.
 */
export type Transport = 'http' | 'mqtt';

type HttpRequestWithIdentity = Request & TracedRequest & { arrowheadIdentity?: Identity };
type EnvelopeWithIdentity = MqttRequestEnvelope & { identity?: Identity };

/**
 * An HTTP request reaches its handler either through Express (an 'http' host) or through the
 * operations front, ArrowheadHttpServer, which runs Nest's RPC pipeline with the request as its
 * data (an 'rpc' host whose context is not an MqttContext).
 */
export function transportOf(host: ArgumentsHost): Transport {
  return host.getType() === 'rpc' && host.getArgByIndex(1) instanceof MqttContext ? 'mqtt' : 'http';
}

export function httpRequestOf(host: ArgumentsHost): HttpRequestWithIdentity {
  return host.getType() === 'rpc' ? host.switchToRpc().getData<HttpRequestWithIdentity>() : host.switchToHttp().getRequest<HttpRequestWithIdentity>();
}

export function envelopeOf(host: ArgumentsHost): EnvelopeWithIdentity {
  return host.switchToRpc().getData<EnvelopeWithIdentity>();
}

/** SPEC.md §7.3: `<METHOD> <raw path>` on HTTP, the full topic on MQTT. */
export function originOf(host: ArgumentsHost): string | undefined {
  if (transportOf(host) === 'mqtt') {
    return envelopeOf(host)?.topic;
  }
  const request = httpRequestOf(host);
  const path = (request.originalUrl ?? request.url ?? '').split('?')[0];
  return `${request.method} ${path}`;
}

/** The id the request's log lines carry: its MQTT traceId (a new id when it has none), or its HTTP X-Request-Id. */
export function traceIdOf(host: ArgumentsHost): string | undefined {
  return transportOf(host) === 'mqtt' ? envelopeOf(host)?.logTraceId : httpRequestOf(host)?.arrowheadTraceId;
}

export function identityOf(host: ArgumentsHost): Identity | undefined {
  return transportOf(host) === 'mqtt'
    ? envelopeOf(host)?.identity
    : httpRequestOf(host)?.arrowheadIdentity;
}

export function attachIdentity(context: ExecutionContext, identity: Identity): void {
  if (transportOf(context) === 'mqtt') {
    envelopeOf(context).identity = identity;
  } else {
    httpRequestOf(context).arrowheadIdentity = identity;
  }
}

/** What the request offers as proof of identity (SPEC.md §5), from either transport. */
export function credentialsOf(context: ExecutionContext): CallerCredentials {
  if (transportOf(context) === 'mqtt') {
    const envelope = envelopeOf(context);
    return {
      transport: 'mqtt',
      traceId: envelope.logTraceId,
      authorization: envelope.authentication,
      peerCertificates: () => [],
      location: envelope.topic,
      baseLocation: envelope.topic.slice(0, envelope.topic.lastIndexOf('/') + 1),
    };
  }
  const request = httpRequestOf(context);
  const header = request.headers.authorization;
  const url = `${request.protocol}://${request.headers.host ?? 'localhost'}${(request.originalUrl ?? request.url).split('?')[0]}`.replace(/\/+$/, '');
  return {
    transport: 'http',
    traceId: request.arrowheadTraceId,
    authorization: Array.isArray(header) ? header[0] : header,
    peerCertificates: () => verifiedPeerChain(request.socket),
    location: url,
    baseLocation: url,
  };
}

/** The client certificate chain of a TLS connection, leaf first; empty unless the CA verified it. */
function verifiedPeerChain(socket: unknown): X509Certificate[] {
  const tls = socket as Partial<TLSSocket>;
  if (typeof tls.getPeerCertificate !== 'function' || !tls.authorized) {
    return [];
  }
  const chain: X509Certificate[] = [];
  let current: DetailedPeerCertificate | undefined = tls.getPeerCertificate(true);
  const seen = new Set<string>();
  while (current?.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push(new X509Certificate(current.raw));
    current = current.issuerCertificate;
  }
  return chain;
}
