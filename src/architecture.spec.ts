import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The module boundaries of issue 9, read from the source: each table has one owning folder
 * (module), only configuration and logging are global, modules import each other without cycles
 * and without `forwardRef`, and only the database module holds the whole DataSource.
 */

const SRC = __dirname;

/** Every .ts file under src/, as a path relative to src/ with forward slashes. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path).split('\\').join('/')] : [];
  });
}

const FILES = sourceFiles();
const text = new Map(FILES.map((file) => [file, readFileSync(join(SRC, file), 'utf8')]));
const folderOf = (file: string) => dirname(file);
const SELF = 'architecture.spec.ts';

/** The schema and the connection: migrations create every table, the database module registers every entity. */
const SCHEMA_FOLDERS = ['migrations', 'database'];

/** Each table, the folders that may name it in SQL or use its entity, and its entity file. */
const TABLES: Record<string, { owners: string[]; entity?: string }> = {
  orchestration_store: { owners: ['simple-store'], entity: 'simple-store/entities/orchestration-store.entity.ts' },
  orchestration_lock: { owners: ['lock-management'], entity: 'lock-management/entities/orchestration-lock.entity.ts' },
  orchestration_job: { owners: ['orchestration'], entity: 'orchestration/entities/orchestration-job.entity.ts' },
  subscription: { owners: ['push'], entity: 'push/entities/subscription.entity.ts' },
  logs: { owners: ['logging'], entity: 'logging/log-entry.entity.ts' },
  own_identity_session: { owners: ['cloud'], entity: 'cloud/own-identity-session.entity.ts' },
};

/** Relative imports of a file, resolved to files under src/. */
function importsOf(file: string): string[] {
  const specifiers = [...text.get(file)!.matchAll(/^import\s[^;]*?from\s+'(\.[^']+)'/gms)].map((match) => match[1]);
  return specifiers
    .map((specifier) => relative(SRC, resolve(SRC, dirname(file), specifier)).split('\\').join('/') + '.ts')
    .filter((target) => text.has(target));
}

const defined = (file: string, pattern: RegExp) => file !== SELF && pattern.test(text.get(file)!);

describe('architecture', () => {
  const tableFiles = FILES.filter((file) => file !== SELF && !SCHEMA_FOLDERS.includes(file.split('/')[0]));

  it.each(Object.entries(TABLES))('%s appears in SQL only in its owner', (table, { owners }) => {
    const sql = new RegExp(`\\b(FROM|JOIN|INTO|UPDATE|TABLE|USING)\\s+"?${table}"?(?![\\w])`);
    const outside = tableFiles.filter((file) => sql.test(text.get(file)!) && !owners.includes(folderOf(file).split('/')[0]));
    expect(outside).toEqual([]);
  });

  it.each(Object.entries(TABLES).filter(([, { entity }]) => entity))('the entity of %s is used only in its owner', (_, { owners, entity }) => {
    expect(text.has(entity!)).toBe(true);
    const outside = tableFiles.filter((file) => importsOf(file).includes(entity!) && !owners.includes(folderOf(file).split('/')[0]));
    expect(outside).toEqual([]);
  });

  it('every entity the database registers has an owner in TABLES', () => {
    const registered = importsOf('database/data-source-options.ts').filter((file) => file.endsWith('.entity.ts'));
    expect(registered.sort()).toEqual(Object.values(TABLES).map(({ entity }) => entity).sort());
  });

  it('only the database module injects the whole DataSource', () => {
    const injecting = FILES.filter((file) => defined(file, /@InjectDataSource\(/) && folderOf(file) !== 'database');
    expect(injecting).toEqual([]);
  });

  it('only configuration and logging are global modules', () => {
    expect(FILES.filter((file) => defined(file, /@Global\(\)/)).sort()).toEqual(['config/app-config.module.ts', 'logging/logging.module.ts']);
  });

  it('no forwardRef', () => {
    const using = FILES.filter((file) => defined(file, /\bforwardRef\b/));
    expect(using).toEqual([]);
  });

  it('the Nest modules import each other without cycles, also between folders', () => {
    const modules = FILES.filter((file) => defined(file, /@Module\(/));
    const edges = new Map(modules.map((file) => [file, importsOf(file).filter((target) => modules.includes(target))]));
    const folderEdges = new Map<string, Set<string>>();
    for (const [from, targets] of edges) {
      for (const to of targets) {
        if (folderOf(from) === folderOf(to)) continue;
        folderEdges.set(folderOf(from), (folderEdges.get(folderOf(from)) ?? new Set()).add(folderOf(to)));
      }
    }
    expect(cycles(edges)).toEqual([]);
    expect(cycles(new Map([...folderEdges].map(([from, to]) => [from, [...to]])))).toEqual([]);
    // The check sees the graph: the feature modules are in it.
    expect(edges.get('orchestration/orchestration.module.ts')).toContain('simple-store/simple-store.module.ts');
  });
});

/** Every cycle found by a depth-first walk, as the path that closes it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const walk = (node: string, path: string[]) => {
    if (path.includes(node)) {
      found.push([...path.slice(path.indexOf(node)), node]);
      return;
    }
    if (done.has(node)) return;
    for (const next of graph.get(node) ?? []) walk(next, [...path, node]);
    done.add(node);
  };
  for (const node of graph.keys()) walk(node, []);
  return found;
}
