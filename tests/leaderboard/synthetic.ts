// Synthetic run directories with known scores, written exactly as tasks/run-format.ts describes
// (report.json comes from the real scorer, tasks/report.ts), so leaderboard tests can assert exact numbers.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, itemsFromTasks, toMarkdown } from '../../tasks/report.js';
import type { AnswerLine, EndReason, RunManifest, RunReport, Strategy, Trajectory } from '../../tasks/run-format.js';
import { TASK_IDS, TASK_PERSONAS, type TaskId } from '../../tasks/types.js';

export interface GoldTask {
  readonly id: string;
  readonly task: TaskId;
  readonly persona: string;
  readonly query: string;
  readonly metadata: { readonly required: string; readonly optional: string };
  readonly answer: readonly string[];
  readonly reward_metric: 'exact_match' | 'fuzzy_match';
}

const PREFIX: Partial<Record<TaskId, string>> = {
  case_routing: '005',
  handle_time: '005',
  transfer_count: '005',
  named_entity_disambiguation: '01t',
  policy_violation_identification: 'ka0',
  top_issue_identification: 'a1M',
};
const NONE_FAMILIES = new Set<TaskId>(['handle_time', 'transfer_count', 'named_entity_disambiguation', 'policy_violation_identification', 'top_issue_identification']);
export const KQA_GOLD = 'returns are accepted within thirty days of delivery';

function idFor(task: TaskId, i: number, salt = 0): string {
  return `${PREFIX[task]}Lf${String(1000 * salt + i).padStart(10, '0')}`;
}

function goldFor(task: TaskId, i: number): string {
  if (NONE_FAMILIES.has(task) && i % 4 === 3) return 'None';
  if (task === 'knowledge_qa') return KQA_GOLD;
  if (task === 'monthly_trend_analysis') return ['March', 'July', 'November'][i % 3]!;
  if (task === 'best_region_identification') return ['CA', 'NY', 'WA'][i % 3]!;
  return idFor(task, i);
}

/** `perFamily` instances of each of the nine families, ids `<task>-<i>`. */
export function makeTasks(perFamily: number, families: readonly TaskId[] = TASK_IDS): GoldTask[] {
  return families.flatMap((task) =>
    Array.from({ length: perFamily }, (_, i) => ({
      id: `${task}-${i}`,
      task,
      persona: TASK_PERSONAS[task],
      query: `synthetic ${task} question ${i}`,
      metadata: { required: '', optional: '' },
      answer: [goldFor(task, i)],
      reward_metric: task === 'knowledge_qa' ? ('fuzzy_match' as const) : ('exact_match' as const),
    })),
  );
}

export function tasksText(tasks: readonly GoldTask[]): string {
  return `${JSON.stringify(tasks, null, 1)}\n`;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What one instance's episode did: answered right, answered wrong, a partial KQA answer, or failed. */
export type Outcome = 'right' | 'wrong' | 'partial' | EndReason;

export function wrongAnswer(t: GoldTask): string {
  if (t.task === 'knowledge_qa') return 'no idea at all';
  if (t.task === 'monthly_trend_analysis') return 'February';
  if (t.task === 'best_region_identification') return 'TX';
  const gold = t.answer[0]!;
  return gold === 'None' ? idFor(t.task, 999) : 'None';
}

export function answerFor(t: GoldTask, o: Outcome): string | null {
  switch (o) {
    case 'right':
      return t.answer[0]!;
    case 'wrong':
      return wrongAnswer(t);
    case 'partial':
      // Four of the gold's eight tokens: precision 1, recall 0.5, F1 = 2/3 (above the report's 0.5 cut-off).
      return 'returns are accepted within';
    default:
      return null;
  }
}

export interface RunSpec {
  readonly model: string;
  readonly strategy?: Strategy;
  readonly prompts?: string;
  readonly outcome: (t: GoldTask, index: number) => Outcome;
  readonly orgHash?: string;
  readonly version?: string;
  readonly shard?: { index: number; count: number };
  /** Which of the tasks this run (shard) covers; all by default. */
  readonly subset?: (t: GoldTask, index: number) => boolean;
  readonly turns?: number;
  readonly costPerEpisode?: number | null;
}

export const ORG_HASH = 'a'.repeat(64);

export interface WrittenRun {
  readonly dir: string;
  readonly manifest: RunManifest;
  readonly report: RunReport;
}

/** Writes a run directory for `tasks` (whose file text is `tasksFile`) under `dir`. */
export function writeRun(dir: string, tasks: readonly GoldTask[], tasksFile: string, spec: RunSpec): WrittenRun {
  mkdirSync(dir, { recursive: true });
  const mine = tasks.filter((t, i) => (spec.subset ? spec.subset(t, i) : true));
  const outcomes = new Map(mine.map((t) => [t.id, spec.outcome(t, tasks.indexOf(t))]));
  const answers: AnswerLine[] = mine.map((t) => {
    const o = outcomes.get(t.id)!;
    const a = answerFor(t, o);
    return a === null ? { id: t.id, answer: null, error: o as EndReason } : { id: t.id, answer: a };
  });
  const turns = spec.turns ?? 4;
  const trajectories: Trajectory[] = mine.map((t) => {
    const o = outcomes.get(t.id)!;
    const endReason: EndReason = o === 'right' || o === 'wrong' || o === 'partial' ? 'answered' : o;
    return {
      id: t.id,
      task: t.task,
      endReason,
      turns,
      tokens: { prompt: 1000 * turns, completion: 50 * turns },
      costUsd: spec.costPerEpisode === undefined ? 0.01 : spec.costPerEpisode,
      ms: 2000,
      localforceMs: 20,
      steps: [{ role: 'assistant', content: `answer ${answerFor(t, o) ?? ''}` }],
    };
  });
  const answerMap = new Map(answers.filter((a) => a.answer !== null).map((a) => [a.id, a.answer!]));
  const base = evaluate(itemsFromTasks(mine as unknown as Record<string, unknown>[], answerMap));
  const failuresByCause: Record<string, number> = {};
  for (const t of trajectories) if (t.endReason !== 'answered') failuresByCause[t.endReason] = (failuresByCause[t.endReason] ?? 0) + 1;
  const strategy = spec.strategy ?? 'tool_call';
  const report: RunReport = {
    ...base,
    run: {
      model: spec.model,
      strategy,
      n: mine.length,
      failuresByCause,
      meanTurns: turns,
      tokens: { prompt: trajectories.reduce((a, t) => a + t.tokens.prompt, 0), completion: trajectories.reduce((a, t) => a + t.tokens.completion, 0) },
      costUsd: spec.costPerEpisode === null ? null : mine.length * (spec.costPerEpisode ?? 0.01),
      wallMs: 2000 * mine.length,
    },
  };
  const manifest: RunManifest = {
    format: 1,
    localforceVersion: spec.version ?? '0.1.0',
    org: { seed: 1, scale: 1, contentHash: spec.orgHash ?? ORG_HASH },
    tasksHash: sha256(tasksFile),
    promptsHash: sha256(spec.prompts ?? 'crmarena'),
    promptsName: spec.prompts ?? 'crmarena',
    model: spec.model,
    strategy,
    parameters: { temperature: 0, seed: null, maxTurns: 20, concurrency: 4, families: null, perTask: null, ids: null, baseUrl: 'http://127.0.0.1:0' },
    shard: spec.shard ?? null,
    instanceIds: mine.map((t) => t.id),
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T01:00:00.000Z',
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'answers.jsonl'), answers.map((a) => JSON.stringify(a)).join('\n') + '\n');
  writeFileSync(join(dir, 'trajectories.jsonl'), trajectories.map((t) => JSON.stringify(t)).join('\n') + '\n');
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'report.md'), toMarkdown(report, spec.model));
  return { dir, manifest, report };
}

/** Outcome by a per-family count: the first `k[task]` instances right, the rest wrong. */
export function firstK(k: Partial<Record<TaskId, number>>, perFamily: number): (t: GoldTask, index: number) => Outcome {
  return (t, index) => ((index % perFamily) < (k[t.task] ?? 0) ? 'right' : 'wrong');
}
