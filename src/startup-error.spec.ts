import { ConfigurationError, loadConfig } from './config/app-config';
import { PortInUseError } from './mqtt/embedded-broker';
import { startupFailureReport, StartupError, UnreachableDependencyError } from './startup-error';

describe('startupFailureReport', () => {
  it.each([
    ['a configuration error', new ConfigurationError('Invalid configuration:\n  - PORT="x": bad')],
    ['a busy port', new PortInUseError('MQTT port 1883 is already in use')],
    ['an unreachable dependency', new UnreachableDependencyError('Cannot connect to PostgreSQL at db:5432/orch: refused')],
  ])('reports %s by its message alone', (_, error) => {
    expect(error).toBeInstanceOf(StartupError);
    expect(startupFailureReport(error)).toBe(`Start-up failed: ${error.message}`);
  });

  it('hands any other error back whole, for its stack, whatever its message says', () => {
    const bug = new TypeError('Cannot connect to undefined');
    expect(startupFailureReport(bug)).toBe(bug);
  });

  it('is what loadConfig throws for a bad environment', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(StartupError);
  });
});
