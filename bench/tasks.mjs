// Benchmark of the task pipeline at scale 1: `tasks generate` (1,170 instances), `solve` (all of
// them against a local `localforce serve` child process, through HTTP), and `eval`. Writes the
// "Tasks" section of docs/performance.md between <!-- bench:tasks --> markers.
// Run: npm run bench:tasks (builds first).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => join(root, 'dist', p);
const dir = mkdtempSync(join(tmpdir(), 'localforce-bench-tasks-'));
const PER_TASK = Number(process.env.BENCH_PER_TASK ?? 130);
const TOKEN = 'bench-tasks-token';

const { generateOrg } = await import(dist('generator/index.js'));
const { Store } = await import(dist('server/store/index.js'));
const { generateTasks } = await import(dist('tasks/generate.js'));
const { RestClient, solveAll } = await import(dist('tasks/solver/solve.js'));
const { evaluate, itemsFromTasks, toMarkdown } = await import(dist('tasks/report.js'));

const loadBefore = loadavg()[0];
const dbPath = join(dir, 'org.db');
await generateOrg({ seed: 1, scale: 1, out: dbPath, force: true });

// ── tasks generate ───────────────────────────────────────────────────────────────────────────
let instances;
let genSeconds = Infinity;
for (let i = 0; i < 2; i++) {
  const t = process.hrtime.bigint();
  const store = Store.open(dbPath, { readonly: true });
  instances = await generateTasks(store, { perTask: PER_TASK, seed: 1 });
  store.close();
  genSeconds = Math.min(genSeconds, Number(process.hrtime.bigint() - t) / 1e9);
}
writeFileSync(join(dir, 'tasks.json'), JSON.stringify(instances));
console.log(`tasks generate: ${instances.length} instances in ${genSeconds.toFixed(2)} s`);

// ── solve against a served org ───────────────────────────────────────────────────────────────
const server = spawn(process.execPath, [dist('cli/index.js'), 'serve', '--db', dbPath, '--port', '0', '--no-tls', '--quiet', '--token', TOKEN], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((res, rej) => {
  let buf = '';
  server.stdout.on('data', (d) => {
    buf += String(d);
    const m = /(http:\/\/[\w.:-]+)/.exec(buf);
    if (m) res(m[1]);
  });
  server.on('exit', (code) => rej(new Error(`serve exited with ${code}`)));
});
let answers;
let solveSeconds;
let stats;
try {
  const api = new RestClient(url, TOKEN);
  const t = process.hrtime.bigint();
  answers = await solveAll(api, instances, { concurrency: 8 });
  solveSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  stats = api.stats;
} finally {
  server.kill('SIGTERM');
}
console.log(`solve: ${answers.length} answers in ${solveSeconds.toFixed(2)} s (${stats.queries} queries, ${stats.searches} searches)`);

// ── eval ─────────────────────────────────────────────────────────────────────────────────────
let report;
let evalSeconds = Infinity;
for (let i = 0; i < 3; i++) {
  const t = process.hrtime.bigint();
  report = evaluate(itemsFromTasks(instances, new Map(answers.map((a) => [a.id, a.answer]))));
  evalSeconds = Math.min(evalSeconds, Number(process.hrtime.bigint() - t) / 1e9);
}
console.log(`eval: ${evalSeconds.toFixed(3)} s, overall ${(100 * report.overall).toFixed(1)}%`);
rmSync(dir, { recursive: true, force: true });

const errors = answers.filter((a) => a.error).length;
const cpu = cpus();
const ok = (x, limit) => (x < limit ? 'met' : 'NOT met');
const section = [
  '<!-- bench:tasks -->',
  '## Tasks',
  '',
  `\`npm run bench:tasks\` — org seed 1, scale 1; ${instances.length} instances (${PER_TASK} per family, task seed 1). ` +
    '`solve` is the reference solver over HTTP against `localforce serve` in a child process (8 concurrent requests).',
  `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}, ${process.platform}/${process.arch}; measured ${new Date().toISOString().slice(0, 10)} (1-min load average ${loadBefore.toFixed(1)} at start).`,
  '',
  '| step | seconds | target |',
  '|---|---:|---|',
  `| tasks generate (${instances.length} instances, ground truth by SQL; best of 2) | ${genSeconds.toFixed(2)} | < 5 s (${ok(genSeconds, 5)}) |`,
  `| solve (${stats.queries.toLocaleString('en-US')} SOQL queries, ${stats.searches} SOSL searches; ${errors} API errors) | ${solveSeconds.toFixed(2)} | < 30 s (${ok(solveSeconds, 30)}) |`,
  `| eval (best of 3) | ${evalSeconds.toFixed(3)} | < 1 s (${ok(evalSeconds, 1)}) |`,
  '',
  'Reference solver scores (KQA is token F1, the rest exact match):',
  '',
  toMarkdown(report, 'reference solver').trimEnd(),
  '<!-- /bench:tasks -->',
].join('\n');

const doc = join(root, 'docs', 'performance.md');
let text = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Performance\n\nMeasured by the scripts in `bench/` (`npm run bench`); not part of `npm test`.\n';
const re = /<!-- bench:tasks -->[\s\S]*?<!-- \/bench:tasks -->/;
text = re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`;
writeFileSync(doc, text);
console.log(`updated ${doc}`);
