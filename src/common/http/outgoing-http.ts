import { Inject, Injectable } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ClientTls, clientTlsOptions, loadTlsMaterial, TLS_MATERIAL, TlsMaterial } from '../../config/tls';

export interface OutgoingRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface OutgoingResponse {
  status: number;
  statusText: string;
  body: string;
}

/** Why a call got no answer: `timeout`, or the socket error code (ECONNREFUSED, …). */
export class OutgoingHttpError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Calls other systems (push receivers, the Authentication and ConsumerAuthorization systems).
 * Over HTTPS it presents this system's own certificate and trusts its CA (mutual TLS, as the
 * reference does with its key and trust stores).
 */
@Injectable()
export class OutgoingHttp {
  private readonly tls: ClientTls & { checkServerIdentity?: () => undefined };

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(TLS_MATERIAL) material: TlsMaterial | null = null) {
    this.tls = {
      // The service passes the material it loaded at start-up; built alone (tests), this loads it.
      ...clientTlsOptions(material ?? loadTlsMaterial(config.tls)),
      // DISABLE_HOSTNAME_VERIFIER: the chain is still verified, only the name check is skipped.
      ...(config.tls.disableHostnameVerifier ? { checkServerIdentity: () => undefined } : {}),
    };
  }

  send(outgoing: OutgoingRequest): Promise<OutgoingResponse> {
    const url = new URL(outgoing.url);
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return new Promise<OutgoingResponse>((resolve, reject) => {
      const call = send(
        url,
        {
          method: outgoing.method,
          headers: { ...(outgoing.body !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(outgoing.body) } : {}), ...outgoing.headers },
          timeout: outgoing.timeoutMs,
          ...(secure ? this.tls : {}),
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', body }));
          response.on('error', (error: NodeJS.ErrnoException) => reject(new OutgoingHttpError(error.code ?? error.message)));
        },
      );
      call.on('timeout', () => call.destroy(new OutgoingHttpError('timeout')));
      call.on('error', (error: NodeJS.ErrnoException) => reject(error instanceof OutgoingHttpError ? error : new OutgoingHttpError(error.code ?? error.message)));
      call.end(outgoing.body);
    });
  }
}
