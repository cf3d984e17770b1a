import { jsonDeeperThan, MAX_JSON_DEPTH } from './json-depth';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level++) value = level % 2 === 0 ? [value] : { key: value };
  return value;
};

describe('jsonDeeperThan', () => {
  it('counts a bare object or array as one level, scalars as none', () => {
    expect([jsonDeeperThan('text', 0), jsonDeeperThan(null, 0), jsonDeeperThan({}, 0), jsonDeeperThan([], 1)]).toEqual([false, false, true, false]);
  });

  it('accepts 64 levels and refuses 65, in arrays and objects alike', () => {
    expect(MAX_JSON_DEPTH).toBe(64);
    expect(jsonDeeperThan(nested(64))).toBe(false);
    expect(jsonDeeperThan(nested(65))).toBe(true);
    expect(jsonDeeperThan({ wide: Array.from({ length: 1000 }, () => nested(10)), deep: nested(70) })).toBe(true);
  });

  it('does not overflow the stack on a million levels', () => {
    expect(jsonDeeperThan(JSON.parse(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`))).toBe(true);
  });
});
