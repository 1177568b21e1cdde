// Reading runs: a run directory in the format of tasks/run-format.ts, or a bare `eval --out` report.
// The CLI reads the files; this module only sees their text (name → content), validates it with zod and
// turns it into per-instance rewards, the unit every statistic of the leaderboard is computed from.
import { z } from 'zod';
import { TASK_IDS, TASK_PERSONAS, type TaskId } from '../tasks/index.js';
import { goldList } from '../tasks/index.js';
import { scoreAnswer, type RewardMetric } from '../tasks/index.js';
import type { EndReason, RunManifest, Trajectory } from '../tasks/index.js';
import type { Report } from '../tasks/index.js';
import { RunManifestSchema, RunReportSchema } from '../tasks/index.js';

export class LeaderboardError extends Error {
  override readonly name = 'LeaderboardError';
}

/** What the CLI hands over for one input: its path and the text of the files found there. */
export interface RunSource {
  readonly path: string;
  /** 'manifest.json', 'report.json', 'answers.jsonl', 'trajectories.jsonl' (a bare report: just 'report.json'). */
  readonly files: ReadonlyMap<string, string>;
  /** Hrefs for the HTML page (relative to the output file), when the files exist. */
  readonly links?: { readonly report?: string; readonly trajectories?: string };
}

/** A gold instance as found in a tasks file (native or CRMArena shape). */
export interface GoldInstance {
  readonly id: string;
  readonly task: string;
  readonly metric: RewardMetric;
  readonly gold: readonly (string | null)[];
}

export interface InstanceResult {
  readonly task: string;
  readonly reward: number;
}

export interface RunStats {
  readonly failuresByCause: Readonly<Record<string, number>>;
  readonly meanTurns: number | null;
  readonly tokens: { readonly prompt: number; readonly completion: number } | null;
  readonly costUsd: number | null;
  readonly wallMs: number | null;
}

export interface LoadedRun {
  readonly source: string;
  readonly manifest: RunManifest | null;
  /** instance id → family and reward (synthetic ids `family#k` when the input does not name them). */
  readonly instances: ReadonlyMap<string, InstanceResult>;
  /** How the rewards were obtained: re-scored from answers + tasks, or read back from report.json. */
  readonly rewards: 'rescored' | 'report';
  readonly stats: RunStats;
  readonly links: { readonly report?: string; readonly trajectories?: string };
  readonly warnings: readonly string[];
}

// ── Wire shapes (zod at the edge) ─────────────────────────────────────────────────────────────

const END_REASONS = [
  'answered', 'max_turns', 'malformed_output', 'llm_error', 'context_length', 'server_error', 'interrupted',
] as const satisfies readonly EndReason[];

const manifestSchema = RunManifestSchema;
const reportSchema = RunReportSchema;

const answerLineSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  answer: z.union([z.string(), z.null()]),
  // An EndReason in run directories; `localforce solve` writes a message (beside a fallback answer).
  error: z.string().optional(),
});

const trajectorySchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  task: z.string(),
  endReason: z.enum(END_REASONS),
  turns: z.number(),
  tokens: z.object({ prompt: z.number(), completion: z.number() }),
  costUsd: z.number().nullable(),
  ms: z.number(),
});

export type ParsedReport = z.infer<typeof reportSchema>;
/** A line of answers.jsonl: run-format.ts's AnswerLine, or `localforce solve` output (error = a message). */
export type AnswerRecord = z.infer<typeof answerLineSchema>;

function issues(e: z.ZodError): string {
  return e.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

function parseJson(where: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new LeaderboardError(`${where}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, where: string, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new LeaderboardError(`${where}: ${issues(r.error)}`);
  return r.data;
}

function parseJsonl<T>(schema: z.ZodType<T>, where: string, text: string): T[] {
  const out: T[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim()) out.push(parseWith(schema, `${where} line ${i + 1}`, parseJson(`${where} line ${i + 1}`, line)));
  });
  return out;
}

export function parseManifest(where: string, text: string): RunManifest {
  return parseWith(manifestSchema, where, parseJson(where, text)) as RunManifest;
}

export function parseReport(where: string, text: string): ParsedReport {
  return parseWith(reportSchema, where, parseJson(where, text));
}

export function parseAnswerLines(where: string, text: string): AnswerRecord[] {
  return parseJsonl(answerLineSchema, where, text);
}

type TrajectorySummary = Pick<Trajectory, 'id' | 'task' | 'endReason' | 'turns' | 'tokens' | 'costUsd' | 'ms'>;

export function parseTrajectories(where: string, text: string): TrajectorySummary[] {
  return parseJsonl(trajectorySchema, where, text);
}

// ── Gold instances ─────────────────────────────────────────────────────────────────────────────

const goldSchema = z.array(
  z
    .object({
      id: z.union([z.string(), z.number()]).optional(),
      idx: z.union([z.string(), z.number()]).optional(),
      task: z.string().optional(),
      type: z.string().optional(),
      reward_metric: z.string().optional(),
      answer: z.unknown(),
    })
    .loose(),
);

/** The gold instances of a tasks file (the native export or CRMArena's record shape). */
export function parseTasks(where: string, text: string): GoldInstance[] {
  return parseWith(goldSchema, where, parseJson(where, text)).map((t, i) => {
    const id = t.id ?? t.idx;
    const task = t.task ?? t.type;
    if (id === undefined || task === undefined) throw new LeaderboardError(`${where}[${i}]: an instance needs id (or idx) and task`);
    const metric: RewardMetric = t.reward_metric === 'fuzzy_match' || task === 'knowledge_qa' ? 'fuzzy_match' : 'exact_match';
    return { id: String(id), task, metric, gold: goldList(t.answer) };
  });
}

/**
 * Scores answer lines against gold instances, one reward per instance. An instance with no line, or whose
 * line records a failure (`answer: null` and/or an `error`, as run-format.ts and `eval` read it), scores 0:
 * a failed episode never counts as the text "None".
 */
export function rescore(gold: readonly GoldInstance[], answers: readonly AnswerRecord[]): Map<string, InstanceResult> {
  const byId = new Map(answers.map((a) => [a.id, a]));
  const out = new Map<string, InstanceResult>();
  for (const g of gold) {
    const a = byId.get(g.id);
    const reward = a && a.answer !== null && !a.error ? scoreAnswer(g.task, g.metric, g.gold, a.answer).reward : 0;
    out.set(g.id, { task: g.task, reward });
  }
  return out;
}

// ── Per-instance rewards from a report ─────────────────────────────────────────────────────────

/**
 * Rebuilds per-instance rewards from report.json. The report lists every exact-match instance scoring
 * below 1 (the rest score 1) but only the KQA instances below 0.5, so the unlisted KQA instances get the
 * family's residual mean: family means are exact, KQA intervals a little narrower than with `--tasks`.
 */
export function rewardsFromReport(
  report: ParsedReport,
  idsByTask: ReadonlyMap<string, readonly string[]>,
  warnings: string[],
): Map<string, InstanceResult> {
  const out = new Map<string, InstanceResult>();
  for (const [task, fam] of Object.entries(report.families)) {
    const failed = report.failures.filter((f) => f.task === task);
    const failedIds = new Set(failed.map((f) => f.id));
    const others = (idsByTask.get(task) ?? []).filter((id) => !failedIds.has(id));
    const rest = fam.n - failed.length;
    if (rest < 0) throw new LeaderboardError(`report.json: family ${task} lists ${failed.length} failures but n = ${fam.n}`);
    const failedSum = failed.reduce((a, f) => a + f.reward, 0);
    const residual = rest > 0 ? (fam.score * fam.n - failedSum) / rest : 0;
    if (rest > 0 && (residual < -1e-9 || residual > 1 + 1e-9)) {
      throw new LeaderboardError(`report.json: family ${task} score ${fam.score} is inconsistent with its failures`);
    }
    if (task !== 'knowledge_qa' && rest > 0 && Math.abs(residual - 1) > 1e-6) {
      warnings.push(`report.json: ${task} is exact-match but its unlisted instances average ${residual.toFixed(3)}`);
    }
    for (const f of failed) out.set(f.id, { task, reward: f.reward });
    const named = others.slice(0, rest);
    for (const id of named) out.set(id, { task, reward: Math.min(1, Math.max(0, residual)) });
    for (let k = named.length; k < rest; k++) out.set(`${task}#${k + 1}`, { task, reward: Math.min(1, Math.max(0, residual)) });
  }
  return out;
}

// ── Loading one input ──────────────────────────────────────────────────────────────────────────

function need(src: RunSource, name: string): string {
  const t = src.files.get(name);
  if (t === undefined) throw new LeaderboardError(`${src.path}: ${name} is missing`);
  return t;
}

/**
 * Loads a run directory (manifest.json + report.json, plus answers.jsonl / trajectories.jsonl) or a bare
 * eval report. With `gold` (a tasks file whose sha256 is `goldHash`) and answers.jsonl present, rewards are
 * re-scored; otherwise they are read back from report.json.
 */
export function loadRun(src: RunSource, gold?: { readonly hash: string; readonly instances: readonly GoldInstance[] }): LoadedRun {
  const warnings: string[] = [];
  const manifestText = src.files.get('manifest.json');
  const manifest = manifestText === undefined ? null : parseManifest(`${src.path}/manifest.json`, manifestText);
  const report = parseReport(manifest ? `${src.path}/report.json` : src.path, need(src, 'report.json'));
  const answersText = src.files.get('answers.jsonl');
  const answers = answersText === undefined ? null : parseAnswerLines(`${src.path}/answers.jsonl`, answersText);
  const trajText = src.files.get('trajectories.jsonl');
  const trajectories = trajText === undefined ? null : parseTrajectories(`${src.path}/trajectories.jsonl`, trajText);

  let instances: Map<string, InstanceResult>;
  let rewards: LoadedRun['rewards'] = 'report';
  if (gold && manifest && answers && gold.hash === manifest.tasksHash) {
    const wanted = new Set(manifest.instanceIds);
    const subset = gold.instances.filter((g) => wanted.has(g.id));
    if (subset.length !== wanted.size) warnings.push(`${wanted.size - subset.length} instance ids of the manifest are not in the tasks file`);
    instances = rescore(subset, answers);
    rewards = 'rescored';
  } else {
    if (gold && manifest && gold.hash !== manifest.tasksHash) warnings.push('the given tasks file is not the one this run used; rewards read from report.json');
    const idsByTask = new Map<string, string[]>();
    for (const t of trajectories ?? []) idsByTask.set(t.task, [...(idsByTask.get(t.task) ?? []), t.id]);
    instances = rewardsFromReport(report, idsByTask, warnings);
  }
  return { source: src.path, manifest, instances, rewards, stats: runStats(report, manifest, answers, trajectories, instances), links: src.links ?? {}, warnings };
}

function runStats(
  report: ParsedReport,
  manifest: RunManifest | null,
  answers: readonly AnswerRecord[] | null,
  trajectories: readonly TrajectorySummary[] | null,
  instances: ReadonlyMap<string, InstanceResult>,
): RunStats {
  const causes: Record<string, number> = {};
  const endedBadly = new Set<string>();
  if (report.run) {
    Object.assign(causes, report.run.failuresByCause);
  } else {
    for (const t of trajectories ?? []) if (t.endReason !== 'answered') causes[t.endReason] = (causes[t.endReason] ?? 0) + 1;
  }
  for (const t of trajectories ?? []) if (t.endReason !== 'answered') endedBadly.add(t.id);
  for (const a of answers ?? []) if (a.answer === null || a.error) endedBadly.add(a.id);
  if (causes.wrong_answer === undefined) {
    // Answered, but scored as a failure (the report's rule: exact match below 1, KQA F1 below 0.5).
    let wrong = 0;
    for (const [id, r] of instances) if (!endedBadly.has(id) && (r.task === 'knowledge_qa' ? r.reward < 0.5 : r.reward < 1)) wrong++;
    if (wrong) causes.wrong_answer = wrong;
  }
  const sorted: Record<string, number> = {};
  for (const k of Object.keys(causes).sort()) if (causes[k]) sorted[k] = causes[k]!;
  if (report.run) {
    return { failuresByCause: sorted, meanTurns: report.run.meanTurns, tokens: report.run.tokens, costUsd: report.run.costUsd, wallMs: report.run.wallMs };
  }
  const ts = trajectories ?? [];
  const costs = ts.map((t) => t.costUsd).filter((c): c is number => c !== null);
  const wall = manifest?.endedAt ? Date.parse(manifest.endedAt) - Date.parse(manifest.startedAt) : NaN;
  return {
    failuresByCause: sorted,
    meanTurns: ts.length ? ts.reduce((a, t) => a + t.turns, 0) / ts.length : null,
    tokens: ts.length ? { prompt: ts.reduce((a, t) => a + t.tokens.prompt, 0), completion: ts.reduce((a, t) => a + t.tokens.completion, 0) } : null,
    costUsd: costs.length ? costs.reduce((a, b) => a + b, 0) : null,
    wallMs: Number.isFinite(wall) ? wall : null,
  };
}

export const PERSONA_OF = (task: string): string => TASK_PERSONAS[task as TaskId] ?? 'other';
export const KNOWN_TASKS: readonly string[] = TASK_IDS;
export type { Report };
