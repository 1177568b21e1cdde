// Benchmark of `localforce leaderboard`: building the table (bootstrap intervals, paired tests) and
// rendering it, for full-size runs (1,170 instances each) with synthetic per-instance rewards, plus
// pack and verify of one bundle. Prints a Markdown table to paste into docs/performance.md.
// Run: npm run build && node bench/leaderboard.mjs
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { buildLeaderboard, toHtml, toMarkdown, pack, verify } = await import(join(root, 'dist/leaderboard/index.js'));
const { prng } = await import(join(root, 'dist/leaderboard/stats.js'));
const { TASK_IDS } = await import(join(root, 'dist/tasks/types.js'));

const PER = 130;
const sha = (s) => createHash('sha256').update(s).digest('hex');

function syntheticRun(i, p) {
  const rand = prng(1000 + i);
  const instances = new Map();
  for (const task of TASK_IDS) for (let k = 0; k < PER; k++) instances.set(`${task}-${k}`, { task, reward: rand() < p ? 1 : 0 });
  const manifest = {
    format: 1, localforceVersion: '0.1.0', org: { seed: 1, scale: 1, contentHash: 'a'.repeat(64) }, tasksHash: 'b'.repeat(64),
    promptsHash: 'c'.repeat(64), promptsName: 'crmarena', model: `model-${i}`, strategy: 'tool_call',
    parameters: { temperature: 0, seed: null, maxTurns: 20, concurrency: 4, families: null, perTask: null, ids: null, baseUrl: 'http://127.0.0.1:0' },
    shard: null, instanceIds: [...instances.keys()], startedAt: '2026-01-01T00:00:00Z', endedAt: '2026-01-01T01:00:00Z',
  };
  return {
    source: `runs/model-${i}`, manifest, instances, rewards: 'rescored', links: {}, warnings: [],
    stats: { failuresByCause: { wrong_answer: 1 }, meanTurns: 5, tokens: { prompt: 1, completion: 1 }, costUsd: 1, wallMs: 1 },
  };
}

function time(fn, reps = 3) {
  let best = Infinity;
  let out;
  for (let r = 0; r < reps; r++) {
    const t = process.hrtime.bigint();
    out = fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { ms: best, out };
}

const rows = [];
for (const n of [1, 10, 30]) {
  const runs = Array.from({ length: n }, (_, i) => syntheticRun(i, 0.3 + (0.4 * i) / Math.max(1, n)));
  const build = time(() => buildLeaderboard(runs, { reference: 'crmarena' }));
  const withBase = time(() => buildLeaderboard(runs, { baseline: runs[0], reference: 'crmarena' }));
  const md = time(() => toMarkdown(build.out));
  const html = time(() => toHtml(withBase.out));
  rows.push(`| ${n} × 1,170 | ${build.ms.toFixed(0)} ms | ${withBase.ms.toFixed(0)} ms | ${md.ms.toFixed(1)} ms | ${html.ms.toFixed(1)} ms (${(html.out.length / 1024).toFixed(0)} KiB) |`);
}

// pack + verify of one full-size bundle (answers re-scored against a 1,170-instance tasks file).
const tasks = TASK_IDS.flatMap((task) => Array.from({ length: PER }, (_, k) => ({ id: `${task}-${k}`, task, answer: [task === 'knowledge_qa' ? 'thirty days' : task === 'monthly_trend_analysis' ? 'March' : task === 'best_region_identification' ? 'CA' : 'None'] })));
const tasksText = JSON.stringify(tasks);
const answers = tasks.map((t) => JSON.stringify({ id: t.id, answer: t.answer[0] })).join('\n');
const trajectories = tasks.map((t) => JSON.stringify({ id: t.id, task: t.task, endReason: 'answered', turns: 3, tokens: { prompt: 10, completion: 2 }, costUsd: 0, ms: 1, localforceMs: 1, steps: [] })).join('\n');
const families = Object.fromEntries(TASK_IDS.map((t) => [t, { score: 1, n: PER, code: t }]));
const report = JSON.stringify({ overall: 1, n: tasks.length, families, personas: {}, failures: [] });
const manifest = JSON.stringify({ ...syntheticRun(0, 1).manifest, tasksHash: sha(tasksText), instanceIds: tasks.map((t) => t.id) });
const files = new Map([['manifest.json', manifest], ['answers.jsonl', answers], ['trajectories.jsonl', trajectories], ['report.json', report]].map(([k, v]) => [k, Buffer.from(v)]));
const packed = time(() => pack(files));
const verified = time(() => verify(packed.out, Buffer.from(tasksText)));
if (!verified.out.ok) throw new Error(`bench bundle did not verify: ${JSON.stringify(verified.out.checks)}`);

console.log(`Leaderboard (node ${process.version}, ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}; best of 3; measured on a shared, loaded machine; to be re-measured)\n`);
console.log('| runs | build (2,000 resamples) | build with --baseline | Markdown | HTML |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) console.log(r);
console.log(`\npack (1,170 answers + trajectories): ${packed.ms.toFixed(0)} ms, ${(packed.out.length / 1024).toFixed(0)} KiB; verify (re-score + hashes): ${verified.ms.toFixed(0)} ms`);
