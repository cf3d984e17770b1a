import type { IncomingMessage } from 'node:http';
import { charsetOf, isUtf8Json, JsonContentTypeMiddleware } from './json-content-type.middleware';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('charsetOf', () => {
  it.each<[string | undefined, string | undefined]>([
    [undefined, undefined],
    ['application/json', undefined],
    ['application/json; charset=UTF-8', 'utf-8'],
    ['application/json;charset=ISO-8859-1', 'iso-8859-1'],
    ['application/json; charset="latin1"', 'latin1'],
    ['application/json; foo=bar; CHARSET = utf-16 ', 'utf-16'],
  ])('%j → %j', (contentType, charset) => {
    expect(charsetOf(contentType)).toBe(charset);
  });
});

describe('isUtf8Json (what the body parser may read)', () => {
  it.each<[string, boolean]>([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON; Charset=UTF-8', true],
    ['application/json; charset=ISO-8859-1', false],
    ['application/json; charset=utf-16', false],
    ['application/json; charset=utf8', false],
    ['text/plain', false],
    ['application/jsonx', false],
  ])('%j → %j', (contentType, expected) => {
    expect(isUtf8Json(request({ 'content-type': contentType }))).toBe(expected);
  });
});

describe('JsonContentTypeMiddleware', () => {
  const middleware = new JsonContentTypeMiddleware();
  const run = (headers: Record<string, string>) => () => middleware.use(request(headers) as never, {} as never, () => undefined);

  it.each([
    [{ 'content-length': '2', 'content-type': 'application/json; charset=ISO-8859-1' }, "Content-Type charset 'iso-8859-1' is not supported, use UTF-8"],
    [{ 'content-length': '2', 'content-type': 'text/plain' }, "Content-Type 'text/plain' is not supported, use application/json"],
    [{ 'transfer-encoding': 'chunked' }, "Content-Type 'none' is not supported, use application/json"],
  ])('refuses %j with 415', (headers, message) => {
    expect(run(headers)).toThrow(expect.objectContaining({ status: 415, message }));
  });

  it.each([
    [{ 'content-length': '2', 'content-type': 'application/json' }],
    [{ 'content-length': '2', 'content-type': 'application/json; charset=utf-8' }],
    [{ 'content-type': 'application/json; charset=ISO-8859-1' }], // no body: nothing to decode
    [{}],
  ])('lets %j through', (headers) => {
    expect(run(headers)).not.toThrow();
  });
});
