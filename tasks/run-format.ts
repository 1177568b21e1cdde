// The run directory contract shared by `localforce run` (which writes it) and `localforce leaderboard`
// / `eval --merge` (which read it). One directory per run (or per shard of a run):
//   manifest.json       RunManifest
//   answers.jsonl       one AnswerLine per finished task (the input of `localforce eval`)
//   trajectories.jsonl  one Trajectory per finished task
//   report.json         RunReport (the eval Report plus run statistics)
//   report.md           the same as a Markdown table
// Readers validate with zod at the edge; these types are the documented shape.
import { z } from 'zod';
import type { Report } from './report.js';

export const RUN_FORMAT_VERSION = 1;

export const STRATEGIES = ['react', 'act', 'tool_call', 'tool_call_flex'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Why an episode ended. `answered` is the only success; everything else scores as a failure. */
export type EndReason =
  | 'answered' // the model submitted an answer (respond / submit_answer / <respond>)
  | 'max_turns' // the turn budget ran out
  | 'malformed_output' // the model kept producing output the strategy cannot parse
  | 'llm_error' // the LLM endpoint failed after retries (unreachable, 5xx, 429 storm, timeout)
  | 'context_length' // the LLM refused the prompt as too long
  | 'server_error' // Localforce itself failed (episode could not be created, …)
  | 'interrupted'; // the run was stopped while the episode was in flight (never written: resumed instead)

export interface RunManifest {
  readonly format: typeof RUN_FORMAT_VERSION;
  readonly localforceVersion: string;
  readonly org: { readonly seed: number | null; readonly scale: number | null; readonly contentHash: string };
  /** sha256 of the tasks file's bytes. */
  readonly tasksHash: string;
  /** sha256 of the prompt set used (canonical JSON). */
  readonly promptsHash: string;
  readonly promptsName: string;
  readonly model: string;
  readonly strategy: Strategy;
  readonly parameters: {
    readonly temperature: number | null;
    readonly seed: number | null;
    readonly maxTurns: number;
    readonly concurrency: number;
    readonly families: readonly string[] | null;
    readonly perTask: number | null;
    readonly ids: readonly string[] | null;
    readonly baseUrl: string;
  };
  /** `{ index, count }` for `--shard i/n` (index is 1-based), null when unsharded. */
  readonly shard: { readonly index: number; readonly count: number } | null;
  /** Ids of the instances this run (shard) is responsible for, in order. */
  readonly instanceIds: readonly string[];
  readonly startedAt: string;
  readonly endedAt: string | null;
}

export interface AnswerLine {
  readonly id: string;
  /** The submitted answer text; null when the episode failed (then `error` says why). */
  readonly answer: string | null;
  readonly error?: EndReason;
}

export interface TrajectoryStep {
  /** 'assistant' = one LLM call; 'tool' = one observation returned to the model. */
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string | null;
  readonly thought?: string | null;
  readonly action?: { readonly kind: 'execute' | 'respond' | 'tool_call'; readonly name?: string; readonly arguments?: unknown; readonly text?: string } | null;
  readonly tokens?: { readonly prompt: number; readonly completion: number } | null;
  readonly ms?: number;
}

export interface Trajectory {
  readonly id: string;
  readonly task: string;
  readonly endReason: EndReason;
  readonly error?: string;
  readonly turns: number;
  readonly tokens: { readonly prompt: number; readonly completion: number };
  readonly costUsd: number | null;
  /** Wall-clock time of the episode (data, not an input). */
  readonly ms: number;
  /** Time spent inside Localforce (tool calls / queries) for this episode. */
  readonly localforceMs: number;
  readonly steps: readonly TrajectoryStep[];
}

export interface RunReport extends Report {
  readonly run: {
    readonly model: string;
    readonly strategy: Strategy;
    readonly n: number;
    readonly failuresByCause: Readonly<Record<string, number>>;
    readonly meanTurns: number;
    readonly tokens: { readonly prompt: number; readonly completion: number };
    readonly costUsd: number | null;
    readonly wallMs: number;
  };
}

// ── zod schemas of the files, for readers ─────────────────────────────────────────────────────

/** manifest.json, validated where it is read (leaderboard, eval --merge, resume). */
export const RunManifestSchema = z.object({
  format: z.literal(RUN_FORMAT_VERSION),
  localforceVersion: z.string(),
  org: z.object({ seed: z.number().nullable(), scale: z.number().nullable(), contentHash: z.string().min(1) }),
  tasksHash: z.string().min(1),
  promptsHash: z.string(),
  promptsName: z.string(),
  model: z.string().min(1),
  strategy: z.enum(STRATEGIES),
  parameters: z.object({
    temperature: z.number().nullable(),
    seed: z.number().nullable(),
    maxTurns: z.number(),
    concurrency: z.number(),
    families: z.array(z.string()).nullable(),
    perTask: z.number().nullable(),
    ids: z.array(z.string()).nullable(),
    baseUrl: z.string(),
  }),
  shard: z.object({ index: z.number().int().min(1), count: z.number().int().min(1) }).nullable(),
  instanceIds: z.array(z.string()),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
});

/** report.json (the eval Report plus run statistics), validated where it is read. */
export const RunReportSchema = z.object({
  overall: z.number(),
  n: z.number().int().min(0),
  families: z.record(z.string(), z.object({ score: z.number().min(0).max(1), n: z.number().int().min(0), code: z.string() })),
  personas: z.record(z.string(), z.object({ score: z.number(), n: z.number() })),
  failures: z.array(z.object({ id: z.string(), task: z.string(), reward: z.number().min(0).max(1) }).loose()),
  run: z
    .object({
      model: z.string(),
      strategy: z.string(),
      n: z.number(),
      failuresByCause: z.record(z.string(), z.number()),
      meanTurns: z.number(),
      tokens: z.object({ prompt: z.number(), completion: z.number() }),
      costUsd: z.number().nullable(),
      wallMs: z.number(),
    })
    .optional(),
});
