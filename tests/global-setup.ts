// Runs once per `vitest run`: generates the shared test org (seed 1, scale 1) that suites reach
// through tests/helpers/org.ts, and removes it afterwards.
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureTestOrg } from './helpers/org.js';

export default function setup(project?: TestProject): () => void {
  const dir = join(tmpdir(), `localforce-test-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const path = ensureTestOrg(join(dir, 'org.db'));
  process.env.LOCALFORCE_TEST_ORG = path;
  process.env.LOCALFORCE_TEST_DIR = dir;
  (project as { provide?: (k: string, v: string) => void } | undefined)?.provide?.('localforceTestOrg', path);
  return () => rmSync(dir, { recursive: true, force: true });
}
