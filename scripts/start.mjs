// `npm start [-- flags]`: build only what is out of date, then run `localforce serve` in this process.
// `tsc -b` alone takes a second or more even with nothing to do (it loads the compiler to find that out); a
// stat of the sources against the last build's info file answers in milliseconds, so a second start is about
// as fast as `serve` itself. When anything is newer, the real `tsc -b` decides what to rebuild.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Written by `tsc -b tsconfig.json` on every build (also when it only refreshes output timestamps). */
const buildInfo = join(root, 'dist', 'tsconfig.tsbuildinfo');
/** tsconfig.json's "include" folders, and the files whose change can change the build. */
const SOURCE_DIRS = ['schema', 'server', 'generator', 'fixtures', 'tasks', 'runner', 'leaderboard', 'cli'];
const SOURCE_FILES = ['tsconfig.json', 'package-lock.json'];

/** Newest modification time (ms) of the TypeScript sources and build inputs. */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.ts') || entry.name.endsWith('.json')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of SOURCE_DIRS) if (existsSync(join(root, d))) walk(join(root, d));
  for (const f of SOURCE_FILES) if (existsSync(join(root, f))) newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
  return newest;
}

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(buildInfo) || newestSource() > statSync(buildInfo).mtimeMs) {
  run([join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.json']);
}
// The console bundle has its own staleness check (it exits at once when up to date).
run([join(root, 'scripts', 'build-ui.mjs'), '--if-stale']);

const cli = join(root, 'dist', 'cli', 'index.js');
process.argv = [process.argv[0], cli, ...process.argv.slice(2)];
await import(pathToFileURL(cli).href);
