// Shared generated orgs for test suites. globalSetup (tests/global-setup.ts) generates ONE org
// (seed 1, scale 1) per `vitest run` and passes its path in LOCALFORCE_TEST_ORG; when a suite runs
// without it, the org is generated lazily, once per process.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateOrgSync } from '../../generator/index.js';

export const TEST_ORG_SEED = 1;
export const TEST_ORG_SCALE = 1;

/** Generates (or reuses) the seed-1 scale-1 org at `path`. */
export function ensureTestOrg(path: string): string {
  if (!existsSync(path)) {
    mkdirSync(join(path, '..'), { recursive: true });
    generateOrgSync({ seed: TEST_ORG_SEED, scale: TEST_ORG_SCALE, out: path, force: true });
  }
  return path;
}

let lazyPath: string | undefined;

/** The shared read-only test org (seed 1, scale 1). Never write to it: use copyTestOrg(). */
export function testOrgPath(): string {
  const fromSetup = process.env.LOCALFORCE_TEST_ORG;
  if (fromSetup && existsSync(fromSetup)) return fromSetup;
  // No globalSetup (e.g. a file run outside `vitest run`): generate a private org for this process.
  // Never reuse a file from an earlier run: generator or fixtures may have changed since.
  if (!lazyPath) {
    const dir = join(tmpdir(), `localforce-test-lazy-${process.pid}`);
    lazyPath = ensureTestOrg(join(dir, 'org.db'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return lazyPath;
}

/** A private writable copy of the test org (a fresh file per call). */
export function copyTestOrg(): string {
  const src = testOrgPath();
  const dir = mkdtempSync(join(process.env.LOCALFORCE_TEST_DIR ?? tmpdir(), 'org-copy-'));
  const dst = join(dir, 'org.db');
  copyFileSync(src, dst);
  return dst;
}
