import { ArgumentsHost, BadRequestException, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { MqttContext } from '@nestjs/microservices';
import { HttpOperationContext } from '../http/arrowhead-http.server';
import { lastValueFrom, Observable } from 'rxjs';
import { QueryFailedError } from 'typeorm';
import { ArrowheadExceptionFilter } from './arrowhead-exception.filter';
import { ArrowheadException, ExceptionType } from './arrowhead.exception';

const TOPIC = 'arrowhead/serviceorchestration/orchestration/management/lock/create';
const PATH = '/serviceorchestration/orchestration/mgmt/lock/create';

function rpcHost(data: unknown, context: unknown): ArgumentsHost {
  const host = new ExecutionContextHost([data, context]);
  host.setType('rpc');
  return host;
}

const mqttHost = () => rpcHost({ topic: TOPIC }, new MqttContext([TOPIC, undefined as never]));

/** A request the HTTP operations front hands to the RPC pipeline. */
const frontHost = () => rpcHost({ method: 'POST', originalUrl: `${PATH}?x=1` }, new HttpOperationContext([PATH]));

function httpHost(sent: { status?: number; body?: unknown }): ArgumentsHost {
  const response = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
    },
  };
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => ({ method: 'POST', originalUrl: `${PATH}?x=1` }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
}

/** What the filter answers on each transport for `exception`. */
async function answers(exception: unknown) {
  const filter = new ArrowheadExceptionFilter();
  const sent: { status?: number; body?: unknown } = {};
  filter.catch(exception, httpHost(sent));
  const reply = (host: ArgumentsHost) => lastValueFrom(filter.catch(exception, host) as Observable<never>).catch((error: unknown) => error);
  return { http: sent, mqtt: await reply(mqttHost()), front: await reply(frontHost()) };
}

// SPEC.md §7: every error is an ErrorResponse with the status of its exception type.
describe('ArrowheadExceptionFilter', () => {
  // Unexpected errors are logged with their stack; not in the test output.
  beforeAll(() => Logger.overrideLogger(false));

  it.each([
    ['an ArrowheadException', ArrowheadException.invalidParameter('Owner is missing'), 400, ExceptionType.INVALID_PARAMETER, 'Owner is missing'],
    ['a FORBIDDEN one', ArrowheadException.forbidden('Requester has no management permission'), 403, ExceptionType.FORBIDDEN, 'Requester has no management permission'],
    ['a LOCKED one', new ArrowheadException(ExceptionType.LOCKED, 'Locked'), 423, ExceptionType.LOCKED, 'Locked'],
    ["Nest's 404 (no such route)", new NotFoundException('Cannot POST /x'), 404, ExceptionType.DATA_NOT_FOUND, 'Cannot POST /x'],
    ["Nest's 400 (the body parser)", new BadRequestException('Unexpected end of JSON input'), 400, ExceptionType.INVALID_PARAMETER, 'Failed to read request: Unexpected end of JSON input'],
    // body-parser gives a decompression error its 400 and http-errors' `expose`, but no `type`.
    ['a corrupt compressed body (the body parser)', Object.assign(new Error('incorrect header check'), { status: 400, expose: true, code: 'Z_DATA_ERROR' }), 400, ExceptionType.INVALID_PARAMETER, 'Failed to read request: incorrect header check'],
    ['a framework 503', new HttpException('down', 503), 500, ExceptionType.INTERNAL_SERVER_ERROR, 'Internal server error'],
    ['a framework 408', new HttpException('slow', 408), 408, ExceptionType.TIMEOUT, 'slow'],
    ['a framework 415', new HttpException('media', 415), 415, ExceptionType.INVALID_PARAMETER, 'media'],
    ['a database error (details only in the log)', new QueryFailedError('SELECT', [], new Error('relation missing')), 500, ExceptionType.INTERNAL_SERVER_ERROR, 'Database operation error'],
    ['any other error (details only in the log)', new TypeError('x is undefined'), 500, ExceptionType.INTERNAL_SERVER_ERROR, 'Internal server error'],
    ['a thrown non-error', 'boom', 500, ExceptionType.INTERNAL_SERVER_ERROR, 'Internal server error'],
  ])('answers %s with %i on both transports (and HTTP through the operations front)', async (_, exception, status, exceptionType, errorMessage) => {
    const { http, mqtt, front } = await answers(exception);
    expect(http).toEqual({ status, body: { errorMessage, errorCode: status, exceptionType, origin: `POST ${PATH}` } });
    expect(mqtt).toEqual({ status, payload: { errorMessage, errorCode: status, exceptionType, origin: TOPIC } });
    expect(front).toEqual({ status, payload: http.body });
  });

  it('leaves the origin out of HTTP authentication errors only (SPEC.md §5.1)', async () => {
    const { http, mqtt, front } = await answers(ArrowheadException.auth('Invalid authorization header'));
    expect(http.body).toEqual({ errorMessage: 'Invalid authorization header', errorCode: 401, exceptionType: 'AUTH' });
    expect(front).toEqual({ status: 401, payload: http.body });
    expect(mqtt).toEqual({ status: 401, payload: { errorMessage: 'Invalid authorization header', errorCode: 401, exceptionType: 'AUTH', origin: TOPIC } });
  });
});
