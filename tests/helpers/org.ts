// Shared generated orgs for test suites. globalSetup (tests/global-setup.ts) generates ONE org
// (seed 1, scale 1) per `vitest run` and passes its path in LOCALFORCE_TEST_ORG; when a suite runs
// without it (a single file run some other way), the org is generated lazily into a cache folder.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATOR_VERSION, generateOrgSync } from '../../generator/index.js';

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

/** The shared read-only test org (seed 1, scale 1). Never write to it: use copyTestOrg(). */
export function testOrgPath(): string {
  const fromSetup = process.env.LOCALFORCE_TEST_ORG;
  if (fromSetup && existsSync(fromSetup)) return fromSetup;
  const cached = join(tmpdir(), `localforce-test-cache-v${GENERATOR_VERSION}`, 'org.db');
  return ensureTestOrg(cached);
}

/** A private writable copy of the test org (a fresh file per call). */
export function copyTestOrg(): string {
  const src = testOrgPath();
  const dir = mkdtempSync(join(process.env.LOCALFORCE_TEST_DIR ?? tmpdir(), 'org-copy-'));
  const dst = join(dir, 'org.db');
  copyFileSync(src, dst);
  return dst;
}
