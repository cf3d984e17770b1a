import { Logger } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { existingPgliteTemplate } from './pglite-template';

// Runs in a worker thread: PGlite executes queries synchronously in WASM, and on the main thread
// every query would stall HTTP and MQTT handling. Plain CommonJS, loaded by Node itself, so it
// needs no build step and also runs under jest (whose module loader PGlite's WASM loading defeats).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglitePath);
const { PGLiteSocketServer } = require(workerData.socketPath);
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
(async () => {
  const fresh = !existsSync(join(workerData.dataDir, 'PG_VERSION'));
  const db = await PGlite.create(
    fresh && workerData.template
      ? { dataDir: workerData.dataDir, loadDataDir: new Blob([readFileSync(workerData.template)]) }
      : workerData.dataDir,
  );
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  parentPort.on('message', async (message) => {
    if (message !== 'stop') return;
    await server.stop();
    await db.close();
    parentPort.postMessage({ stopped: true });
  });
  parentPort.postMessage({ address: server.getServerConn() });
})().catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));
`;

/**
 * PostgreSQL without a server install: PGlite (Postgres compiled to WASM) in a worker thread,
 * served on a loopback port by pglite-socket, so that the app talks to it through TypeORM's
 * ordinary postgres driver, with the same migrations and SQL as a real server. PGlite runs one
 * connection; the pool is sized to match.
 */
export class EmbeddedPostgres {
  private static readonly logger = new Logger(EmbeddedPostgres.name);

  private constructor(
    private readonly worker: Worker,
    readonly url: string,
  ) {}

  /** Starts begun ahead of need (prestart), by data directory, until start takes them. */
  private static readonly early = new Map<string, Promise<{ worker: Worker; address: string }>>();

  /**
   * Begins starting PGlite (seconds of WASM, in its worker) while the caller goes on loading the
   * rest of the service; the start that follows for the same directory takes it over.
   */
  static prestart(dataDir: string): void {
    const directory = resolve(dataDir);
    if (EmbeddedPostgres.early.has(directory)) return;
    const starting = EmbeddedPostgres.launch(directory);
    // A failure is start's to report; until then it must not count as unhandled.
    starting.catch(() => undefined);
    EmbeddedPostgres.early.set(directory, starting);
  }

  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    const directory = resolve(dataDir);
    const starting = EmbeddedPostgres.early.get(directory) ?? EmbeddedPostgres.launch(directory);
    EmbeddedPostgres.early.delete(directory);
    const { worker, address } = await starting;
    EmbeddedPostgres.logger.log(`Embedded PostgreSQL (PGlite) on ${address}, data in ${directory}`);
    return new EmbeddedPostgres(worker, `postgres://postgres@${address}/postgres`);
  }

  private static async launch(directory: string): Promise<{ worker: Worker; address: string }> {
    mkdirSync(directory, { recursive: true });
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        dataDir: directory,
        pglitePath: require.resolve('@electric-sql/pglite'),
        socketPath: require.resolve('@electric-sql/pglite-socket'),
        template: existingPgliteTemplate(),
      },
    });
    const address = await new Promise<string>((resolveAddress, reject) => {
      worker.once('message', (message: { address?: string; error?: string }) =>
        message.address ? resolveAddress(message.address) : reject(new Error(`Embedded PostgreSQL failed to start: ${message.error}`)),
      );
      worker.once('error', reject);
    });
    return { worker, address };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolveStop) => {
      this.worker.once('message', () => resolveStop());
      this.worker.once('exit', () => resolveStop());
      this.worker.postMessage('stop');
    });
    await this.worker.terminate();
  }
}
