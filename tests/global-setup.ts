// Runs once per `vitest run`: generates the shared test org (seed 1, scale 1) that suites reach
// through tests/helpers/org.ts, and removes it afterwards. A pre-set LOCALFORCE_TEST_ORG pointing at
// an existing file is used instead (suites that assume seed 1 / scale 1 figures may then differ).
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureTestOrg } from './helpers/org.js';

export default function setup(project?: TestProject): () => void {
  const dir = join(tmpdir(), `localforce-test-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  // LOCALFORCE_TEST_ORG=/path/to/org.db runs the suites against an existing org instead.
  const given = process.env.LOCALFORCE_TEST_ORG;
  const path = given && existsSync(given) ? given : ensureTestOrg(join(dir, 'org.db'));
  process.env.LOCALFORCE_TEST_ORG = path;
  process.env.LOCALFORCE_TEST_DIR = dir;
  (project as { provide?: (k: string, v: string) => void } | undefined)?.provide?.('localforceTestOrg', path);
  return () => rmSync(dir, { recursive: true, force: true });
}
