// `localforce run` as a library: select and shard the tasks, resume a run directory, run episodes
// with bounded concurrency, append each finished episode, and write the report.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, goldList, itemsFromAnswerSet } from '../tasks/index.js';
import type { AnswerLine, RunManifest, RunReport, Strategy, Trajectory } from '../tasks/index.js';
import { RUN_FORMAT_VERSION } from '../tasks/index.js';
import { scoreAnswer } from '../tasks/index.js';
import { TASK_PERSONAS, type TaskId } from '../tasks/index.js';
import { Interrupted, runEpisode, type EpisodeContext, type RunnerTask } from './episode.js';
import { costUsd, LlmClient, type LlmOptions, type PriceTable } from './llm.js';
import { LocalforceClient } from './localforce.js';
import { FILES, manifestDiff, readManifest, readRun, RunWriter, type RunContents } from './outputs.js';
import { silentProgress, type Progress } from './progress.js';
import { promptsHash, type PromptSet } from './prompts/index.js';

export interface RawTask {
  readonly id?: unknown;
  readonly idx?: unknown;
  readonly task?: unknown;
  readonly type?: unknown;
  readonly persona?: unknown;
  readonly query?: unknown;
  readonly metadata?: unknown;
  readonly answer?: unknown;
  readonly reward_metric?: unknown;
}

export interface Selection {
  readonly families?: readonly string[] | null;
  readonly perTask?: number | null;
  readonly ids?: readonly string[] | null;
  readonly shard?: { readonly index: number; readonly count: number } | null;
}

export interface RunOptions {
  /** The tasks file's bytes (hashed into the manifest) and its parsed records. */
  readonly tasksBytes: Buffer | string;
  readonly tasks: readonly RawTask[];
  readonly out: string;
  readonly strategy: Strategy;
  readonly llm: Omit<LlmOptions, 'temperature' | 'seed'>;
  readonly temperature: number | null;
  readonly seed: number | null;
  readonly maxTurns: number;
  readonly concurrency: number;
  readonly selection: Selection;
  readonly resume: boolean;
  /** With resume: run again the episodes that ended in llm_error or server_error (an outage, not the model). */
  readonly retryErrors?: boolean;
  readonly prompts: PromptSet;
  readonly prices?: PriceTable;
  readonly server: { readonly url: string; readonly adminToken: string };
  readonly org: RunManifest['org'];
  readonly localforceVersion: string;
  readonly progress?: Progress;
  readonly signal?: AbortSignal;
  /** ISO timestamps for the manifest (the wall clock is data here, not an input). */
  readonly clock?: () => Date;
}

export interface RunResult {
  readonly report: RunReport;
  readonly manifest: RunManifest;
  readonly interrupted: boolean;
  /** 'isolated': one fresh episode per task (sessions API); 'shared': the server has none, all tasks saw one org. */
  readonly episodes: 'isolated' | 'shared' | 'unknown';
}

/** Native instances (`id`) and CRMArena records (`idx`) alike. */
export function toRunnerTask(t: RawTask, i: number): RunnerTask {
  const id = String(t.id ?? t.idx ?? i);
  const task = String(t.task ?? t.type ?? 'unknown');
  if (typeof t.query !== 'string' || !t.query.trim()) throw new Error(`task ${id} has no query`);
  const md = (t.metadata ?? {}) as { required?: unknown; optional?: unknown };
  return {
    id,
    task,
    persona: typeof t.persona === 'string' ? t.persona : (TASK_PERSONAS[task as TaskId] ?? undefined),
    query: t.query,
    metadata: { required: typeof md.required === 'string' ? md.required : '', optional: typeof md.optional === 'string' ? md.optional : '' },
  };
}

/** Families, then the first N of each family, then ids, then the shard (round robin in file order). */
export function selectTasks(tasks: readonly RunnerTask[], s: Selection): RunnerTask[] {
  let out = [...tasks];
  if (s.families && s.families.length) {
    const fam = new Set(s.families);
    out = out.filter((t) => fam.has(t.task));
  }
  if (s.perTask !== null && s.perTask !== undefined) {
    const seen = new Map<string, number>();
    out = out.filter((t) => {
      const n = seen.get(t.task) ?? 0;
      seen.set(t.task, n + 1);
      return n < s.perTask!;
    });
  }
  if (s.ids && s.ids.length) {
    const known = new Set(out.map((t) => t.id));
    const missing = s.ids.filter((id) => !known.has(id));
    if (missing.length) throw new Error(`unknown task ids: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ' …' : ''}`);
    const want = new Set(s.ids);
    out = out.filter((t) => want.has(t.id));
  }
  if (s.shard) {
    const { index, count } = s.shard;
    out = out.filter((_, k) => k % count === index - 1);
  }
  return out;
}

export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new Error(`--shard must be i/n with 1 ≤ i ≤ n, got ${text}`);
  return { index, count };
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The report of a run directory's contents against the gold answers of its tasks. */
export function runReport(tasks: readonly RawTask[], ids: readonly string[], contents: RunContents, meta: { model: string; strategy: Strategy; wallMs: number }): RunReport {
  const want = new Set(ids);
  const selected = tasks.filter((t, i) => want.has(String(t.id ?? t.idx ?? i)));
  const answers = new Map<string, string>();
  const errors = new Map<string, string>();
  for (const a of contents.answers) {
    if (a.answer !== null && !a.error) answers.set(a.id, a.answer);
    else errors.set(a.id, a.error ?? 'no answer');
  }
  const base = evaluate(itemsFromAnswerSet(selected as Record<string, unknown>[], { answers, errors }).items);
  const failuresByCause: Record<string, number> = {};
  let turns = 0;
  const tokens = { prompt: 0, completion: 0 };
  let cost: number | null = null;
  for (const t of contents.trajectories) {
    if (t.endReason !== 'answered') failuresByCause[t.endReason] = (failuresByCause[t.endReason] ?? 0) + 1;
    turns += t.turns;
    tokens.prompt += t.tokens.prompt;
    tokens.completion += t.tokens.completion;
    if (t.costUsd !== null) cost = (cost ?? 0) + t.costUsd;
  }
  const missing = ids.filter((id) => !contents.answers.some((a) => a.id === id));
  if (missing.length) failuresByCause.not_run = missing.length;
  const n = contents.trajectories.length;
  return {
    ...base,
    run: { model: meta.model, strategy: meta.strategy, n, failuresByCause, meanTurns: n ? turns / n : 0, tokens, costUsd: cost, wallMs: meta.wallMs },
  };
}

const RETRYABLE: ReadonlySet<string> = new Set(['llm_error', 'server_error']);

/** The manifest this command describes (before any resume). */
function freshManifest(opts: RunOptions, selected: readonly RunnerTask[], clock: () => Date): RunManifest {
  const sel = opts.selection;
  return {
    format: RUN_FORMAT_VERSION,
    localforceVersion: opts.localforceVersion,
    org: opts.org,
    tasksHash: sha256(opts.tasksBytes),
    promptsHash: promptsHash(opts.prompts, opts.strategy),
    promptsName: opts.prompts.name,
    model: opts.llm.model,
    strategy: opts.strategy,
    parameters: {
      temperature: opts.temperature,
      seed: opts.seed,
      maxTurns: opts.maxTurns,
      concurrency: opts.concurrency,
      families: sel.families && sel.families.length ? [...sel.families] : null,
      perTask: sel.perTask ?? null,
      ids: sel.ids && sel.ids.length ? [...sel.ids] : null,
      baseUrl: opts.llm.baseUrl,
    },
    shard: sel.shard ?? null,
    instanceIds: selected.map((t) => t.id),
    startedAt: clock().toISOString(),
    endedAt: null,
  };
}

interface StartState {
  readonly manifest: RunManifest;
  /** Episodes kept from an earlier run of this directory. */
  readonly done: RunContents;
  readonly priorWallMs: number;
}

/** A new run, or (with --resume) the earlier run in `out` when it describes the same run. */
function startState(opts: RunOptions, fresh: RunManifest): StartState {
  if (!existsSync(join(opts.out, FILES.manifest))) return { manifest: fresh, done: { answers: [], trajectories: [] }, priorWallMs: 0 };
  if (!opts.resume) throw new Error(`${opts.out} already holds a run: pass --resume to continue it, or choose another --out`);
  const old = readManifest(opts.out);
  const diff = manifestDiff(old, fresh);
  if (JSON.stringify(old.instanceIds) !== JSON.stringify(fresh.instanceIds)) diff.push('instanceIds differ');
  if ((old.shard?.index ?? 1) !== (fresh.shard?.index ?? 1)) diff.push(`shard: ${old.shard?.index} ≠ ${fresh.shard?.index}`);
  if (diff.length) throw new Error(`cannot resume ${opts.out}: the run differs from this command:\n  ${diff.join('\n  ')}`);
  const prior = readRun(opts.out);
  const want = new Set(fresh.instanceIds);
  if (opts.retryErrors) for (const t of prior.trajectories) if (RETRYABLE.has(t.endReason)) want.delete(t.id);
  let priorWallMs = 0;
  try {
    const r = JSON.parse(readFileSync(join(opts.out, FILES.report), 'utf8')) as { run?: { wallMs?: number } };
    priorWallMs = r.run?.wallMs ?? 0;
  } catch {
    priorWallMs = 0;
  }
  return {
    manifest: { ...old, parameters: { ...old.parameters, concurrency: opts.concurrency }, endedAt: null },
    done: { answers: prior.answers.filter((a) => want.has(a.id)), trajectories: prior.trajectories.filter((t) => want.has(t.id)) },
    priorWallMs,
  };
}

/** Runs the queue with bounded concurrency, appending each finished episode; stops on an interrupt. */
async function runQueue(
  ctx: EpisodeContext,
  queue: readonly RunnerTask[],
  out: { writer: RunWriter; contents: { answers: AnswerLine[]; trajectories: Trajectory[] } },
  opts: Pick<RunOptions, 'tasks' | 'concurrency' | 'signal'> & { progress: Progress },
): Promise<boolean> {
  const byId = new Map(opts.tasks.map((t, i) => [String(t.id ?? t.idx ?? i), t]));
  let next = 0;
  let interrupted = false;
  const worker = async () => {
    while (!interrupted && !opts.signal?.aborted && next < queue.length) {
      const t = queue[next++]!;
      try {
        // An interrupt aborts the episode's pending LLM call; runEpisode then deletes its episode and
        // throws Interrupted. An episode that finished anyway is kept.
        const r = await runEpisode(ctx, t, opts.signal);
        out.writer.append(r.answer, r.trajectory);
        out.contents.answers.push(r.answer);
        out.contents.trajectories.push(r.trajectory);
        const raw = byId.get(t.id);
        const metric = raw?.reward_metric === 'fuzzy_match' || t.task === 'knowledge_qa' ? 'fuzzy_match' : 'exact_match';
        const reward = r.answer.answer === null ? 0 : scoreAnswer(t.task, metric, goldList(raw?.answer), r.answer.answer).reward;
        opts.progress.episode({ id: t.id, endReason: r.trajectory.endReason, reward, turns: r.trajectory.turns, ms: r.trajectory.ms });
      } catch (err) {
        if (!(err instanceof Interrupted)) throw err;
        interrupted = true;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, queue.length || 1)) }, worker));
  return interrupted;
}

export async function run(opts: RunOptions): Promise<RunResult> {
  const clock = opts.clock ?? (() => new Date());
  const progress = opts.progress ?? silentProgress;
  const selected = selectTasks(opts.tasks.map(toRunnerTask), opts.selection);
  if (selected.length === 0) throw new Error('no tasks selected');
  const fresh = freshManifest(opts, selected, clock);
  const start = startState(opts, fresh);
  const writer = new RunWriter(opts.out);
  writer.manifest(start.manifest);
  writer.reset(start.done);

  const lf = new LocalforceClient(opts.server.url, opts.server.adminToken);
  const ctx: EpisodeContext = {
    llm: new LlmClient({ ...opts.llm, temperature: opts.temperature, seed: opts.seed }),
    lf,
    prompts: opts.prompts,
    strategy: opts.strategy,
    maxTurns: opts.maxTurns,
    cost: (tokens) => costUsd(opts.prices, opts.llm.model, tokens),
  };
  const finished = new Set(start.done.answers.map((a) => a.id));
  const queue = selected.filter((t) => !finished.has(t.id));
  const contents = { answers: [...start.done.answers], trajectories: [...start.done.trajectories] };
  const t0 = performance.now();
  progress.start(selected.length, selected.length - queue.length);
  let interrupted = await runQueue(ctx, queue, { writer, contents }, { ...opts, progress });
  progress.end();

  const wallMs = start.priorWallMs + (performance.now() - t0);
  const report = runReport(opts.tasks, fresh.instanceIds, contents, { model: start.manifest.model, strategy: start.manifest.strategy, wallMs });
  interrupted ||= opts.signal?.aborted === true && contents.answers.length < selected.length;
  const complete = !interrupted && contents.answers.length >= selected.length;
  const manifest = { ...start.manifest, endedAt: complete ? clock().toISOString() : null };
  writer.manifest(manifest);
  writer.report(report, manifest.model);
  return { report, manifest, interrupted, episodes: lf.episodes };
}
