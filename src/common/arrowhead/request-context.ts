import { ExecutionContext, ArgumentsHost } from '@nestjs/common';
import type { Request } from 'express';
import { Identity } from '../auth/identity';
import { MqttRequestEnvelope } from './mqtt-envelope';

/**
 * One view over an HTTP request or an MQTT request envelope, so that guards, param decorators and
 * the exception filter share the same rules for where inputs and identity live.
 */
export type Transport = 'http' | 'mqtt';

type HttpRequestWithIdentity = Request & { arrowheadIdentity?: Identity };
type EnvelopeWithIdentity = MqttRequestEnvelope & { identity?: Identity };

export function transportOf(host: ArgumentsHost): Transport {
  return host.getType() === 'rpc' ? 'mqtt' : 'http';
}

export function httpRequestOf(host: ArgumentsHost): HttpRequestWithIdentity {
  return host.switchToHttp().getRequest<HttpRequestWithIdentity>();
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

/** The raw identity info: the Authorization header on HTTP, `authentication` on MQTT. */
export function credentialsOf(context: ExecutionContext): string | undefined {
  if (transportOf(context) === 'mqtt') {
    return envelopeOf(context).authentication;
  }
  const header = httpRequestOf(context).headers.authorization;
  return Array.isArray(header) ? header[0] : header;
}
