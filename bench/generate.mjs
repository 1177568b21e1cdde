// Generation benchmark: time and peak RSS of `generateOrg` at scales 1, 2, 5, 10, each run in its
// own child process (so peak memory is per run). Writes the "Generation" section of
// docs/performance.md between <!-- bench:generate --> markers. Run: npm run bench:generate
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const scales = (process.env.BENCH_SCALES ?? '1,2,5,10').split(',').map(Number);
const repeats = Number(process.env.BENCH_REPEATS ?? 2);
const dir = mkdtempSync(join(tmpdir(), 'localforce-bench-gen-'));

const child = `
  const { generateOrg } = await import(${JSON.stringify(join(root, 'dist/generator/index.js'))});
  const t = process.hrtime.bigint();
  const r = await generateOrg({ seed: 1, scale: Number(process.argv[1]), out: process.argv[2], force: true });
  const total = Object.values(r.counts).reduce((s, n) => s + n, 0);
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ seconds: Number(process.hrtime.bigint() - t) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssMB: process.resourceUsage().maxRSS / 1024, records: total, cases: r.counts.Case, hash: r.hash }));
`;

const loadBefore = loadavg()[0];
const rows = [];
for (const scale of scales) {
  let best;
  for (let i = 0; i < repeats; i++) {
    const out = join(dir, `org-${scale}.db`);
    const res = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', child, String(scale), out], { encoding: 'utf8' }));
    if (!best || res.seconds < best.seconds) best = res;
    rmSync(out, { force: true });
  }
  rows.push({ scale, ...best });
  console.log(`scale ${scale}: ${best.records} records, ${best.seconds.toFixed(2)} s (CPU ${best.cpuSeconds.toFixed(2)} s), peak RSS ${best.rssMB.toFixed(0)} MB`);
}
rmSync(dir, { recursive: true, force: true });

const base = rows.find((r) => r.scale === 1) ?? rows[0];
const table = [
  '| scale | records | cases | wall seconds (best of ' + repeats + ') | CPU seconds (process total) | wall s per scale unit | peak RSS (MB) |',
  '|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.scale} | ${r.records.toLocaleString('en-US')} | ${r.cases.toLocaleString('en-US')} | ${r.seconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${(r.seconds / r.scale).toFixed(2)} | ${r.rssMB.toFixed(0)} |`,
  ),
];
const cpu = cpus();
const section = [
  '<!-- bench:generate -->',
  '## Generation',
  '',
  `\`npm run bench:generate\` — \`generateOrg({ seed: 1, scale })\` in a fresh child process per run (wall time from the call to the renamed file: context, inserts, index build, content hash; CPU seconds are the whole child process, module loading included, and are less sensitive to other load on the machine).`,
  `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}, ${process.platform}/${process.arch}; measured ${new Date().toISOString().slice(0, 10)} (1-min load average ${loadBefore.toFixed(1)} at start; other processes on the machine inflate these times).`,
  '',
  ...table,
  '',
  `Targets: scale 1 < 3 s (${base.seconds < 3 ? 'met' : 'NOT met'}: ${base.seconds.toFixed(2)} s); time roughly linear in scale (the fixed catalogue — 22,000 price-book entries — is a constant part); ` +
    `peak memory ${rows.at(-1).rssMB.toFixed(0)} MB at scale ${rows.at(-1).scale} vs ${base.rssMB.toFixed(0)} MB at scale 1 (rows are streamed; only per-account, per-order-header and per-case plans are kept).`,
  '<!-- /bench:generate -->',
].join('\n');

const doc = join(root, 'docs', 'performance.md');
let text = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Performance\n\nMeasured by the scripts in `bench/` (`npm run bench`); not part of `npm test`.\n';
const re = /<!-- bench:generate -->[\s\S]*?<!-- \/bench:generate -->/;
text = re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`;
writeFileSync(doc, text);
console.log(`updated ${doc}`);
