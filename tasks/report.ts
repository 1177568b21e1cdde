// Scoring a run: joins gold instances with answers, scores each, aggregates per family and persona
// (families weighted equally), and renders a Markdown table shaped like CRMArena's Table 2.
import { answerKind, extractMonths, extractStates, idStem, normalizeGold, scoreAnswer, type RewardMetric } from './score.js';
import { TASK_CODES, TASK_FAMILIES, TASK_IDS, TASK_PERSONAS, type Persona, type TaskId } from './types.js';

export interface ScoredItem {
  readonly id: string;
  readonly task: string;
  readonly persona: string;
  readonly reward_metric: RewardMetric;
  readonly gold: readonly (string | null)[];
  /** undefined when the run has no answer for this instance (scores 0). */
  readonly answer: string | undefined;
  /** Set when the run recorded a failure instead of an answer (scores 0, counted in `errors`). */
  readonly error?: string;
  /** The reward a CRMArena result file recorded for this item (eval --results). */
  readonly recordedReward?: number;
  /** Items an external (LLM) extractor read from the answer; replaces the deterministic extraction. */
  readonly extracted?: readonly string[];
}

export interface Report {
  readonly overall: number;
  readonly n: number;
  readonly families: Record<string, { score: number; n: number; code: string }>;
  readonly personas: Record<string, { score: number; n: number }>;
  readonly failures: { id: string; task: string; gold: string[]; extracted: string[]; answer: string | null; reward: number; error?: string }[];
  /** Items whose run recorded a failure (an `error` field) instead of an answer. */
  readonly errors?: number;
  /** Gold ids with no answer at all (scored 0). */
  readonly missing?: string[];
  /** Answer ids that are not in the tasks file (not scored). */
  readonly unknown?: string[];
  /** Mean of the rewards a CRMArena result file recorded, and how many items our score disagrees with. */
  readonly recorded?: { readonly score: number; readonly disagreements: number };
}

/** Exact match of externally extracted items (each normalised like the gold) against the gold list. */
export function scoreExtracted(task: string, gold: readonly (string | null)[], items: readonly string[]): { reward: number; extracted: string[] } {
  const kind = answerKind(task, gold);
  const norm = items.map((x) => {
    const t = String(x).trim();
    if (/^none$/i.test(t) || t === '') return 'None';
    if (kind === 'id') return idStem(t);
    if (kind === 'month') return extractMonths(t)[0] ?? t;
    return extractStates(t)[0] ?? t.toUpperCase();
  });
  const extracted = [...new Set(norm.length ? norm : ['None'])].sort();
  const g = normalizeGold(gold.length ? gold : [null], kind);
  return { reward: extracted.length === g.length && extracted.every((x, i) => x === g[i]) ? 1 : 0, extracted };
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
  let errors = 0;
  const missing: string[] = [];
  let recordedSum = 0;
  let recordedN = 0;
  let disagreements = 0;
  for (const it of items) {
    if (it.error !== undefined) errors++;
    else if (it.answer === undefined) missing.push(it.id);
    const { reward, extracted } =
      it.answer === undefined || it.error !== undefined
        ? { reward: 0, extracted: [] }
        : it.extracted !== undefined && it.reward_metric === 'exact_match'
          ? scoreExtracted(it.task, it.gold, it.extracted)
          : scoreAnswer(it.task, it.reward_metric, it.gold, it.answer);
    if (it.recordedReward !== undefined) {
      recordedN++;
      recordedSum += it.recordedReward;
      if ((it.reward_metric === 'exact_match' ? reward : reward >= 0.5 ? 1 : 0) !== (it.reward_metric === 'exact_match' ? it.recordedReward : it.recordedReward >= 0.5 ? 1 : 0)) disagreements++;
    }
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
      failures.push({ id: it.id, task: it.task, gold: it.gold.map((g) => g ?? 'None'), extracted, answer: it.answer ?? null, reward, ...(it.error !== undefined ? { error: it.error } : {}) });
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
    errors,
    missing,
    ...(recordedN ? { recorded: { score: recordedSum / recordedN, disagreements } } : {}),
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
    `KQA is token F1; every other column is exact match. ${report.n} instances, ${report.failures.length} failed` +
      `${report.errors ? ` (${report.errors} recorded as errors)` : ''}${report.missing?.length ? `, ${report.missing.length} without an answer` : ''}` +
      `${report.unknown?.length ? `; ${report.unknown.length} answers for unknown ids were not scored` : ''}.`,
    ...(report.recorded
      ? ['', `The result file's own rewards average ${pct(report.recorded.score)}%; ${report.recorded.disagreements} items score differently here.`]
      : []),
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

export interface AnswerSet {
  /** id → submitted answer text (lines with an `error` are not here). */
  readonly answers: Map<string, string>;
  /** id → the recorded failure cause. */
  readonly errors: Map<string, string>;
}

/** answers.jsonl with failures kept apart: a line with an `error` field is a failed episode, not "None". */
export function parseAnswerSet(text: string): AnswerSet {
  const answers = new Map<string, string>();
  const errors = new Map<string, string>();
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let o: { id?: unknown; idx?: unknown; task_id?: unknown; answer?: unknown; error?: unknown };
    try {
      o = JSON.parse(line) as typeof o;
    } catch {
      throw new Error(`answers line ${i + 1} is not JSON`);
    }
    const id = String(o.id ?? o.idx ?? o.task_id);
    if (o.error !== undefined && o.error !== null && o.error !== false) {
      errors.set(id, String(o.error));
      answers.delete(id);
    } else {
      answers.set(id, answerText(o.answer));
      errors.delete(id);
    }
  });
  return { answers, errors };
}

/** Scored items from a tasks file and an AnswerSet, plus the answer ids the tasks file does not know. */
export function itemsFromAnswerSet(tasks: readonly AnyTask[], set: AnswerSet): { items: ScoredItem[]; unknown: string[] } {
  const items = itemsFromTasks(tasks, set.answers).map((it) => {
    const e = set.errors.get(it.id);
    return e === undefined ? it : { ...it, error: e };
  });
  const known = new Set(items.map((it) => it.id));
  const unknown = [...new Set([...set.answers.keys(), ...set.errors.keys()])].filter((id) => !known.has(id));
  return { items, unknown };
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

/**
 * Re-scores a CRMArena result file. run_tasks.py keeps the submitted answer in
 * `agent_info.end_reason.content` when `end_reason.message` is "Submit action"; any other end
 * (max turns, an invalid action, a query error as the last step) or an exception record
 * (`agent_info: {source: "api", content: "Error: …"}`) is a failed episode, not an answer.
 */
export function itemsFromCrmArenaResults(results: readonly Record<string, unknown>[]): ScoredItem[] {
  return results.map((r) => {
    const task = String(r.task_type ?? 'unknown');
    const info = (r.agent_info ?? {}) as { content?: unknown; source?: unknown; end_reason?: { message?: unknown; content?: unknown; source?: unknown } };
    const end = info.end_reason;
    let answer: string | undefined;
    let error: string | undefined;
    if (end && typeof end === 'object') {
      if (end.message === 'Submit action') answer = answerText(end.content);
      else error = String(end.message ?? 'no submitted answer');
    } else if (info.source === 'api') error = 'api error';
    else if (info.content !== undefined) answer = answerText(info.content);
    else error = 'no submitted answer';
    const recorded = typeof r.reward === 'number' ? r.reward : undefined;
    return {
      id: String(r.task_id),
      task,
      persona: TASK_PERSONAS[task as TaskId] ?? 'unknown',
      reward_metric: familyMetric(task),
      gold: goldList(r.gt_answer),
      answer,
      ...(error !== undefined ? { error } : {}),
      ...(recorded !== undefined ? { recordedReward: recorded } : {}),
    };
  });
}

export type { Persona };
