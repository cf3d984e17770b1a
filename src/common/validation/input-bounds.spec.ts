import { rejection } from '../../../test/support/unit';
import { checkInputBounds } from './input-bounds';

const BOUNDS = { maxBulk: 3 };

describe('checkInputBounds', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string with other control characters', 'a\tb\u0001c\u007f'],
    ['lists and maps of exactly MAX_BULK entries', { a: [1, 2, 3], b: { x: 1, y: 2, z: 3 } }],
    ['an empty list', []],
  ])('accepts %s', (_, input) => {
    expect(() => checkInputBounds(input, BOUNDS)).not.toThrow();
  });

  it.each<[string, unknown, string | undefined, string]>([
    ['a top-level list', [1, 2, 3, 4], undefined, 'Too many entries in the payload: 4, at most 3 are allowed'],
    ['a named list input', ['a', 'b', 'c', 'd'], 'uuids', "Too many entries in 'uuids': 4, at most 3 are allowed"],
    ['a list field', { locks: [{}, {}, {}, {}] }, undefined, "Too many entries in 'locks': 4, at most 3 are allowed"],
    ['a map (priority map)', { a: 1, b: 2, c: 3, d: 4 }, undefined, 'Too many entries in the payload: 4, at most 3 are allowed'],
    ['a nested list', { entries: [{ ids: [1, 2, 3, 4] }] }, undefined, "Too many entries in 'entries[0].ids': 4, at most 3 are allowed"],
  ])('refuses more than MAX_BULK entries in %s', (_, input, name, message) => {
    expect(rejection(() => checkInputBounds(input, BOUNDS, name))).toBe(message);
  });

  it.each<[string, unknown, string | undefined, string]>([
    ['a string input', 'a\u0000b', 'id', "Invalid character in 'id': NUL is not allowed"],
    ['a field', { owner: 'x\u0000' }, undefined, "Invalid character in 'owner': NUL is not allowed"],
    ['a list element', { entries: [{ consumer: 'A' }, { consumer: '\u0000' }] }, undefined, "Invalid character in 'entries[1].consumer': NUL is not allowed"],
    ['a map key', { notifyInterface: { properties: { 'to\u0000pic': 'x' } } }, undefined, "Invalid character in a key of 'notifyInterface.properties': NUL is not allowed"],
    ['the requester name', { systemName: 'A\u0000b', sysop: false }, 'requester', "Invalid character in 'requester.systemName': NUL is not allowed"],
  ])('refuses a NUL in %s', (_, input, name, message) => {
    expect(rejection(() => checkInputBounds(input, BOUNDS, name))).toBe(message);
  });

  it('shows long or control-character keys bounded and escaped in the path', () => {
    const key = `k\u0001${'x'.repeat(100)}`;
    expect(rejection(() => checkInputBounds({ [key]: '\u0000' }, BOUNDS))).toBe(`Invalid character in 'k\\u0001${'x'.repeat(38)}…': NUL is not allowed`);
  });

  it('names the offending entry wherever it sits', () => {
    expect(rejection(() => checkInputBounds({ a: ['ok', { b: [{}, { c: 'x\u0000' }] }] }, BOUNDS))).toBe("Invalid character in 'a[1].b[1].c': NUL is not allowed");
  });

  it('survives nesting far deeper than the call stack', () => {
    let deep: unknown = 'leaf\u0000';
    for (let level = 0; level < 200_000; level++) deep = [deep];
    expect(() => checkInputBounds(deep, BOUNDS)).toThrow('NUL is not allowed');
  });
});
