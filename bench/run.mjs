// `npm run bench`: runs every benchmark script in turn (each writes its own section of
// docs/performance.md). Run after `npm run build` (the npm script does that).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const scripts = ['generate.mjs', 'query.mjs', 'server.mjs', 'tasks.mjs', 'locators.mjs'];
let failed = 0;
for (const s of scripts) {
  const path = join(here, s);
  if (!existsSync(path)) {
    console.log(`bench: ${s} missing, skipped`);
    continue;
  }
  console.log(`\n=== bench/${s}`);
  const r = spawnSync(process.execPath, [path, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`bench/${s} exited with ${r.status}`);
  }
}
process.exit(failed ? 1 : 0);
