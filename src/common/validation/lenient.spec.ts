import { INT32_MAX, INT32_MIN, int32From, integerFromText, integerText } from './lenient';

// Jackson's reading of numbers in text (SPEC.md §3), the one integer-text rule of the service.
describe('integerText', () => {
  it.each([
    ['42', 42],
    [' -7 ', -7],
    ['+3', 3],
    ['007', 7],
  ])('reads %j as %j', (text, number) => {
    expect(integerText(text)).toBe(number);
  });

  it.each([['4.2'], ['1e3'], [''], [' '], ['x1'], ['--1']])('reads %j as no integer', (text) => {
    expect(integerText(text)).toBeUndefined();
  });

  it.each([[42], [null], [undefined], [true]])('reads the non-text %j as no integer', (value) => {
    expect(integerText(value)).toBeUndefined();
  });

  it('takes no sign when unsigned', () => {
    expect([integerText(' 2 ', { signed: false }), integerText('+2', { signed: false }), integerText('-2', { signed: false })]).toEqual([2, undefined, undefined]);
  });

  it('leaves what is no integer text as it is in integerFromText', () => {
    expect([integerFromText('12'), integerFromText('x'), integerFromText(5)]).toEqual([12, 'x', 5]);
  });
});

describe('int32From', () => {
  it.each([
    [5, 5],
    ['5', 5],
    [INT32_MAX, INT32_MAX],
    [INT32_MIN, INT32_MIN],
    [String(INT32_MIN), INT32_MIN],
  ])('reads %j as %j', (value, number) => {
    expect(int32From(value)).toBe(number);
  });

  it.each([[INT32_MAX + 1], [INT32_MIN - 1], [1.5], ['1.5'], ['x'], [null], [true], [[1]]])('reads %j as no 32-bit integer', (value) => {
    expect(int32From(value)).toBeUndefined();
  });
});
