// Benchmark of the agent runner's overhead: `localforce run` (built CLI, in-process server) against
// a zero-latency fake LLM (tests/helpers/fake-llm.ts bundled with esbuild; its expert policy really
// queries), over the full 1,170 instances at concurrency 32. Reports wall time, episodes/s and the
// time each agent step spends inside Localforce (a step's observation round trip).
// Run: npm run bench:runner (builds first). BENCH_PER_TASK=20 for a short run; BENCH_STRATEGY=act|tool_call_flex.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => join(root, 'dist', p);
const dir = mkdtempSync(join(tmpdir(), 'localforce-bench-runner-'));
const PER_TASK = Number(process.env.BENCH_PER_TASK ?? 130);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const STRATEGY = process.env.BENCH_STRATEGY ?? 'react';

const { generateOrg } = await import(dist('generator/index.js'));
const { Store } = await import(dist('server/store/index.js'));
const { generateTasks } = await import(dist('tasks/generate.js'));

const fakePath = join(dir, 'fake-llm.mjs');
await build({ entryPoints: [join(root, 'tests/helpers/fake-llm.ts')], bundle: true, platform: 'node', format: 'esm', outfile: fakePath, packages: 'external', logLevel: 'error' });
const { startFakeLlm } = await import(pathToFileURL(fakePath).href);

const loadBefore = loadavg()[0];
const db = join(dir, 'org.db');
await generateOrg({ seed: 1, scale: 1, out: db, force: true });
const store = Store.open(db, { readonly: true });
const instances = await generateTasks(store, { perTask: PER_TASK, seed: 1 });
store.close();
const tasksPath = join(dir, 'tasks.json');
writeFileSync(tasksPath, JSON.stringify(instances));
const llm = await startFakeLlm(instances);
const out = join(dir, 'run');

const t0 = process.hrtime.bigint();
const code = await new Promise((resolveCode) => {
  const child = spawn(process.execPath, [dist('cli/index.js'), 'run', '--tasks', tasksPath, '--db', db, '--strategy', STRATEGY, '--model', 'expert', '--base-url', llm.url, '--out', out, '--concurrency', String(CONCURRENCY), '--progress', 'none'], { stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', resolveCode);
});
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
await llm.close();
if (code !== 0) throw new Error(`localforce run exited with ${code}`);

const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
const trajectories = readFileSync(join(out, 'trajectories.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const stepMs = trajectories.flatMap((t) => t.steps.filter((s) => s.role === 'tool').map((s) => s.ms)).sort((a, b) => a - b);
const q = (p) => stepMs[Math.min(stepMs.length - 1, Math.floor(p * stepMs.length))] ?? 0;
const lfMs = trajectories.reduce((n, t) => n + t.localforceMs, 0);
const turns = trajectories.reduce((n, t) => n + t.turns, 0);
const rows = {
  strategy: STRATEGY,
  episodes: trajectories.length,
  concurrency: CONCURRENCY,
  score: `${(100 * report.overall).toFixed(1)}%`,
  wallSeconds: wall.toFixed(1),
  episodesPerSecond: (trajectories.length / wall).toFixed(1),
  llmTurns: turns,
  observationSteps: stepMs.length,
  localforceMsPerStep: { mean: (lfMs / Math.max(1, stepMs.length)).toFixed(2), p50: q(0.5).toFixed(2), p95: q(0.95).toFixed(2), max: q(1).toFixed(1) },
  cpus: cpus().length,
  loadAvgBefore: loadBefore.toFixed(2),
};
console.log(JSON.stringify(rows, null, 2));
if (report.failures.length) console.log("failures:", JSON.stringify(report.failures.slice(0, 10), null, 1));
rmSync(dir, { recursive: true, force: true });
