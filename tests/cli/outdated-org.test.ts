// An org file written by an older generator (a field of today's schema missing, an older
// generatorVersion in its meta table): `serve --db` refuses it naming the missing fields and the way
// out; the default org in .localforce/ is regenerated instead, since Localforce owns that file.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GENERATOR_VERSION } from '../../generator/index.js';
import { Store } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/index.js');
let dir: string;

/** A copy of the test org made to look like an older generator's output. */
function olderOrg(path: string): void {
  copyFileSync(testOrgPath(), path);
  const db = new Database(path);
  db.exec('DROP INDEX IF EXISTS "Organization_TrialExpirationDate"; ALTER TABLE "Organization" DROP COLUMN "TrialExpirationDate"');
  db.prepare(`UPDATE _localforce_meta SET value = '1' WHERE key = 'generatorVersion'`).run();
  db.close();
}

beforeAll(() => {
  expect(existsSync(CLI), 'dist/ is built (npm test builds first)').toBe(true);
  expect(GENERATOR_VERSION).not.toBe('1');
  dir = mkdtempSync(join(tmpdir(), 'localforce-outdated-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('serve --db on an older org is refused, naming the missing field and how to regenerate', () => {
  const path = join(dir, 'old.db');
  olderOrg(path);
  const r = spawnSync(process.execPath, [CLI, 'serve', '--db', path, '--port', '0', '--no-tls'], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(`${path} was written by an older Localforce (generator v1; this one writes v${GENERATOR_VERSION})`);
  expect(r.stderr).toContain('Organization.TrialExpirationDate');
  expect(r.stderr).toContain('localforce generate');
});

it('an older default org (.localforce/org.db) is generated again and served', async () => {
  const cwd = mkdtempSync(join(dir, 'default-'));
  mkdirSync(join(cwd, '.localforce'));
  olderOrg(join(cwd, '.localforce', 'org.db'));
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--no-tls', '--quiet'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  try {
    for (let i = 0; i < 1200 && !/instance URL \(http\)/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain('was written by an older Localforce: generating it again');
    expect(out).toMatch(/instance URL \(http\):\s+http:\/\/127\.0\.0\.1:\d+/);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
  }
  const store = Store.open(join(cwd, '.localforce', 'org.db'), { readonly: true });
  try {
    expect(store.getMeta('generatorVersion')).toBe(GENERATOR_VERSION);
    expect(store.get(`SELECT "TrialExpirationDate" FROM "Organization" LIMIT 1`)).toBeDefined();
  } finally {
    store.close();
  }
});
