// Reading `localforce run` output directories (format: tasks/run-format.ts), validated with zod at
// this edge. `--runs DIR` is either one run directory or a directory of them. A file that is missing
// or malformed is reported on the page, never thrown.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { RunSource } from '../../leaderboard/index.js';
import { RunReportSchema, type AnswerLine, type RunManifest, type RunReport, type Trajectory } from '../../tasks/index.js';

const manifestSchema = z.looseObject({
  format: z.number(),
  model: z.string(),
  strategy: z.string(),
  promptsName: z.string().optional(),
  instanceIds: z.array(z.string()),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  shard: z.object({ index: z.number(), count: z.number() }).nullable().optional(),
  org: z.looseObject({ seed: z.number().nullable(), scale: z.number().nullable(), contentHash: z.string() }).optional(),
});

const answerSchema = z.looseObject({ id: z.string(), answer: z.string().nullable(), error: z.string().optional() });

const stepSchema = z.looseObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string().nullable(),
  thought: z.string().nullable().optional(),
  action: z
    .looseObject({ kind: z.string(), name: z.string().optional(), arguments: z.unknown().optional(), text: z.string().optional() })
    .nullable()
    .optional(),
  tokens: z.object({ prompt: z.number(), completion: z.number() }).nullable().optional(),
  ms: z.number().optional(),
});

const trajectorySchema = z.looseObject({
  id: z.string(),
  task: z.string(),
  endReason: z.string(),
  error: z.string().optional(),
  turns: z.number(),
  tokens: z.object({ prompt: z.number(), completion: z.number() }),
  costUsd: z.number().nullable(),
  ms: z.number(),
  localforceMs: z.number(),
  steps: z.array(stepSchema),
});

// The shared report.json schema, keeping fields the viewer does not know (it shows what it can).
const reportSchema = RunReportSchema.loose();

export interface LoadedRun {
  /** The directory's name: the run's id in URLs. */
  readonly name: string;
  readonly dir: string;
  readonly manifest: RunManifest | null;
  readonly report: RunReport | null;
  readonly answers: ReadonlyMap<string, AnswerLine>;
  readonly trajectories: ReadonlyMap<string, Trajectory>;
  /** Problems met while reading (shown on the page). */
  readonly problems: readonly string[];
}

function readJson<T>(path: string, schema: z.ZodType<T>, problems: string[]): T | null {
  if (!existsSync(path)) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (parsed.success) return parsed.data;
    problems.push(`${basename(path)}: ${parsed.error.issues[0]?.message ?? 'invalid'} at ${parsed.error.issues[0]?.path.join('.') ?? ''}`);
  } catch (err) {
    problems.push(`${basename(path)}: ${(err as Error).message}`);
  }
  return null;
}

function readJsonl<T extends { id: string }>(path: string, schema: z.ZodType<T>, problems: string[]): Map<string, T> {
  const out = new Map<string, T>();
  if (!existsSync(path)) return out;
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const parsed = schema.safeParse(JSON.parse(line));
      if (parsed.success) out.set(parsed.data.id, parsed.data);
      else problems.push(`${basename(path)} line ${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    } catch (err) {
      problems.push(`${basename(path)} line ${i + 1}: ${(err as Error).message}`);
    }
  });
  return out;
}

const cache = new Map<string, { readonly key: string; readonly run: LoadedRun }>();

function stamp(dir: string): string {
  return ['manifest.json', 'answers.jsonl', 'trajectories.jsonl', 'report.json']
    .map((f) => {
      const p = join(dir, f);
      if (!existsSync(p)) return '-';
      const s = statSync(p);
      return `${s.size}:${s.mtimeMs}`;
    })
    .join('|');
}

export function loadRun(dir: string): LoadedRun {
  const key = stamp(dir);
  const hit = cache.get(dir);
  if (hit && hit.key === key) return hit.run;
  const problems: string[] = [];
  const run: LoadedRun = {
    name: basename(dir),
    dir,
    manifest: readJson(join(dir, 'manifest.json'), manifestSchema, problems) as RunManifest | null,
    report: readJson(join(dir, 'report.json'), reportSchema, problems) as RunReport | null,
    answers: readJsonl(join(dir, 'answers.jsonl'), answerSchema, problems) as Map<string, AnswerLine>,
    trajectories: readJsonl(join(dir, 'trajectories.jsonl'), trajectorySchema, problems) as Map<string, Trajectory>,
    problems,
  };
  cache.set(dir, { key, run });
  return run;
}

/** The run directories under `root` (itself, when it holds a manifest.json), by name. */
export function runDirs(root: string): string[] {
  if (!existsSync(root)) return [];
  if (existsSync(join(root, 'manifest.json'))) return [root];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'manifest.json')))
    .map((d) => join(root, d.name))
    .sort();
}

export function findRun(root: string, name: string): LoadedRun | undefined {
  const dir = runDirs(root).find((d) => basename(d) === name);
  return dir === undefined ? undefined : loadRun(dir);
}

/** A run directory's files as the leaderboard's input (leaderboard/input.ts). */
export function runSource(dir: string, name: string): RunSource {
  const files = new Map<string, string>();
  for (const f of ['manifest.json', 'report.json', 'answers.jsonl', 'trajectories.jsonl']) {
    const p = join(dir, f);
    if (existsSync(p)) files.set(f, readFileSync(p, 'utf8'));
  }
  return { path: name, files, links: { report: `/lightning/runs/${encodeURIComponent(name)}` } };
}
