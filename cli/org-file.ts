// Opening an org file from the command line: every failure names the path and says what to do, and a
// file that is not a Localforce org is refused before anything writes to it (a writable open would turn
// any file into a SQLite database with -wal/-shm beside it).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { GENERATOR_VERSION } from '../generator/index.js';
import { META_TABLE, Store } from '../server/store/index.js';

export const DEFAULT_ORG = '.localforce/org.db';

/** Why a path cannot be served: undefined when it is a Localforce org. Opens read-only and closes again. */
export function orgFileProblem(path: string): string | undefined {
  const abs = resolve(path);
  if (!existsSync(abs)) return `no org file at ${abs} (create one with: localforce generate --seed 1 --out ${path})`;
  if (statSync(abs).isDirectory()) return `${abs} is a directory, not an org file`;
  let store: Store;
  try {
    store = Store.open(abs, { readonly: true });
  } catch (e) {
    return `cannot open ${abs}: ${readable(e)}`;
  }
  try {
    const meta = store.get(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`, [META_TABLE]);
    if (!meta) return `${abs} is not a Localforce org (it has no ${META_TABLE} table; create one with: localforce generate --seed 1 --out <file>)`;
    const missing = store.registry.objects.map((o) => o.name).filter((n) => !store.get(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`, [n]));
    if (missing.length > 0) return `${abs} is not a complete Localforce org (missing tables: ${missing.join(', ')})`;
    // An org written by an older generator lacks fields this schema has: queries on them would fail deep
    // inside SQLite, so the file is refused with what is missing and how to regenerate it.
    const columns: string[] = [];
    for (const o of store.registry.objects) {
      const have = new Set((store.all(`SELECT name FROM pragma_table_info(?)`, [o.name]) as { name: string }[]).map((r) => r.name));
      for (const f of o.fields) if (!have.has(f.name)) columns.push(`${o.name}.${f.name}`);
    }
    if (columns.length > 0) {
      const version = (store.get(`SELECT value FROM ${META_TABLE} WHERE key = 'generatorVersion'`) as { value?: string } | undefined)?.value ?? '?';
      return `${abs} was written by an older Localforce (generator v${version}; this one writes v${GENERATOR_VERSION}) and lacks ${columns.length} field(s): ${columns.slice(0, 5).join(', ')}${columns.length > 5 ? ', …' : ''}; regenerate it with: localforce generate --seed <n> --out <file> --force`;
    }
    return undefined;
  } catch (e) {
    // SQLITE_NOTADB surfaces on the first read, not on open.
    return `${abs} is not a Localforce org: ${readable(e)}`;
  } finally {
    store.close();
  }
}

/** Whether a file is an org written by another generator version (the default org is then regenerated). */
export function isOutdatedOrg(path: string): boolean {
  let store: Store | undefined;
  try {
    store = Store.open(resolve(path), { readonly: true });
    const v = (store.get(`SELECT value FROM ${META_TABLE} WHERE key = 'generatorVersion'`) as { value?: string } | undefined)?.value;
    return v !== undefined && v !== GENERATOR_VERSION;
  } catch {
    return false;
  } finally {
    store?.close();
  }
}

/** Opens an org file after checking it; throws an Error whose message names the path. */
export function openOrg(path: string, opts: { readonly?: boolean } = {}): Store {
  const problem = orgFileProblem(path);
  if (problem) throw new Error(problem);
  return Store.open(resolve(path), { readonly: opts.readonly ?? false });
}

/** Reads a text file; a missing or unreadable file is an Error naming the absolute path. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${resolve(path)}: ${readable(e)}`);
  }
}

/** Reads and parses a JSON file; the message names the file for a missing file or bad JSON. */
export function readJsonFile(path: string): unknown {
  const text = readTextFile(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(`${resolve(path)} is not valid JSON (${(e as Error).message})`);
  }
}

/** Node's fs and SQLite errors in words ("ENOENT: no such file…, open 'x'" → "no such file or directory"). */
export function readable(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { code?: string };
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a parent of the path is not a directory';
    case 'SQLITE_NOTADB':
      return 'file is not a SQLite database';
    default:
      return err instanceof Error ? err.message : String(e);
  }
}
