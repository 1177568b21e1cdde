// Enforces the dependency direction of docs/architecture.md by reading every import line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** Which top-level layers each layer may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  schema: [],
  fixtures: [],
  'server/soql': ['schema'],
  'server/store': ['schema'],
  'server/org': ['server/soql', 'server/store', 'schema'],
  'server/sessions': ['server/org', 'server/store', 'schema'],
  'server/http': ['server/org', 'server/sessions', 'schema'],
  'server/app.ts': ['server/http', 'server/org', 'server/sessions', 'server/tools', 'server/ui', 'schema'],
  // The web UI reads and writes through the episode contract (server/sessions/types.ts) over org services.
  'server/ui': ['server/org', 'server/sessions', 'tasks', 'leaderboard', 'schema'],
  'server/tools': ['server/org', 'server/sessions', 'schema'],
  'server/mcp': ['server/tools', 'server/sessions', 'server/org', 'schema'],
  generator: ['server/store', 'schema', 'fixtures'],
  // tasks re-derive latent variables and reuse the generator's text templates (see tasks/README.md).
  tasks: ['server/org', 'server/store', 'schema', 'fixtures', 'generator'],
  leaderboard: ['tasks'],
  // the runner reaches the server only over HTTP (runner/localforce.ts), never by import
  runner: ['tasks', 'schema'],
  cli: ['*'],
};

/** Packages each layer may import; the pure engine may import nothing outside the schema. */
const FORBIDDEN_PACKAGES: Record<string, readonly string[]> = {
  'server/soql': ['express', 'better-sqlite3', 'node:fs', 'fs'],
  schema: ['express', 'better-sqlite3', 'node:fs', 'fs'],
  'server/http': ['better-sqlite3'],
  'server/org': ['express'],
  'server/ui': ['better-sqlite3'],
  'server/sessions': ['express'],
  generator: ['express', 'better-sqlite3'],
  tasks: ['express', 'better-sqlite3'],
  // runs → tables is pure: the CLI reads the files and hands over their contents.
  leaderboard: ['express', 'better-sqlite3', 'node:fs', 'fs'],
  'server/tools': ['better-sqlite3'],
  'server/mcp': ['better-sqlite3', 'express'],
  runner: ['express', 'better-sqlite3'],
};

function layerOf(file: string): string | undefined {
  const rel = relative(root, file).split('\\').join('/');
  if (rel === 'server/app.ts') return 'server/app.ts';
  for (const l of Object.keys(ALLOWED).sort((a, b) => b.length - a.length)) if (rel === l || rel.startsWith(`${l}/`)) return l;
  return undefined;
}

function* tsFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* tsFiles(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

/**
 * Importers exempt from the index.ts rule below: the app's composition root, which wires the HTTP
 * layer's routers and middleware one by one.
 */
const INDEX_RULE_PENDING: readonly string[] = ['server/app.ts'];

describe('import direction (docs/architecture.md)', () => {
  const files = ['schema', 'fixtures', 'server', 'generator', 'tasks', 'runner', 'leaderboard', 'cli'].flatMap((d) => {
    try {
      return [...tsFiles(join(root, d))];
    } catch {
      return [];
    }
  });

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('every relative import goes in an allowed direction and no layer imports tests/, bench/ or cli/', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      if (!from) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? '';
        const relFile = relative(root, file);
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
          const relTarget = relative(root, target).split('\\').join('/');
          if (/^(tests|bench)\//.test(relTarget)) violations.push(`${relFile} imports ${spec}`);
          if (relTarget.startsWith('cli/') && from !== 'cli') violations.push(`${relFile} imports ${spec}`);
          const to = layerOf(target);
          if (!to || to === from) continue;
          const allowed = ALLOWED[from] ?? [];
          if (!allowed.includes('*') && !allowed.includes(to)) violations.push(`${relFile} (${from}) imports ${spec} (${to})`);
        } else {
          const bad = FORBIDDEN_PACKAGES[from] ?? [];
          if (bad.includes(spec)) violations.push(`${relFile} (${from}) imports package ${spec}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('another folder is imported through its index.ts, never a file behind it', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      const relFile = relative(root, file).split('\\').join('/');
      if (!from || INDEX_RULE_PENDING.some((p) => relFile === p || relFile.startsWith(p))) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? '';
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
        const to = layerOf(target);
        if (!to || to === from || to === 'server/app.ts') continue;
        const relTarget = relative(root, target).split('\\').join('/');
        if (relTarget !== `${to}/index.ts`) violations.push(`${relFile} imports ${spec} (use ${to}/index.ts)`);
      }
    }
    expect(violations).toEqual([]);
  });
});
