// Scoring a run: joins gold instances with answers, scores each, aggregates per family and persona
// (families weighted equally), and renders a Markdown table shaped like CRMArena's Table 2.
import { scoreAnswer, type RewardMetric } from './score.js';
import { TASK_CODES, TASK_FAMILIES, TASK_IDS, TASK_PERSONAS, type Persona, type TaskId } from './types.js';

export interface ScoredItem {
  readonly id: string;
  readonly task: string;
  readonly persona: string;
  readonly reward_metric: RewardMetric;
  readonly gold: readonly (string | null)[];
  /** undefined when the run has no answer for this instance (scores 0). */
  readonly answer: string | undefined;
}

export interface Report {
  readonly overall: number;
  readonly n: number;
  readonly families: Record<string, { score: number; n: number; code: string }>;
  readonly personas: Record<string, { score: number; n: number }>;
  readonly failures: { id: string; task: string; gold: string[]; extracted: string[]; answer: string | null; reward: number }[];
}

/** Any answer value (string, list, null) as the text an agent would have submitted. */
export function answerText(a: unknown): string {
  if (a === null || a === undefined) return 'None';
  if (Array.isArray(a)) return a.length === 0 ? '' : a.map((x) => answerText(x)).join(', ');
  return String(a);
}

/** Gold as a list of strings with `null` for None (accepts a scalar, null or a list). */
export function goldList(a: unknown): (string | null)[] {
  if (a === null || a === undefined) return [null];
  if (Array.isArray(a)) return a.length === 0 ? [null] : a.map((x) => (x === null || x === undefined || x === 'None' ? null : String(x)));
  return [a === 'None' ? null : String(a)];
}

export function evaluate(items: readonly ScoredItem[]): Report {
  const fam = new Map<string, { sum: number; n: number }>();
  const per = new Map<string, Map<string, { sum: number; n: number }>>();
  const failures: Report['failures'] = [];
  for (const it of items) {
    const { reward, extracted } = it.answer === undefined ? { reward: 0, extracted: [] } : scoreAnswer(it.task, it.reward_metric, it.gold, it.answer);
    const f = fam.get(it.task) ?? { sum: 0, n: 0 };
    f.sum += reward;
    f.n++;
    fam.set(it.task, f);
    const byTask = per.get(it.persona) ?? new Map();
    const pt = byTask.get(it.task) ?? { sum: 0, n: 0 };
    pt.sum += reward;
    pt.n++;
    byTask.set(it.task, pt);
    per.set(it.persona, byTask);
    if (reward < 1 && (it.reward_metric === 'exact_match' || reward < 0.5)) {
      failures.push({ id: it.id, task: it.task, gold: it.gold.map((g) => g ?? 'None'), extracted, answer: it.answer ?? null, reward });
    }
  }
  const order = (k: string) => {
    const i = (TASK_IDS as readonly string[]).indexOf(k);
    return i < 0 ? 100 : i;
  };
  const families: Report['families'] = {};
  for (const k of [...fam.keys()].sort((a, b) => order(a) - order(b) || a.localeCompare(b))) {
    const f = fam.get(k)!;
    families[k] = { score: f.sum / f.n, n: f.n, code: TASK_CODES[k as TaskId] ?? k };
  }
  // A persona's score is the mean of its families' scores (families weighted equally).
  const personas: Report['personas'] = {};
  for (const [p, byTask] of [...per].sort((a, b) => a[0].localeCompare(b[0]))) {
    const scores = [...byTask.values()].map((x) => x.sum / x.n);
    personas[p] = { score: scores.reduce((a, b) => a + b, 0) / scores.length, n: [...byTask.values()].reduce((a, b) => a + b.n, 0) };
  }
  const famScores = Object.values(families).map((f) => f.score);
  return {
    overall: famScores.length ? famScores.reduce((a, b) => a + b, 0) / famScores.length : 0,
    n: items.length,
    families,
    personas,
    failures,
  };
}

/** The paper's Table 2 layout: NCR HTU TCU NED PVI KQA TII MTA BRI | ALL, in percent. */
export function toMarkdown(report: Report, label = 'agent'): string {
  const pct = (x: number | undefined) => (x === undefined ? '–' : (100 * x).toFixed(1));
  const cols = TASK_IDS.map((t) => TASK_CODES[t]);
  const lines = [
    `| ${['Agent', ...cols, 'ALL'].join(' | ')} |`,
    `|${['---', ...cols.map(() => '---:'), '---:'].join('|')}|`,
    `| ${[label, ...TASK_IDS.map((t) => pct(report.families[t]?.score)), `**${pct(report.overall)}**`].join(' | ')} |`,
    '',
    `KQA is token F1; every other column is exact match. ${report.n} instances, ${report.failures.length} failed.`,
    '',
    '| Persona | Score | n |',
    '|---|---:|---:|',
    ...Object.entries(report.personas).map(([p, s]) => `| ${p} | ${pct(s.score)} | ${s.n} |`),
  ];
  const extra = Object.keys(report.families).filter((k) => !(TASK_IDS as readonly string[]).includes(k));
  if (extra.length) {
    lines.push('', '| Other task | Score | n |', '|---|---:|---:|', ...extra.map((k) => `| ${k} | ${pct(report.families[k]!.score)} | ${report.families[k]!.n} |`));
  }
  return `${lines.join('\n')}\n`;
}

// ── Input formats ────────────────────────────────────────────────────────────────────────────

interface AnyTask {
  id?: unknown;
  idx?: unknown;
  task?: unknown;
  type?: unknown;
  persona?: unknown;
  reward_metric?: unknown;
  answer?: unknown;
}

const familyMetric = (task: string): RewardMetric => TASK_FAMILIES[task as TaskId]?.metric ?? 'exact_match';

/** Gold items from a tasks file (native or CRMArena format) and a map id → answer text. */
export function itemsFromTasks(tasks: readonly AnyTask[], answers: ReadonlyMap<string, string>): ScoredItem[] {
  return tasks.map((t) => {
    const id = String(t.id ?? t.idx);
    const task = String(t.task ?? t.type ?? 'unknown');
    return {
      id,
      task,
      persona: typeof t.persona === 'string' ? t.persona : TASK_PERSONAS[task as TaskId] ?? 'unknown',
      reward_metric: t.reward_metric === 'fuzzy_match' ? 'fuzzy_match' : familyMetric(task),
      gold: goldList(t.answer),
      answer: answers.get(id),
    };
  });
}

/** Parses answers.jsonl: one `{id, answer}` object per line (CRMArena's `idx` accepted too). */
export function parseAnswersJsonl(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const o = JSON.parse(line) as { id?: unknown; idx?: unknown; task_id?: unknown; answer?: unknown };
    m.set(String(o.id ?? o.idx ?? o.task_id), answerText(o.answer));
  }
  return m;
}

/** True for CRMArena result files: `[{task_id, task_type, gt_answer, reward, agent_info, traj}]`. */
export function isCrmArenaResults(x: unknown): boolean {
  return Array.isArray(x) && x.length > 0 && typeof x[0] === 'object' && x[0] !== null && 'task_id' in x[0] && 'gt_answer' in x[0];
}

/** Re-scores a CRMArena result file: the submitted answer is `agent_info.content`. */
export function itemsFromCrmArenaResults(results: readonly Record<string, unknown>[]): ScoredItem[] {
  return results.map((r) => {
    const task = String(r.task_type ?? 'unknown');
    const info = (r.agent_info ?? {}) as { content?: unknown };
    return {
      id: String(r.task_id),
      task,
      persona: TASK_PERSONAS[task as TaskId] ?? 'unknown',
      reward_metric: familyMetric(task),
      gold: goldList(r.gt_answer),
      answer: info.content === undefined ? undefined : answerText(info.content),
    };
  });
}

export type { Persona };
