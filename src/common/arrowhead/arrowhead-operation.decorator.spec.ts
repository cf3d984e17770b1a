import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { PatternHandler } from '@nestjs/microservices/enums/pattern-handler.enum';
import {
  PATTERN_EXTRAS_METADATA,
  PATTERN_HANDLER_METADATA,
  PATTERN_METADATA,
} from '@nestjs/microservices/constants';
import { ARROWHEAD_OPERATION, ArrowheadOperation, ArrowheadOperationOptions, declareOperation } from './arrowhead-operation.decorator';

const CREATE: ArrowheadOperationOptions = { method: 'POST', path: '/x/y', topic: 'a/b', status: 201 };

class TestController {
  @ArrowheadOperation(CREATE)
  create(): void {}

  @ArrowheadOperation({ method: 'GET', path: '/x/get', topic: 'a/get', status: 200 })
  get(): void {}

  @ArrowheadOperation({ method: 'PUT', path: '/x/put', topic: 'a/put', status: 200 })
  put(): void {}

  @ArrowheadOperation({ method: 'DELETE', path: '/x/delete/:owner', topic: 'a/delete', status: 200 })
  remove(): void {}
}

const handler = TestController.prototype.create;

describe('ArrowheadOperation', () => {
  it('registers the HTTP route (PATH_METADATA, METHOD_METADATA)', () => {
    expect(Reflect.getMetadata(PATH_METADATA, handler)).toBe('/x/y');
    expect(Reflect.getMetadata(METHOD_METADATA, handler)).toBe(RequestMethod.POST);
  });

  it('sets the HTTP success status (HTTP_CODE_METADATA)', () => {
    expect(Reflect.getMetadata(HTTP_CODE_METADATA, handler)).toBe(201);
  });

  it('registers the MQTT topic as a message pattern (PATTERN_METADATA)', () => {
    expect(Reflect.getMetadata(PATTERN_METADATA, handler)).toEqual(['a/b']);
    expect(Reflect.getMetadata(PATTERN_HANDLER_METADATA, handler)).toBe(PatternHandler.MESSAGE);
  });

  it('passes the success status and the HTTP route to the RPC servers (PATTERN_EXTRAS_METADATA)', () => {
    expect(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, handler)).toEqual({ successStatus: 201, http: { method: 'POST', path: '/x/y' } });
  });

  it('keeps the full options under ARROWHEAD_OPERATION, with the management flag', () => {
    expect(Reflect.getMetadata(ARROWHEAD_OPERATION, handler)).toEqual({ ...CREATE, management: true });
  });

  it.each([
    ['get', RequestMethod.GET, '/x/get', 'a/get'],
    ['put', RequestMethod.PUT, '/x/put', 'a/put'],
    ['remove', RequestMethod.DELETE, '/x/delete/:owner', 'a/delete'],
  ] as const)('maps %s to %s %s and topic %s', (method, requestMethod, path, topic) => {
    const target = TestController.prototype[method];
    expect(Reflect.getMetadata(METHOD_METADATA, target)).toBe(requestMethod);
    expect(Reflect.getMetadata(PATH_METADATA, target)).toBe(path);
    expect(Reflect.getMetadata(HTTP_CODE_METADATA, target)).toBe(200);
    expect(Reflect.getMetadata(PATTERN_METADATA, target)).toEqual([topic]);
    expect(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, target)).toEqual({ successStatus: 200, http: { method: RequestMethod[requestMethod], path } });
  });
});

// Issue 8: management is declared by the route table per service, never read from the request's URL.
describe('declareOperation (management from the route table)', () => {
  const H = '/serviceorchestration';
  const T = 'arrowhead/serviceorchestration';
  it.each([
    [`${H}/orchestration/pull`, `${T}/orchestration/pull`, false],
    [`${H}/orchestration/unsubscribe/:id`, `${T}/orchestration/unsubscribe`, false],
    [`${H}/monitor/echo`, `${T}/monitor/echo`, false],
    [`${H}/orchestration/mgmt/lock/query`, `${T}/orchestration/management/lock/query`, true],
    [`${H}/orchestration/mgmt/simple-store/create`, `${T}/orchestration/management/store/create`, true],
    [`${H}/orchestration/mgmt/push/trigger`, `${T}/orchestration/management/push/trigger`, true],
    [`${H}/orchestration/mgmt/history/query`, `${T}/orchestration/management/history/query`, true],
    [`${H}/general/mgmt/logs`, `${T}/general/management/get-log`, true],
  ])('%s (%s) → management %s', (path, topic, management) => {
    expect(declareOperation({ method: 'POST', path, topic, status: 200 }).management).toBe(management);
  });

  it.each([
    ['an undeclared path and topic', '/x/y', 'a/b'],
    ['path and topic of different services', `${H}/orchestration/pull`, `${T}/orchestration/management/lock/query`],
    ['a management topic under a plain path', `${H}/orchestration/lock/query`, `${T}/orchestration/management/lock/query`],
  ])('fails closed for %s', (_, path, topic) => {
    expect(declareOperation({ method: 'POST', path, topic, status: 200 }).management).toBe(true);
  });
});
