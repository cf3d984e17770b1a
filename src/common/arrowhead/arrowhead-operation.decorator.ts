import { applyDecorators, Delete, Get, HttpCode, Post, Put, SetMetadata, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { ApiBearerAuth, ApiBody, ApiExtension, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../dto/error-response.dto';
import { routeOfPath, routeOfTopic } from './routes';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ArrowheadOperationOptions {
  method: HttpMethod;
  /** Full HTTP path, e.g. `/serviceorchestration/orchestration/mgmt/lock/create`. */
  path: string;
  /** Full MQTT topic, e.g. `arrowhead/serviceorchestration/orchestration/management/lock/create`. */
  topic: string;
  /** Success status on both transports. */
  status: number;
  /** One line for the API description. */
  summary?: string;
  /** The request body's DTO class, for the OpenAPI description. */
  body?: Type<unknown>;
  /** The success body's DTO class, for the OpenAPI description. */
  response?: Type<unknown>;
}

/** What the handler's ARROWHEAD_OPERATION metadata holds: the options plus the declared management flag. */
export interface DeclaredOperation extends ArrowheadOperationOptions {
  /** A management operation (SPEC.md §6), as the route table declares its service. */
  management: boolean;
}

/**
 * Management or not, from the route table (src/common/arrowhead/routes.ts). An operation whose
 * path and topic do not name one declared service counts as management: a mistake in a
 * declaration then closes an operation instead of opening it.
 */
export function declareOperation(options: ArrowheadOperationOptions): DeclaredOperation {
  const byTopic = routeOfTopic(options.topic);
  const declared = byTopic !== null && byTopic === routeOfPath(options.path);
  return { ...options, management: declared ? byTopic.management : true };
}

/** The OpenAPI side of an operation: body, statuses (every error is an ErrorResponse), its MQTT topic and whether it is management. */
function documented(options: DeclaredOperation): MethodDecorator[] {
  const { management } = options;
  return [
    ApiOperation({ summary: options.summary }),
    ApiBearerAuth(),
    ApiExtension('x-mqtt-topic', options.topic),
    ApiExtension('x-management', management),
    ...(options.body ? [ApiBody({ type: options.body, required: false })] : []),
    ApiResponse({ status: options.status, description: 'Success', ...(options.response ? { type: options.response } : {}) }),
    ApiResponse({ status: 400, description: 'Malformed request', type: ErrorResponseDto }),
    ApiResponse({ status: 401, description: 'Identity missing or not verifiable', type: ErrorResponseDto }),
    ...(management ? [ApiResponse({ status: 403, description: 'No management permission', type: ErrorResponseDto })] : []),
    ApiResponse({ status: 500, description: 'Unexpected error', type: ErrorResponseDto }),
  ];
}

export const ARROWHEAD_OPERATION = 'arrowhead:operation';

/** What the RPC servers read from a handler's extras: MQTT the success status, the HTTP operations front also the route. */
export interface ArrowheadOperationExtras {
  successStatus: number;
  http: { method: HttpMethod; path: string };
}

const HTTP_ROUTE = { GET: Get, POST: Post, PUT: Put, DELETE: Delete } as const;

/**
 * One operation, two transports: the IDD gives HTTP path and MQTT topic separately (they differ:
 * `mgmt` vs `management`), so both are named here, once, on the one handler.
 */
export function ArrowheadOperation(options: ArrowheadOperationOptions): MethodDecorator {
  const extras: ArrowheadOperationExtras = { successStatus: options.status, http: { method: options.method, path: options.path } };
  const declared = declareOperation(options);
  return applyDecorators(
    SetMetadata(ARROWHEAD_OPERATION, declared),
    HTTP_ROUTE[options.method](options.path),
    HttpCode(options.status),
    MessagePattern(options.topic, extras),
    ...documented(declared),
  );
}

/**
 * A second HTTP route for an operation whose documented and implemented forms differ (e.g. POST
 * and PUT for modify-priorities, SPEC-deviations B1). HTTP only: the topic names the operation
 * (for documentation and authorization) but is served by the main handler, which the alias calls.
 */
export function ArrowheadHttpAlias(options: ArrowheadOperationOptions): MethodDecorator {
  const declared = declareOperation(options);
  return applyDecorators(
    SetMetadata(ARROWHEAD_OPERATION, declared),
    HTTP_ROUTE[options.method](options.path),
    HttpCode(options.status),
    ...documented(declared),
  );
}
