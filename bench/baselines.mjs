// The shortcut suite (tasks/baselines.ts) over several org seeds × task seeds: each family's cheap
// policies scored like agents, the structure statistics they exploit, and the best shortcut per
// family against its ceiling. Writes the table into docs/tasks.md between <!-- bench:baselines -->
// markers. Run: npm run bench:baselines (builds first). BENCH_ORGS=1,2,3 BENCH_TASK_SEEDS=1,2.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => join(root, 'dist', p);
const { generateOrg } = await import(dist('generator/index.js'));
const { Store } = await import(dist('server/store/index.js'));
const { generateTasks } = await import(dist('tasks/generate.js'));
const { scoreShortcuts, structureStats, SHORTCUT_CEILING } = await import(dist('tasks/baselines.js'));
const { TASK_IDS, TASK_CODES } = await import(dist('tasks/types.js'));

const ORGS = (process.env.BENCH_ORGS ?? '1,2,3').split(',').map(Number);
const TASK_SEEDS = (process.env.BENCH_TASK_SEEDS ?? '1,2').split(',').map(Number);
const PER_TASK = Number(process.env.BENCH_PER_TASK ?? 130);
const dir = mkdtempSync(join(tmpdir(), 'localforce-bench-baselines-'));

// Draws per (org, task seed); the reference of a draw is the draw of the next task seed on the next
// org (memorisation across seeds and orgs), so nothing is learned from the draw itself.
const draws = [];
try {
  for (const org of ORGS) {
    const path = join(dir, `org-${org}.db`);
    await generateOrg({ seed: org, scale: 1, out: path, force: true });
    const store = Store.open(path, { readonly: true });
    for (const ts of TASK_SEEDS) draws.push({ org, ts, path, instances: await generateTasks(store, { perTask: PER_TASK, seed: ts }) });
    store.close();
  }
  const sums = new Map();
  const stats = [];
  for (let i = 0; i < draws.length; i++) {
    const d = draws[i];
    const ref = draws[(i + TASK_SEEDS.length + 1) % draws.length];
    const store = Store.open(d.path, { readonly: true });
    for (const s of scoreShortcuts(store, d.instances, ref.instances)) {
      const k = `${s.task}\u0000${s.name}`;
      const acc = sums.get(k) ?? { task: s.task, name: s.name, partial: s.partial, sum: 0, n: 0 };
      acc.sum += s.score * s.n;
      acc.n += s.n;
      sums.set(k, acc);
    }
    stats.push(structureStats(store, d.instances));
    store.close();
  }
  const mean = (f) => stats.reduce((a, s) => a + f(s), 0) / stats.length;
  const pct = (x) => (100 * x).toFixed(1);
  const lines = [
    `Orgs ${ORGS.join(', ')} × task seeds ${TASK_SEEDS.join(', ')}, ${PER_TASK} instances per family and draw (exact match %, KQA token F1 × 100).`,
    '',
    '| family | shortcut | score | ceiling |',
    '|---|---|---:|---:|',
  ];
  for (const task of TASK_IDS) {
    const rows = [...sums.values()].filter((r) => r.task === task).sort((a, b) => a.partial - b.partial || b.sum / b.n - a.sum / a.n);
    rows.forEach((r, j) => lines.push(`| ${j === 0 ? TASK_CODES[task] : ''} | ${r.name} | ${pct(r.sum / r.n)}${j === 0 ? ' (best)' : ''} | ${j === 0 ? pct(SHORTCUT_CEILING[task]) : ''} |`));
  }
  lines.push(
    '',
    `Structure: TII gold ≠ the product's all-time top issue in ${pct(mean((s) => s.tiiWindowedDiffers))}% of non-None instances; MTA gold ≠ the all-time top month in ${pct(mean((s) => s.mtaAllTimeWrong))}%; NCR decided by routing step 1 / 2 / 3 in ${pct(mean((s) => s.ncrSteps[1]))} / ${pct(mean((s) => s.ncrSteps[2]))} / ${pct(mean((s) => s.ncrSteps[3]))}%.`,
  );
  const table = lines.join('\n');
  console.log(table);
  const doc = join(root, 'docs', 'tasks.md');
  const text = readFileSync(doc, 'utf8');
  const re = /<!-- bench:baselines -->[\s\S]*?<!-- \/bench:baselines -->/;
  if (re.test(text)) writeFileSync(doc, text.replace(re, `<!-- bench:baselines -->\n${table}\n<!-- /bench:baselines -->`));
  else console.error('docs/tasks.md has no <!-- bench:baselines --> markers; table not written');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
