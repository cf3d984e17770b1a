import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { lookup, LookupAddress } from 'node:dns';
import { isIP, LookupFunction } from 'node:net';
import { BlockedNetworks } from './blocked-networks';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

export interface OutgoingRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Deadline for the whole call, from before the connection to the last byte read. */
  timeoutMs: number;
  /** Bytes of the answer's body read at most; the rest is not read and the connection is closed. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Networks the call may not connect to, checked on the address actually connected to. */
  blockedNetworks?: BlockedNetworks;
  /** Stops the call (e.g. when its push job was taken over by another replica). */
  signal?: AbortSignal;
}

export interface OutgoingResponse {
  status: number;
  statusText: string;
  body: string;
  /** The body was longer than `maxResponseBytes` and was cut there. */
  truncated: boolean;
}

/** Why a call got no answer: `timeout`, `aborted`, a blocked address, or the socket error code (ECONNREFUSED, …). */
export class OutgoingHttpError extends Error {
  constructor(
    readonly reason: string,
    /** Trying again cannot help (the address is blocked). */
    readonly final = false,
  ) {
    super(reason);
  }
}

const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Calls other systems (push receivers, the Authentication and ConsumerAuthorization systems).
 * Over HTTPS it presents this system's own certificate and trusts its CA (mutual TLS, as the
 * reference does with its key and trust stores). A receiver cannot hold a call beyond its
 * deadline nor make it read more than `maxResponseBytes`, and with `blockedNetworks` the
 * connection (and so the client certificate) never reaches a blocked address.
 */
@Injectable()
export class OutgoingHttp {
  private readonly tls: { key?: Buffer; cert?: Buffer; ca?: Buffer };

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { enabled, keyFile, certFile, caFile } = config.tls;
    this.tls = enabled
      ? { key: keyFile ? readFileSync(keyFile) : undefined, cert: certFile ? readFileSync(certFile) : undefined, ca: caFile ? readFileSync(caFile) : undefined }
      : {};
  }

  send(outgoing: OutgoingRequest): Promise<OutgoingResponse> {
    const url = new URL(outgoing.url);
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const maxBytes = outgoing.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const blocked = outgoing.blockedNetworks;
    return new Promise<OutgoingResponse>((resolve, reject) => {
      const literal = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
      if (blocked && isIP(literal) !== 0 && blocked.blocks(literal)) {
        reject(blockedError(literal));
        return;
      }
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        outgoing.signal?.removeEventListener('abort', abort);
        outcome();
      };
      const fail = (error: OutgoingHttpError) => settle(() => reject(error));
      const call = send(
        url,
        {
          method: outgoing.method,
          headers: { ...(outgoing.body !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(outgoing.body) } : {}), ...outgoing.headers },
          // Guarded calls get a connection of their own, opened through the guarded lookup.
          ...(blocked ? { agent: false, lookup: guardedLookup(blocked) } : {}),
          ...(secure ? this.tls : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let length = 0;
          const answer = (truncated: boolean) => ({
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            body: Buffer.concat(chunks).toString('utf8'),
            truncated,
          });
          response.on('data', (chunk: Buffer) => {
            if (settled) return;
            const room = maxBytes - length;
            chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
            length += Math.min(chunk.length, room);
            if (chunk.length > room) {
              settle(() => resolve(answer(true)));
              call.destroy();
            }
          });
          response.on('end', () => settle(() => resolve(answer(false))));
          response.on('error', (error: NodeJS.ErrnoException) => fail(new OutgoingHttpError(error.code ?? error.message)));
          response.on('close', () => fail(new OutgoingHttpError('ECONNRESET'))); // no-op after 'end'
        },
      );
      const deadline = setTimeout(() => {
        fail(new OutgoingHttpError('timeout'));
        call.destroy();
      }, outgoing.timeoutMs);
      const abort = () => {
        fail(new OutgoingHttpError('aborted'));
        call.destroy();
      };
      if (outgoing.signal?.aborted) abort();
      outgoing.signal?.addEventListener('abort', abort, { once: true });
      if (blocked) {
        // The lookup covers host names; this covers whatever the socket actually connected to.
        call.on('socket', (socket) =>
          socket.once('connect', () => {
            if (socket.remoteAddress && blocked.blocks(socket.remoteAddress)) {
              fail(blockedError(socket.remoteAddress));
              call.destroy();
            }
          }),
        );
      }
      call.on('error', (error: NodeJS.ErrnoException) =>
        fail(error instanceof OutgoingHttpError ? error : new OutgoingHttpError(error.code ?? error.message)),
      );
      call.end(outgoing.body);
    });
  }
}

function blockedError(address: string, host?: string): OutgoingHttpError {
  const named = host && host !== address ? `${host} (${address})` : address;
  return new OutgoingHttpError(`${named} is in a blocked network (PUSH_HTTP_BLOCKED_NETWORKS)`, true);
}

/** DNS resolution that never hands a blocked address to the socket (so DNS rebinding cannot slip one in). */
function guardedLookup(blocked: BlockedNetworks): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses.filter((entry) => !blocked.blocks(entry.address));
      if (allowed.length === 0) return callback(blockedError(addresses[0]?.address ?? '', hostname), '', 0);
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}
