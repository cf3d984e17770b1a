import { applyDecorators, Delete, Get, HttpCode, Post, Put, SetMetadata } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ArrowheadOperationOptions {
  method: HttpMethod;
  /** Full HTTP path, e.g. `/serviceorchestration/orchestration/mgmt/lock/create`. */
  path: string;
  /** Full MQTT topic, e.g. `arrowhead/serviceorchestration/orchestration/management/lock/create`. */
  topic: string;
  /** Success status on both transports. */
  status: number;
}

export const ARROWHEAD_OPERATION = 'arrowhead:operation';

/** The `successStatus` the MQTT server reads from the handler's extras. */
export interface ArrowheadMqttExtras {
  successStatus: number;
}

const HTTP_ROUTE = { GET: Get, POST: Post, PUT: Put, DELETE: Delete } as const;

/**
 * One operation, two transports: the IDD gives HTTP path and MQTT topic separately (they differ:
 * `mgmt` vs `management`), so both are named here, once, on the one handler.
 */
export function ArrowheadOperation(options: ArrowheadOperationOptions): MethodDecorator {
  const extras: ArrowheadMqttExtras = { successStatus: options.status };
  return applyDecorators(
    SetMetadata(ARROWHEAD_OPERATION, options),
    HTTP_ROUTE[options.method](options.path),
    HttpCode(options.status),
    MessagePattern(options.topic, extras),
  );
}

/**
 * A second HTTP route for an operation whose documented and implemented forms differ (e.g. POST
 * and PUT for modify-priorities, SPEC-deviations B1). HTTP only: the MQTT topic stays on the
 * operation's main handler, which the alias method simply calls.
 */
export function ArrowheadHttpAlias(options: Omit<ArrowheadOperationOptions, 'topic'>): MethodDecorator {
  return applyDecorators(SetMetadata(ARROWHEAD_OPERATION, options), HTTP_ROUTE[options.method](options.path), HttpCode(options.status));
}
