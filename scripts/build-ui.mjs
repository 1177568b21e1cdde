// `npm run build` step for the web UI: bundles the console's CodeMirror editor into dist/ui/console.js
// (one minified ES module, no CDN, nothing fetched at runtime). The pages themselves are rendered by
// the server and need no build.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'ui', 'console.js');
const clientDir = join(root, 'server', 'ui', 'client');
// Up to date when the bundle is newer than every client source and the lock file: `npm start` then
// skips the bundling (a second start stays fast).
const inputs = [...readdirSync(clientDir).map((f) => join(clientDir, f)), join(root, 'package-lock.json'), fileURLToPath(import.meta.url)];
if (process.argv.includes('--if-stale') && existsSync(`${outfile}.gz`) && inputs.every((f) => statSync(f).mtimeMs <= statSync(`${outfile}.gz`).mtimeMs)) process.exit(0);
// Loaded only when bundling, so the up-to-date check above stays a few stat calls.
const { build } = await import('esbuild');
mkdirSync(dirname(outfile), { recursive: true });
await build({
  entryPoints: [join(root, 'server', 'ui', 'client', 'console.js')],
  bundle: true,
  format: 'esm',
  minify: true,
  target: ['es2022'],
  legalComments: 'linked',
  outfile,
  logLevel: 'warning',
});
// Served as-is to browsers that accept gzip (most of the bundle is CodeMirror's grammar tables).
const gz = gzipSync(readFileSync(outfile), { level: 9 });
writeFileSync(`${outfile}.gz`, gz);
process.stdout.write(`built ${outfile} (${(statSync(outfile).size / 1024).toFixed(1)} KiB, ${(gz.length / 1024).toFixed(1)} KiB gzipped)\n`);
