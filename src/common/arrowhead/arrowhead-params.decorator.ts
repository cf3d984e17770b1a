import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import {
  envelopeOf,
  httpRequestOf,
  identityOf,
  transportOf,
} from './request-context';

/** The operation input: the HTTP body, or the MQTT envelope's `payload` (null when absent). */
export const ArrowheadPayload = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  if (transportOf(ctx) === 'mqtt') {
    return envelopeOf(ctx).payload ?? null;
  }
  return httpRequestOf(ctx).body ?? null;
});

/** A scalar parameter: HTTP path variable or query parameter, or MQTT `params[name]`. */
export const ArrowheadParam = createParamDecorator((name: string, ctx: ExecutionContext) => {
  if (transportOf(ctx) === 'mqtt') {
    return envelopeOf(ctx).params[name];
  }
  const request = httpRequestOf(ctx);
  const fromPath = request.params?.[name];
  if (fromPath !== undefined) {
    return fromPath;
  }
  const fromQuery = request.query?.[name];
  return Array.isArray(fromQuery) ? String(fromQuery[0]) : (fromQuery as string | undefined);
});

/** One value that HTTP carries as a path variable and MQTT as the whole payload (unsubscribe's id). */
export const ArrowheadPathOrPayload = createParamDecorator((name: string, ctx: ExecutionContext) => {
  if (transportOf(ctx) === 'mqtt') {
    return envelopeOf(ctx).payload ?? undefined;
  }
  return httpRequestOf(ctx).params?.[name];
});

/**
 * Marks a list input for the validation pipe (it arrives as the parameter's `data`), which holds
 * it to a JSON array: a decorator only reads its input.
 */
export class ListInput {
  constructor(readonly name: string) {}

  toString(): string {
    return this.name;
  }
}

const listInput = createParamDecorator((input: ListInput, ctx: ExecutionContext) => {
  if (transportOf(ctx) === 'mqtt') {
    return envelopeOf(ctx).payload ?? undefined;
  }
  const raw = httpRequestOf(ctx).query?.[input.name];
  if (raw === undefined) {
    return undefined;
  }
  const values = (Array.isArray(raw) ? raw : [raw]).map(String);
  return values.flatMap((value) => value.split(','));
});

/**
 * A list that HTTP carries as a query parameter (`?ids=a&ids=b` or `?ids=a,b`, SPEC.md §2.1) and
 * MQTT as the whole payload (a JSON array, SPEC.md §4.5; ArrowheadValidationPipe refuses anything
 * else). Undefined when absent.
 */
export const ArrowheadListInput = (name: string): ParameterDecorator => listInput(new ListInput(name));

const authenticatedIdentity = createParamDecorator((_: string, ctx: ExecutionContext) => identityOf(ctx));

/** The caller established by the auth guard (named `requester` for the input checks' messages). */
export const AuthenticatedIdentity = (): ParameterDecorator => authenticatedIdentity('requester');

/** Which transport the request came by, for the rare wire difference between the two. */
export const ArrowheadTransport = createParamDecorator((_: unknown, ctx: ExecutionContext) => transportOf(ctx));
