import { rejection } from '../../../test/support/unit';
import { NameNormalizer } from './name-normalizer';
import { canonicalUuid, canonicalUuids, NamingValidator, requesterName } from './naming-validator';

const SYSTEM = 'The specified system name does not match the naming convention: ';
const SERVICE_DEFINITION = 'The specified service definition name does not match the naming convention: ';
const INSTANCE_ID = 'The specified service instance identifier does not match the naming convention: ';
const VERSION = 'Version verification failure: ';

// SPEC.md §8.1
describe('NamingValidator', () => {
  describe('systemName: [A-Z] or [A-Z][0-9A-Za-z]+, max 63', () => {
    it.each([['A'], ['Z'], ['Sysop'], ['TemperatureManager'], ['TEMPX'], ['TemperatureProvider2'], ['A1'], ['A'.repeat(63)]])(
      'accepts %j',
      (name) => {
        expect(() => NamingValidator.systemName(name)).not.toThrow();
      },
    );

    it.each([
      ['temperatureManager'],
      ['a'],
      ['1System'],
      ['Temperature-Manager'],
      ['Temperature_Manager'],
      ['Temperature Manager'],
      ['Tempé'],
      [''],
      ['A'.repeat(64)],
    ])('rejects %j with the naming convention message', (name) => {
      expect(rejection(() => NamingValidator.systemName(name))).toBe(`${SYSTEM}${name}`);
    });

    it.each([[null], [undefined]])('rejects %j with the text `null` in the message', (name) => {
      expect(rejection(() => NamingValidator.systemName(name))).toBe(`${SYSTEM}null`);
    });
  });

  describe('serviceDefinition: [a-z] or [a-z][0-9A-Za-z]+, max 63', () => {
    it.each([['a'], ['kelvinInfo'], ['serviceOrchestration'], ['generalManagement'], ['monitor'], ['a1B2'], ['a'.repeat(63)]])(
      'accepts %j',
      (name) => {
        expect(() => NamingValidator.serviceDefinition(name)).not.toThrow();
      },
    );

    it.each([['KelvinInfo'], ['A'], ['1info'], ['kelvin-info'], ['kelvin_info'], ['kelvin info'], [''], ['a'.repeat(64)]])(
      'rejects %j with the naming convention message',
      (name) => {
        expect(rejection(() => NamingValidator.serviceDefinition(name))).toBe(`${SERVICE_DEFINITION}${name}`);
      },
    );

    it.each([[null], [undefined]])('rejects %j with the text `null` in the message', (name) => {
      expect(rejection(() => NamingValidator.serviceDefinition(name))).toBe(`${SERVICE_DEFINITION}null`);
    });
  });

  describe('version', () => {
    it.each([['1.0.0'], ['1.2.3'], ['1.0.145'], ['0.02.3'], ['12345.1234.123']])('accepts %j', (version) => {
      expect(() => NamingValidator.version(version)).not.toThrow();
    });

    it.each([
      ['12345.67890.12345', 'version is too long'],
      ['123456.1234.123', 'version is too long'],
      // too long is checked before the format
      ['1.2.3.4.5.6.7.8.9', 'version is too long'],
      ['1.2.3.4', 'version must contain exactly 2 separator . characters'],
      ['1.2', 'version must contain exactly 2 separator . characters'],
      ['1', 'version must contain exactly 2 separator . characters'],
      ['', 'version must contain exactly 2 separator . characters'],
      ['1.23.', 'version must contain exactly 3 numbers'],
      ['1..2', 'version must contain exactly 3 numbers'],
      ['1.23.SOMETHING', 'the version should only contain numbers and separator . characters'],
      ['1.2.x', 'the version should only contain numbers and separator . characters'],
      ['1.2.-3', 'the version should only contain numbers and separator . characters'],
      ['1.2. 3', 'the version should only contain numbers and separator . characters'],
    ])('rejects %j: %s', (version, reason) => {
      expect(rejection(() => NamingValidator.version(version))).toBe(`${VERSION}${reason}`);
    });
  });

  describe('serviceInstanceId: <SystemName>|<ServiceDefinitionName>|<Version>', () => {
    it.each([['TemperatureProvider2|kelvinInfo|1.0.0'], ['A|b|0.0.1']])('accepts %j', (id) => {
      expect(() => NamingValidator.serviceInstanceId(id)).not.toThrow();
    });

    it.each([
      ['A|b'],
      ['A|b|'],
      ['A|b||'],
      ['A'],
      ['A|b|1.0.0|x'],
      [''],
      ['   '],
    ])('%j: not exactly 3 parts (or blank) → instance id message', (id) => {
      expect(rejection(() => NamingValidator.serviceInstanceId(id))).toBe(`${INSTANCE_ID}${id}`);
    });

    it.each([[null], [undefined]])('%j → instance id message with the text `null`', (id) => {
      expect(rejection(() => NamingValidator.serviceInstanceId(id))).toBe(`${INSTANCE_ID}null`);
    });

    it.each([
      // first failing part wins: system → service definition → version
      ['provider|Kelvin|1.0', `${SYSTEM}provider`],
      ['null|kelvinInfo|1.0.0', `${SYSTEM}null`],
      ['Provider|Kelvin|1.0', `${SERVICE_DEFINITION}Kelvin`],
      ['Provider|null-x|1.0', `${SERVICE_DEFINITION}null-x`],
      ['Provider|kelvin|1.0', `${VERSION}version must contain exactly 2 separator . characters`],
      ['Provider|kelvin|1.0.x', `${VERSION}the version should only contain numbers and separator . characters`],
      ['Provider|kelvin|12345.67890.12345', `${VERSION}version is too long`],
    ])('%j → %j', (id, message) => {
      expect(rejection(() => NamingValidator.serviceInstanceId(id))).toBe(message);
    });

    it('reports the normalized value (`null` for a part normalized to null)', () => {
      const normalized = new NameNormalizer('extended').serviceInstanceId(' | kelvin-info | 1 ');
      expect(normalized).toBe('null|kelvinInfo|1.0.0');
      expect(rejection(() => NamingValidator.serviceInstanceId(normalized))).toBe(`${SYSTEM}null`);
    });
  });

  describe('canonicalUuid', () => {
    it.each([
      ['d4d61873-5b2e-4c6f-9a57-0e1b2c3d4e5f', 'd4d61873-5b2e-4c6f-9a57-0e1b2c3d4e5f'],
      ['D4D61873-5B2E-4C6F-9A57-0E1B2C3D4E5F', 'd4d61873-5b2e-4c6f-9a57-0e1b2c3d4e5f'],
      ['00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'],
    ])('reads the canonical form %j (case-insensitive) as %j', (value, canonical) => {
      expect(canonicalUuid(value)).toBe(canonical);
    });

    // SPEC.md §8.1: Java UUID.fromString "is also lenient for shortened groups".
    it.each([
      ['1-2-3-4-5', '00000001-0002-0003-0004-000000000005'],
      ['d4d61873-5b2e-4c6f-9a57-e1b2c3d4e5f', 'd4d61873-5b2e-4c6f-9a57-0e1b2c3d4e5f'],
    ])('reads the shortened form %j like Java UUID.fromString, as %j', (value, canonical) => {
      expect(canonicalUuid(value)).toBe(canonical);
    });

    it.each([
      ['notanid'],
      ['abc123'],
      [''],
      ['d4d61873-5b2e-4c6f-9a57'],
      ['d4d61873-5b2e-4c6f-9a57-0e1b2c3d4e5f-1'],
      ['g4d61873-5b2e-4c6f-9a57-0e1b2c3d4e5f'],
      ['d4d618735b2e4c6f9a570e1b2c3d4e5f'],
      ['d4d61873-5b2e-4c6f-9a57-0e1b2c3d4e5f0'],
    ])('rejects %j', (value) => {
      expect(canonicalUuid(value)).toBeNull();
    });
  });
});

describe('canonicalUuids', () => {
  const ID = 'd4d61873-07db-4e93-a16e-9465852bdabf';
  const invalid = (text: string) => `Invalid UUID: ${text}`;

  it('canonicalizes every element, in order (trimmed, lower case, short groups padded)', () => {
    expect(canonicalUuids([` ${ID.toUpperCase()} `, '1-2-3-4-5'], invalid)).toEqual([ID, '00000001-0002-0003-0004-000000000005']);
  });

  it.each([
    ['a text that is no UUID, trimmed', [ID, ' nope '], undefined, 'Invalid UUID: nope'],
    ['a blank text without a missing text', ['  '], undefined, 'Invalid UUID: '],
    ['null without a missing text', [null], undefined, 'Invalid UUID: null'],
    ['a number', [5], undefined, 'Invalid UUID: 5'],
    ['null with a missing text', [null], 'UUID is missing', 'UUID is missing'],
    ['a blank text with a missing text', [' '], 'UUID is missing', 'UUID is missing'],
    ['the first bad element', ['nope', null], 'UUID is missing', 'Invalid UUID: nope'],
  ])('rejects %s', (_, values, missing, message) => {
    expect(rejection(() => canonicalUuids(values as unknown[], invalid, missing))).toBe(message);
  });
});

describe('requesterName', () => {
  it('returns a conforming name', () => {
    expect(requesterName('TemperatureConsumer')).toBe('TemperatureConsumer');
  });

  it('rejects a caller whose name breaks the convention', () => {
    expect(rejection(() => requesterName('9Consumer'))).toBe('The specified system name does not match the naming convention: 9Consumer');
  });
});
