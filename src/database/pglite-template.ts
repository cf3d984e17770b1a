import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A fresh PGlite data directory costs a full initdb in WASM (most of an embedded first start, ~8 s
 * of CPU). Its result is the same for every installation of one PGlite version, so the build makes
 * it once (a PGlite dump, as `dumpDataDir` writes it) and a fresh data directory is loaded from it
 * through PGlite's own `loadDataDir`. Keyed by the PGlite version: after an upgrade without a
 * rebuild the file is simply not found and PGlite runs initdb as before. The file lives in the
 * build's own output, so its schema is always this build's.
 */
function pgliteVersion(): string {
  // The package does not export its package.json; it sits one level above the resolved entry point.
  const manifest = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

export function pgliteTemplatePath(): string {
  return join(__dirname, `pglite-template-${pgliteVersion()}.tgz`);
}

/** The template, when this build has one. */
export function existingPgliteTemplate(): string | undefined {
  const path = pgliteTemplatePath();
  return existsSync(path) ? path : undefined;
}

/**
 * Writes the template next to this file (run by `npm run build`): initdb, then this build's
 * migrations through the same code and connection path as at start-up, so that a fresh data
 * directory also skips applying them (~0.5 s on PGlite). A start still checks the migration table
 * and applies whatever the template lacks.
 */
async function writeTemplate(): Promise<void> {
  // PGlite's typings are ESM-only; the CommonJS entries are what run here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PGlite } = require(require.resolve('@electric-sql/pglite')) as {
    PGlite: { create(): Promise<{ dumpDataDir(compression: 'gzip'): Promise<Blob>; close(): Promise<void> }> };
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PGLiteSocketServer } = require(require.resolve('@electric-sql/pglite-socket')) as {
    PGLiteSocketServer: new (options: { db: unknown; host: string; port: number; maxConnections: number }) => {
      start(): Promise<void>;
      stop(): Promise<void>;
      getServerConn(): string;
    };
  };
  // Loaded here only: the service itself needs none of this to read the template.
  await import('reflect-metadata');
  const { DataSource } = await import('typeorm');
  const { buildDataSourceOptions } = await import('./data-source-options');
  const { runMigrationsUnderLock } = await import('./run-migrations');
  const db = await PGlite.create();
  try {
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
    await server.start();
    try {
      const dataSource = await new DataSource(buildDataSourceOptions(`postgres://postgres@${server.getServerConn()}/postgres`, 1)).initialize();
      try {
        await runMigrationsUnderLock(dataSource);
      } finally {
        await dataSource.destroy();
      }
    } finally {
      await server.stop();
    }
    const dump = await db.dumpDataDir('gzip');
    writeFileSync(pgliteTemplatePath(), Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  writeTemplate().catch((error: unknown) => {
    console.error(`Cannot write the PGlite template: ${String(error)}`);
    process.exit(1);
  });
}
