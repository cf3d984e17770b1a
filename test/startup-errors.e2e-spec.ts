import { createServer, Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from '../src/bootstrap';
import { loadConfig } from '../src/config/app-config';
import { PortInUseError } from '../src/mqtt/embedded-broker';
import { UnreachableDependencyError } from '../src/startup-error';

/** The failures main.ts reports as "Start-up failed: <message>" come out of startService as their own types. */
describe('start-up failures', () => {
  it('an unreachable PostgreSQL is an UnreachableDependencyError naming it without credentials', async () => {
    const config = loadConfig({ PORT: '0', DATABASE_URL: 'postgres://user:secret@127.0.0.1:1/orchestration', MQTT_ENABLED: 'false' });
    const failure = await startService(config, { logger: false }).then(
      () => new Error('the service started'),
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UnreachableDependencyError);
    expect((failure as Error).message).toMatch(/^Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/orchestration: /);
    expect((failure as Error).message).not.toContain('secret');
  });

  it('a busy embedded-broker port is a PortInUseError', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const dataDir = mkdtempSync(join(tmpdir(), 'ah-orch-'));
    try {
      const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, MQTT_PORT: String((blocker.address() as AddressInfo).port) });
      await expect(startService(config, { logger: false })).rejects.toBeInstanceOf(PortInUseError);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
