import { ArrowheadException, ExceptionType } from '../arrowhead/arrowhead.exception';
import { NameNormalizer } from '../naming/name-normalizer';
import { DeclaredIdentityResolver } from './declared-identity.resolver';

// SPEC.md §5.1 (HTTP, declared), §5.2 (MQTT, declared) and §5.3 (sysop).
describe('DeclaredIdentityResolver', () => {
  const resolver = new DeclaredIdentityResolver(new NameNormalizer('extended'));
  const resolve = (authorization: string | undefined, transport: 'http' | 'mqtt') =>
    resolver.resolve({ transport, authorization, peerCertificates: () => [], location: 'somewhere', baseLocation: 'somewhere' });

  async function authMessage(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(ArrowheadException);
      const exception = error as ArrowheadException;
      expect(exception.exceptionType).toBe(ExceptionType.AUTH);
      expect(exception.status).toBe(401);
      return exception.message;
    }
    throw new Error('expected an ArrowheadException, the credentials were accepted');
  }

  describe('HTTP: Authorization: Bearer SYSTEM//<name>', () => {
    it.each([
      ['Bearer SYSTEM//TemperatureManager', 'TemperatureManager', false],
      ['Bearer SYSTEM//temperature-manager', 'TemperatureManager', false],
      ['Bearer SYSTEM//temperature_consumer2', 'TemperatureConsumer2', false],
      ['  Bearer SYSTEM//TemperatureManager  ', 'TemperatureManager', false],
      ['Bearer SYSTEM//Sysop', 'Sysop', true],
      ['Bearer SYSTEM//sysop', 'Sysop', true],
      ['Bearer SYSTEM//SYSOP', 'SYSOP', false],
      ['Bearer SYSTEM//sys-op', 'SysOp', false],
    ])('%j → %j (sysop %j)', async (header, systemName, sysop) => {
      await expect(resolve(header, 'http')).resolves.toEqual({ systemName, sysop });
    });

    it('does not validate the (normalized) name', async () => {
      await expect(resolve('Bearer SYSTEM//1abc', 'http')).resolves.toEqual({ systemName: '1abc', sysop: false });
    });

    it.each([[undefined], [''], ['   ']])('missing/blank header %j → 401 No authorization header has been provided', async (header) => {
      expect(await authMessage(resolve(header, 'http'))).toBe('No authorization header has been provided');
    });

    it.each([
      ['Bearer  SYSTEM//A', 'two spaces'],
      ['bearer SYSTEM//A', 'lower-case scheme'],
      ['BEARER SYSTEM//A', 'upper-case scheme'],
      ['Bearer SYSTEM//', 'empty name'],
      ['Bearer SYSTEM//   ', 'blank name'],
      ['Bearer SYSTEM//A//B', 'three // parts'],
      ['Bearer SYSTEM//my system', 'space in the name'],
      ['Bearer\tSYSTEM//A', 'tab instead of space'],
      ['SYSTEM//A', 'no Bearer'],
      ['Bearer', 'no credentials'],
      ['Bearer A', 'no SYSTEM scheme'],
      ['Bearer system//A', 'lower-case SYSTEM'],
      ['Bearer SYSTEM:A', 'colon instead of //'],
      ['Bearer IDENTITY-TOKEN//abc', 'identity token under declared'],
      ['Basic dXNlcjpwYXNz', 'other scheme'],
    ])('%j (%s) → 401 Invalid authorization header', async (header) => {
      expect(await authMessage(resolve(header, 'http'))).toBe('Invalid authorization header');
    });
  });

  describe('MQTT: authentication SYSTEM//<name>', () => {
    it.each([
      ['SYSTEM//TemperatureManager', 'TemperatureManager', false],
      ['SYSTEM//temperature-manager', 'TemperatureManager', false],
      ['SYSTEM//my consumer', 'MyConsumer', false],
      ['SYSTEM//Sysop', 'Sysop', true],
      ['SYSTEM//sysop', 'Sysop', true],
      ['SYSTEM//SYSOP', 'SYSOP', false],
    ])('%j → %j (sysop %j)', async (info, systemName, sysop) => {
      await expect(resolve(info, 'mqtt')).resolves.toEqual({ systemName, sysop });
    });

    it.each([[undefined], [''], ['  ']])('missing/blank %j → 401 No authentication info has been provided', async (info) => {
      expect(await authMessage(resolve(info, 'mqtt'))).toBe('No authentication info has been provided');
    });

    it.each([
      ['SYSTEM//', 'empty name'],
      ['SYSTEM//  ', 'blank name'],
      ['SYSTEM:x', 'colon instead of //'],
      ['Bearer SYSTEM//x', 'HTTP header form'],
      ['IDENTITY-TOKEN//x', 'other scheme'],
      ['SYSTEM//A//B', 'three // parts'],
      ['system//x', 'lower-case SYSTEM'],
      ['x', 'no scheme'],
    ])('%j (%s) → 401 Invalid authentication info', async (info) => {
      expect(await authMessage(resolve(info, 'mqtt'))).toBe('Invalid authentication info');
    });
  });
});
