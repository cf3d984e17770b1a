import { identityOf } from '../auth/identity';
import { NameNormalizer, splitInstanceId } from './name-normalizer';
import { NamingValidator } from './naming-validator';

// SPEC.md §8.2 (normalization) and §8.1 (instance id splitting).
describe('NameNormalizer', () => {
  describe("extended mode", () => {
    const normalizer = new NameNormalizer('extended');

    describe('systemName (PascalCase)', () => {
      it.each([
        ['temperature-manager', 'TemperatureManager'],
        ['sysop', 'Sysop'],
        ['Sysop', 'Sysop'],
        ['my system', 'MySystem'],
        ['TEMP_X', 'TEMPX'],
        ['  temperature-manager  ', 'TemperatureManager'],
        ['temperature__--manager', 'TemperatureManager'],
        ['my \t system', 'MySystem'],
        ['my\u00a0system', 'MySystem'],
        ['temperatureManager', 'TemperatureManager'],
        ['TemperatureProvider2', 'TemperatureProvider2'],
        ['a', 'A'],
        ['kelvin_info', 'KelvinInfo'],
      ])('%j → %j', (input, expected) => {
        expect(normalizer.systemName(input)).toBe(expected);
      });

      it.each([[''], ['   '], ['\t\n'], [null], [undefined]])('blank %j → null', (input) => {
        expect(normalizer.systemName(input)).toBeNull();
      });
    });

    describe('serviceDefinition (camelCase)', () => {
      it.each([
        ['Kelvin-info', 'kelvinInfo'],
        ['kelvin info', 'kelvinInfo'],
        [' Kelvin_Info ', 'kelvinInfo'],
        ['serviceOrchestration', 'serviceOrchestration'],
        ['ServiceOrchestration', 'serviceOrchestration'],
        ['service-orchestration-lock-management', 'serviceOrchestrationLockManagement'],
        ['temperature--_info', 'temperatureInfo'],
      ])('%j → %j', (input, expected) => {
        expect(normalizer.serviceDefinition(input)).toBe(expected);
      });

      it.each([[''], ['  '], [null], [undefined]])('blank %j → null', (input) => {
        expect(normalizer.serviceDefinition(input)).toBeNull();
      });
    });

    describe('version', () => {
      it.each([
        ['', '1.0.0'],
        ['   ', '1.0.0'],
        [null, '1.0.0'],
        [undefined, '1.0.0'],
        ['1', '1.0.0'],
        [' 1 ', '1.0.0'],
        ['1.2', '1.2.0'],
        ['1.2.3', '1.2.3'],
        [' 1.2.3 ', '1.2.3'],
        ['1.2.3.4', '1.2.3.4'],
        ['abc', 'abc.0.0'],
      ])('%j → %j', (input, expected) => {
        expect(normalizer.version(input)).toBe(expected);
      });
    });

    describe('serviceInstanceId', () => {
      it.each([
        [' temperature-provider2 | Kelvin_Info | 1 ', 'TemperatureProvider2|kelvinInfo|1.0.0'],
        ['TemperatureProvider2|kelvinInfo|1.0.0', 'TemperatureProvider2|kelvinInfo|1.0.0'],
        ['my provider|kelvin info|1.2', 'MyProvider|kelvinInfo|1.2.0'],
        // a part normalized to null is joined as the text `null`
        ['|kelvinInfo|1.0.0', 'null|kelvinInfo|1.0.0'],
        ['A|  |1.0.0', 'A|null|1.0.0'],
        // an existing but blank version part becomes 1.0.0; a trailing empty part does not exist
        ['A|b| |', 'A|b|1.0.0'],
        ['A|b|', 'A|b'],
        // only the parts that exist are normalized
        ['temperature-provider', 'TemperatureProvider'],
        ['temperature-provider|Kelvin-info', 'TemperatureProvider|kelvinInfo'],
      ])('%j → %j', (input, expected) => {
        expect(normalizer.serviceInstanceId(input)).toBe(expected);
      });

      it.each([[''], ['   '], [null], [undefined]])('blank %j → null', (input) => {
        expect(normalizer.serviceInstanceId(input)).toBeNull();
      });
    });
  });

  describe('simple mode (only trims)', () => {
    const normalizer = new NameNormalizer('simple');

    it.each([
      ['temperature-manager', 'temperature-manager'],
      ['  sysop  ', 'sysop'],
      ['my system', 'my system'],
      ['TEMP_X', 'TEMP_X'],
    ])('systemName %j → %j', (input, expected) => {
      expect(normalizer.systemName(input)).toBe(expected);
    });

    it.each([
      ['Kelvin-info', 'Kelvin-info'],
      [' kelvinInfo ', 'kelvinInfo'],
    ])('serviceDefinition %j → %j', (input, expected) => {
      expect(normalizer.serviceDefinition(input)).toBe(expected);
    });

    it.each([[''], ['  '], [null], [undefined]])('blank %j → null for every name kind', (input) => {
      expect(normalizer.systemName(input)).toBeNull();
      expect(normalizer.serviceDefinition(input)).toBeNull();
      expect(normalizer.serviceInstanceId(input)).toBeNull();
    });

    it.each([
      ['', '1.0.0'],
      ['1', '1.0.0'],
      ['1.2', '1.2.0'],
      ['1.2.3', '1.2.3'],
    ])('version is mode-independent: %j → %j', (input, expected) => {
      expect(normalizer.version(input)).toBe(expected);
    });

    it('serviceInstanceId trims each part and still normalizes the version', () => {
      expect(normalizer.serviceInstanceId(' temperature-provider2 | Kelvin_Info | 1 ')).toBe(
        'temperature-provider2|Kelvin_Info|1.0.0',
      );
    });
  });
});

describe('splitInstanceId', () => {
  it.each([
    ['A|b|1.0.0', ['A', 'b', '1.0.0']],
    ['A|b|', ['A', 'b']],
    ['A|b||', ['A', 'b']],
    ['A||1.0.0', ['A', '', '1.0.0']],
    ['|b|1.0.0', ['', 'b', '1.0.0']],
    ['A', ['A']],
    ['A|b|1.0.0|x', ['A', 'b', '1.0.0', 'x']],
    ['|||', []],
  ])('%j → %j', (input, expected) => {
    expect(splitInstanceId(input)).toEqual(expected);
  });

  it('`A|b|` has 2 parts (trailing empty parts are dropped)', () => {
    expect(splitInstanceId('A|b|')).toHaveLength(2);
  });
});

// Issue 8: case changes touch ASCII letters only, so no other letter becomes an ASCII one.
describe('NameNormalizer: ASCII-only case changes', () => {
  const normalizer = new NameNormalizer('extended');

  it.each([
    ['ſysop', 'ſysop'], // long s: toUpperCase() would give `Sysop`
    ['my_ſystem', 'Myſystem'],
    ['ıd', 'ıd'], // dotless i: toUpperCase() would give `ID`
    ['ßystem', 'ßystem'], // toUpperCase() would give `SSYSTEM`
    ['élan', 'élan'],
    ['\u212Aelvin', '\u212Aelvin'], // Kelvin sign stays itself
    ['sysop', 'Sysop'],
  ])('systemName %j → %j', (input, expected) => {
    expect(normalizer.systemName(input)).toBe(expected);
  });

  it.each([
    ['\u212Aelvin-info', '\u212AelvinInfo'], // toLowerCase() would give the ASCII `kelvinInfo`
    ['İnfo', 'İnfo'], // toLowerCase() would give `i̇nfo` (two code points)
    ['Kelvin-ſtate', 'kelvinſtate'],
  ])('serviceDefinition %j → %j', (input, expected) => {
    expect(normalizer.serviceDefinition(input)).toBe(expected);
  });

  it('a name with other letters never passes the system-name convention, so it cannot be the sysop', () => {
    expect(NamingValidator.isSystemName(normalizer.systemName('ſysop'))).toBe(false);
    expect(NamingValidator.isSystemName(normalizer.systemName('sysop'))).toBe(true);
  });
});

describe('identityOf', () => {
  it.each([
    ['Sysop', true, true],
    ['Sysop', false, false],
    ['ſysop', true, false],
    ['Has Space', true, false],
    ['A\u0000b', true, false],
    ['A'.repeat(64), true, false],
  ])('%j claimed sysop=%j → sysop %j', (name, claimed, sysop) => {
    expect(identityOf(name, claimed)).toEqual({ systemName: name, sysop });
  });
});
