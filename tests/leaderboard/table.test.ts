// Leaderboard tables from synthetic run directories with known scores: exact numbers, intervals,
// the paired test, comparability groups, shards, bare reports and the published reference rows.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSource } from '../../cli/commands/leaderboard.js';
import {
  buildLeaderboard, CRMARENA_REFERENCE_LABEL, CRMARENA_TABLE2, LeaderboardError, loadRun, parseTasks, toMarkdown,
  type Leaderboard, type LoadedRun, type Row,
} from '../../leaderboard/index.js';
import { bootstrapScores, pairedBootstrap, quantile } from '../../leaderboard/stats.js';
import { TASK_IDS, type TaskId } from '../../tasks/types.js';
import { firstK, makeTasks, sha256, tasksText, writeRun, type GoldTask, type RunSpec } from './synthetic.js';

const root = mkdtempSync(join(process.env.LOCALFORCE_TEST_DIR ?? tmpdir(), 'leaderboard-'));
let counter = 0;

function fixture(perFamily: number, families?: readonly TaskId[]) {
  const tasks = makeTasks(perFamily, families);
  const text = tasksText(tasks);
  const gold = { hash: sha256(text), instances: parseTasks('tasks.json', text) };
  const run = (spec: RunSpec, opts: { rescore?: boolean } = {}): LoadedRun => {
    const dir = join(root, `run-${++counter}`);
    writeRun(dir, tasks, text, spec);
    return loadRun(readSource(dir, root), opts.rescore ? gold : undefined);
  };
  return { tasks, text, gold, run };
}

const rows = (lb: Leaderboard): Row[] => lb.groups.flatMap((g) => g.rows);
const ci = (r: Row) => r.all.ci!.high - r.all.ci!.low;

// NCR 3/5, HTU 5/5, TCU 0/5, NED 2/5, PVI 4/5, KQA 1/5, TII 5/5, MTA 1/5, BRI 2/5
const K: Record<TaskId, number> = {
  case_routing: 3,
  handle_time: 5,
  transfer_count: 0,
  named_entity_disambiguation: 2,
  policy_violation_identification: 4,
  knowledge_qa: 1,
  top_issue_identification: 5,
  monthly_trend_analysis: 1,
  best_region_identification: 2,
};

describe('leaderboard tables (exact numbers)', () => {
  const f = fixture(5);

  for (const rescore of [false, true]) {
    it(`scores every family, persona and ALL exactly (${rescore ? 're-scored from answers' : 'read back from report.json'})`, () => {
      const run = f.run({ model: 'model-a', outcome: firstK(K, 5) }, { rescore });
      expect(run.rewards).toBe(rescore ? 'rescored' : 'report');
      const lb = buildLeaderboard([run], { resamples: 500 });
      expect(lb.groups).toHaveLength(1);
      const r = lb.groups[0]!.rows[0]!;
      expect(r.label).toBe('model-a · tool_call · crmarena');
      expect(r.rank).toBe(1);
      expect(r.n).toBe(45);
      expect(Object.fromEntries(Object.entries(r.families).map(([c, cell]) => [c, cell.score]))).toEqual({
        NCR: 0.6, HTU: 1, TCU: 0, NED: 0.4, PVI: 0.8, KQA: 0.2, TII: 1, MTA: 0.2, BRI: 0.4,
      });
      expect(r.personas.manager!.score).toBeCloseTo((0.6 + 1 + 0) / 3, 12);
      expect(r.personas.service_agent!.score).toBeCloseTo((0.4 + 0.8 + 0.2) / 3, 12);
      expect(r.personas.analyst!.score).toBeCloseTo((1 + 0.2 + 0.4) / 3, 12);
      expect(r.all.score).toBeCloseTo(4.6 / 9, 12);
      expect(r.stats.failuresByCause).toEqual({ wrong_answer: 45 - 23 });
      expect(r.stats.meanTurns).toBe(4);
      expect(r.stats.tokens).toEqual({ prompt: 45 * 4000, completion: 45 * 200 });
      expect(r.stats.costUsd).toBeCloseTo(0.45, 12);
      expect(r.stats.wallMs).toBe(90_000);
      // A family whose score is 0 or 1 has a degenerate interval; others contain their score.
      expect(r.families.HTU!.ci).toEqual({ low: 1, high: 1 });
      expect(r.families.TCU!.ci).toEqual({ low: 0, high: 0 });
      for (const cell of [...Object.values(r.families), r.all]) {
        expect(cell.ci!.low).toBeLessThanOrEqual(cell.score + 1e-12);
        expect(cell.ci!.high).toBeGreaterThanOrEqual(cell.score - 1e-12);
      }
      const md = toMarkdown(lb);
      expect(md).toContain('| # | Run | NCR | HTU | TCU | NED | PVI | KQA | TII | MTA | BRI | Service agent | Analyst | Manager | ALL | 95% CI | n |');
      expect(md).toContain('| 1 | model-a · tool_call · crmarena | 60.0 | 100.0 | 0.0 | 40.0 | 80.0 | 20.0 | 100.0 | 20.0 | 40.0 | 46.7 | 53.3 | 53.3 | **51.1** |');
    });
  }

  it('KQA partial answers: the family mean is exact from report.json too, and re-scoring agrees', () => {
    const outcome = (t: GoldTask, i: number) => (t.task === 'knowledge_qa' ? (i % 5 < 2 ? 'partial' : i % 5 === 2 ? 'right' : 'wrong') : 'right');
    const fromReport = f.run({ model: 'kqa', outcome });
    const rescored = f.run({ model: 'kqa', outcome }, { rescore: true });
    const expected = (2 * (2 / 3) + 1) / 5;
    for (const run of [fromReport, rescored]) {
      const r = buildLeaderboard([run], { resamples: 200 }).groups[0]!.rows[0]!;
      expect(r.families.KQA!.score).toBeCloseTo(expected, 12);
      expect(r.all.score).toBeCloseTo((8 + expected) / 9, 12);
    }
  });

  it('failed episodes score 0 and are counted by cause, never as a "None" answer', () => {
    // Every instance fails with max_turns or llm_error; on None-gold instances a null answer must not score.
    const run = f.run({ model: 'broken', outcome: (_t, i) => (i % 2 ? 'max_turns' : 'llm_error') }, { rescore: true });
    const r = buildLeaderboard([run], { resamples: 200 }).groups[0]!.rows[0]!;
    expect(r.all.score).toBe(0);
    expect(r.stats.failuresByCause).toEqual({ llm_error: 23, max_turns: 22 });
  });

  it('is deterministic: the same runs give byte-identical JSON', () => {
    const a = f.run({ model: 'model-a', outcome: firstK(K, 5) });
    const b = f.run({ model: 'model-b', outcome: firstK({ ...K, transfer_count: 3 }, 5) });
    const one = JSON.stringify(buildLeaderboard([a, b]));
    const two = JSON.stringify(buildLeaderboard([a, b]));
    expect(one).toBe(two);
    const lb = JSON.parse(one) as Leaderboard;
    expect(lb.groups[0]!.rows.map((r) => [r.rank, r.model])).toEqual([[1, 'model-b'], [2, 'model-a']]);
  });
});

describe('uncertainty', () => {
  it('the 95% interval narrows as n grows', () => {
    const widths: number[][] = [];
    for (const n of [8, 32, 128]) {
      const f = fixture(n);
      const run = f.run({ model: `half-${n}`, outcome: (_t, i) => (i % 2 === 0 ? 'right' : 'wrong') });
      const r = buildLeaderboard([run]).groups[0]!.rows[0]!;
      expect(r.all.score).toBeCloseTo(0.5, 1);
      widths.push([ci(r), r.families.NCR!.ci!.high - r.families.NCR!.ci!.low]);
    }
    for (let i = 1; i < widths.length; i++) {
      expect(widths[i]![0]!).toBeLessThan(widths[i - 1]![0]! * 0.7);
      expect(widths[i]![1]!).toBeLessThan(widths[i - 1]![1]! * 0.7);
    }
    // ≈ 1.96·sqrt(.25/n) per family at n = 128, and /3 for the mean over nine families.
    expect(widths[2]![1]!).toBeGreaterThan(0.12);
    expect(widths[2]![1]!).toBeLessThan(0.22);
    expect(widths[2]![0]!).toBeGreaterThan(0.04);
    expect(widths[2]![0]!).toBeLessThan(0.08);
  });

  it('bootstrap and quantile basics', () => {
    expect(quantile([0, 1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
    const b = bootstrapScores(new Map([['X', [1, 1, 1]], ['Y', [0, 0]]]), new Map([['g', ['X', 'Y']]]), 1, 100);
    expect(b.all).toEqual({ low: 0.5, high: 0.5 });
    expect(b.groups.get('g')).toEqual({ low: 0.5, high: 0.5 });
  });

  it('the paired test detects a planted difference and not a null one', () => {
    const f = fixture(60);
    const base = f.run({ model: 'baseline', outcome: (_t, i) => (i % 60 < 24 ? 'right' : 'wrong') }); // 40%
    const better = f.run({ model: 'better', outcome: (_t, i) => (i % 60 < 48 ? 'right' : 'wrong') }); // 80%
    // Same 40% overall but on other instances: 12 of the baseline's successes kept, 12 swapped.
    const same = f.run({ model: 'same', outcome: (_t, i) => (i % 60 < 12 || (i % 60 >= 24 && i % 60 < 36) ? 'right' : 'wrong') });
    const twin = f.run({ model: 'twin', outcome: (_t, i) => (i % 60 < 24 ? 'right' : 'wrong') });
    const lb = buildLeaderboard([better, same, twin], { baseline: base, resamples: 2000 });
    const by = new Map(rows(lb).map((r) => [r.model, r]));
    expect(by.get('baseline')!.isBaseline).toBe(true);
    expect(by.get('baseline')!.vsBaseline).toBeNull();
    const up = by.get('better')!.vsBaseline!;
    expect(up.all!.delta).toBeCloseTo(0.4, 12);
    expect(up.all!.significant).toBe(true);
    expect(up.all!.p).toBeLessThan(0.01);
    expect(up.all!.n).toBe(540);
    for (const c of ['NCR', 'KQA', 'BRI']) expect(up.families[c]!.significant).toBe(true);
    const flat = by.get('same')!.vsBaseline!;
    expect(flat.all!.delta).toBe(0);
    expect(flat.all!.significant).toBe(false);
    expect(flat.all!.p).toBeGreaterThan(0.5);
    for (const p of Object.values(flat.families)) expect(p.significant).toBe(false);
    const id = by.get('twin')!.vsBaseline!;
    expect(id.all).toMatchObject({ delta: 0, p: 1, significant: false, ci: { low: 0, high: 0 } });
    const md = toMarkdown(lb);
    expect(md).toContain('Difference from the baseline (baseline · tool_call · crmarena)');
    expect(md).toMatch(/\| better · tool_call · crmarena \| \*\*\+40\.0\*\* \|/);
  });

  it('pairs on instance ids, not positions', () => {
    const run = new Map([['NCR', new Map([['a', 1], ['b', 0], ['c', 1]])]]);
    const base = new Map([['NCR', new Map([['c', 1], ['b', 0], ['z', 0]])]]);
    const p = pairedBootstrap(run, base, 7, 200);
    expect(p.families.get('NCR')).toMatchObject({ n: 2, delta: 0 });
  });
});

describe('comparability', () => {
  const f = fixture(4);
  const other = fixture(4, ['case_routing', 'handle_time']);

  it('runs on different orgs, task files or versions are never ranked together', () => {
    const a = f.run({ model: 'a', outcome: firstK({ case_routing: 2 }, 4) });
    const b = f.run({ model: 'b', outcome: firstK({ case_routing: 3 }, 4) });
    const otherOrg = f.run({ model: 'c', outcome: firstK({ case_routing: 4 }, 4), orgHash: 'b'.repeat(64) });
    const otherTasks = other.run({ model: 'd', outcome: firstK({ case_routing: 1 }, 4) });
    const otherVersion = f.run({ model: 'e', outcome: firstK({ case_routing: 1 }, 4), version: '0.2.0' });
    const lb = buildLeaderboard([a, b, otherOrg, otherTasks, otherVersion], { resamples: 200 });
    expect(lb.groups).toHaveLength(4);
    const byModel = (m: string) => lb.groups.find((g) => g.rows.some((r) => r.model === m))!;
    expect(byModel('a')).toBe(byModel('b'));
    expect(byModel('a').rows.map((r) => [r.rank, r.model])).toEqual([[1, 'b'], [2, 'a']]);
    for (const m of ['c', 'd', 'e']) {
      expect(byModel(m).rows).toHaveLength(1);
      expect(byModel(m).rows[0]!.rank).toBe(1);
    }
    expect(byModel('c').explanation).toMatch(/differ in .*org/);
    expect(byModel('d').explanation).toMatch(/task file/);
    expect(byModel('e').explanation).toMatch(/Localforce version/);
    expect(byModel('c').key!.orgContentHash).toBe('b'.repeat(64));
    const md = toMarkdown(lb);
    expect(md).toContain('4 tables: runs on different orgs, task files, Localforce versions or instance sets are never ranked together.');
  });

  it('a run over a subset of the instances is ranked apart (its ALL covers other families)', () => {
    const full = f.run({ model: 'full', outcome: firstK({}, 4) });
    const part = f.run({ model: 'part', outcome: () => 'right', subset: (t) => t.task === 'case_routing' });
    const lb = buildLeaderboard([full, part], { resamples: 200 });
    expect(lb.groups).toHaveLength(2);
    expect(lb.groups.find((g) => g.rows[0]!.model === 'part')!.explanation).toMatch(/instance set/);
  });

  it('shards of one run merge into one row; a missing shard is noted; a duplicate is refused', () => {
    const s1 = f.run({ model: 'sharded', outcome: firstK({ case_routing: 4, handle_time: 2 }, 4), shard: { index: 1, count: 2 }, subset: (_t, i) => i % 2 === 0 });
    const s2 = f.run({ model: 'sharded', outcome: firstK({ case_routing: 4, handle_time: 2 }, 4), shard: { index: 2, count: 2 }, subset: (_t, i) => i % 2 === 1 });
    const whole = f.run({ model: 'whole', outcome: firstK({ case_routing: 4, handle_time: 2 }, 4) });
    const lb = buildLeaderboard([s1, s2, whole], { resamples: 200 });
    expect(lb.groups).toHaveLength(1);
    const [x, y] = lb.groups[0]!.rows;
    expect(x!.n).toBe(36);
    expect(x!.all.score).toBeCloseTo(y!.all.score, 12);
    expect(rows(lb).find((r) => r.model === 'sharded')!.sources).toHaveLength(2);
    expect(rows(lb).find((r) => r.model === 'sharded')!.stats.costUsd).toBeCloseTo(0.36, 12);
    const alone = buildLeaderboard([s1], { resamples: 200 });
    expect(alone.groups[0]!.rows[0]!.notes).toContain('incomplete: shard 2 of 2 missing');
    expect(() => buildLeaderboard([s1, s1], { resamples: 200 })).toThrow(LeaderboardError);
    const again = f.run({ model: 'whole', outcome: firstK({}, 4) });
    expect(() => buildLeaderboard([whole, again], { resamples: 200 })).toThrow(/same run given twice/);
  });

  it('a bare eval report is shown unranked in its own table', () => {
    const run = f.run({ model: 'a', outcome: firstK({ case_routing: 2 }, 4) });
    const reportOnly = join(root, 'bare-report.json');
    writeFileSync(reportOnly, JSON.stringify({ overall: 0.5, n: 4, families: { case_routing: { score: 0.5, n: 4, code: 'NCR' } }, personas: {}, failures: [{ id: '1', task: 'case_routing', reward: 0 }, { id: '2', task: 'case_routing', reward: 0 }] }));
    const bare = loadRun(readSource(reportOnly, root));
    const lb = buildLeaderboard([run, bare], { resamples: 200 });
    expect(lb.groups).toHaveLength(2);
    const g = lb.groups[1]!;
    expect(g.ranked).toBe(false);
    expect(g.rows[0]!.rank).toBeNull();
    expect(g.rows[0]!.families.NCR!.score).toBe(0.5);
    expect(g.explanation).toMatch(/no manifest/);
  });

  it('bad input is refused with a message naming the file', () => {
    const dir = join(root, 'bad');
    const r = f.run({ model: 'ok', outcome: () => 'right' });
    writeRun(dir, f.tasks, f.text, { model: 'x', outcome: () => 'right' });
    writeFileSync(join(dir, 'manifest.json'), '{"format": 1, "model": 3}');
    expect(() => loadRun(readSource(dir, root))).toThrow(/manifest\.json: /);
    writeFileSync(join(dir, 'manifest.json'), 'not json');
    expect(() => loadRun(readSource(dir, root))).toThrow(/manifest\.json: not valid JSON/);
    expect(() => readSource(join(root, 'nowhere'), root)).toThrow(/no such file/);
    const inconsistent = join(root, 'inconsistent.json');
    writeFileSync(inconsistent, JSON.stringify({ overall: 1, n: 2, families: { case_routing: { score: 1, n: 2, code: 'NCR' } }, personas: {}, failures: [{ id: '1', task: 'case_routing', reward: 0 }] }));
    expect(() => loadRun(readSource(inconsistent, root))).toThrow(/inconsistent/);
    expect(r.warnings).toEqual([]);
  });
});

describe('published CRMArena rows', () => {
  it('are added with their label and never ranked', () => {
    const f = fixture(3);
    const run = f.run({ model: 'mine', outcome: () => 'right' });
    const lb = buildLeaderboard([run], { reference: 'crmarena', resamples: 200 });
    expect(lb.reference!.label).toBe('published; live Salesforce org; LLM-extracted answers');
    expect(lb.reference!.rows).toHaveLength(CRMARENA_TABLE2.length);
    expect(rows(lb)).toHaveLength(1);
    const fc4o = lb.reference!.rows.find((r) => r.strategy === 'Function calling' && r.model === 'gpt-4o')!;
    expect(fc4o.all).toBe(54.4);
    expect(fc4o.families.TII).toBe(97.7);
    for (const r of lb.reference!.rows) {
      const mean = Object.values(r.families).reduce((a, b) => a + b, 0) / 9;
      expect(Math.abs(mean - r.all)).toBeLessThan(0.1);
    }
    const md = toMarkdown(lb);
    expect(md).toContain(`### Published CRMArena results (${CRMARENA_REFERENCE_LABEL})`);
    expect(md).toContain('| ReAct | o1 | 70.0 | 51.5 | 54.6 | 34.6 | 30.0 | 58.8 | 81.5 | 75.4 | 63.1 | 57.7 |');
    // Only the reference can be shown without runs.
    expect(buildLeaderboard([], { reference: 'crmarena' }).groups).toHaveLength(0);
    expect(() => buildLeaderboard([])).toThrow(/no runs/);
    expect(TASK_IDS).toHaveLength(9);
  });
});
