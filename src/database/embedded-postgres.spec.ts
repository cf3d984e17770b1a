import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres } from './embedded-postgres';
import { existingPgliteTemplate, pgliteTemplatePath } from './pglite-template';

describe('EmbeddedPostgres.prestart', () => {
  let scratch: string;
  let unhandled: unknown[];
  const record = (reason: unknown) => unhandled.push(reason);

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'ah-orch-prestart-'));
    unhandled = [];
    process.on('unhandledRejection', record);
  });
  afterEach(() => {
    process.off('unhandledRejection', record);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('keeps a failed early start quiet until the start that takes it over reports it', async () => {
    // A data directory under a plain file cannot be made.
    writeFileSync(join(scratch, 'file'), '');
    const dataDir = join(scratch, 'file', 'data');
    EmbeddedPostgres.prestart(dataDir);
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
    await expect(EmbeddedPostgres.start(dataDir)).rejects.toThrow(/ENOTDIR/);
  });
});

describe('PGlite template', () => {
  it('is looked for next to the code, named by the PGlite version, and is optional', () => {
    expect(pgliteTemplatePath()).toMatch(/[\\/]database[\\/]pglite-template-\d+\.\d+\.\d+\.tgz$/);
    // Under ts-jest there is no build output next to the sources: PGlite runs initdb itself.
    expect(existingPgliteTemplate()).toBeUndefined();
  });
});
