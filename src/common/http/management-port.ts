import { NotFoundException } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Health probes, Prometheus metrics and the OpenAPI description (Swagger UI, JSON and YAML). */
const OPERATIONS_PATH = /^\/(health|metrics|swagger-ui|v3\/api-docs)(?=[/?.-]|$)/i;

/** Set on requests that came in through the management listener. */
const VIA_MANAGEMENT_PORT = Symbol('viaManagementPort');

export function isOperationsPath(url: string): boolean {
  return OPERATIONS_PATH.test(url);
}

/**
 * With MANAGEMENT_PORT, one application answers on two listeners: the management one serves only
 * the operations endpoints and the API one everything else. A request on the wrong listener gets
 * the 404 of an unknown route (through the one exception filter). The path test ignores letter
 * case, so that no variant of an operations path is served on the API port.
 */
export function listenerGate(): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    const viaManagementPort = (request as IncomingMessage & { [VIA_MANAGEMENT_PORT]?: boolean })[VIA_MANAGEMENT_PORT] === true;
    if (isOperationsPath(request.originalUrl) === viaManagementPort) {
      next();
      return;
    }
    next(new NotFoundException(`Cannot ${request.method} ${request.originalUrl}`));
  };
}

/** Plain HTTP on `port` for the operations endpoints, handled by the application's own request handler. */
export async function listenManagementPort(
  handler: (request: IncomingMessage, response: Response) => void,
  port: number,
  address: string,
): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    (request as IncomingMessage & { [VIA_MANAGEMENT_PORT]?: boolean })[VIA_MANAGEMENT_PORT] = true;
    handler(request, response as unknown as Response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}
