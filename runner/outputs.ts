// Reading and writing the run directory (tasks/run-format.ts). Lines are appended as episodes
// finish, so a crash loses only the episodes in flight; readers drop a torn last line and any
// answer without its trajectory (that task is simply run again on --resume).
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { RunManifestSchema, type AnswerLine, type RunManifest, type RunReport, type Trajectory } from '../tasks/index.js';
import { toMarkdown } from '../tasks/index.js';

export const FILES = {
  manifest: 'manifest.json',
  answers: 'answers.jsonl',
  trajectories: 'trajectories.jsonl',
  report: 'report.json',
  reportMd: 'report.md',
} as const;

const END_REASONS = ['answered', 'max_turns', 'malformed_output', 'llm_error', 'context_length', 'server_error', 'interrupted'] as const;

/** manifest.json's schema (the shared one in tasks/run-format.ts). */
export const ManifestSchema = RunManifestSchema;

const AnswerSchema = z.object({ id: z.string(), answer: z.string().nullable(), error: z.enum(END_REASONS).optional() });
const TrajectoryHead = z.object({ id: z.string(), task: z.string(), endReason: z.enum(END_REASONS) }).passthrough();

export function readManifest(dir: string): RunManifest {
  const path = join(dir, FILES.manifest);
  if (!existsSync(path)) throw new Error(`${dir} has no ${FILES.manifest}`);
  const r = ManifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!r.success) throw new Error(`${path}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

export function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
}

function jsonLines<T>(path: string, schema: z.ZodType<T>): T[] {
  if (!existsSync(path)) return [];
  const out: T[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = schema.safeParse(JSON.parse(line));
      if (r.success) out.push(r.data);
    } catch {
      // a torn line from a crash mid-write: ignored (its task runs again)
    }
  }
  return out;
}

export interface RunContents {
  readonly answers: AnswerLine[];
  readonly trajectories: Trajectory[];
}

/** The finished tasks of a run directory: answers that have a trajectory (last write wins). */
export function readRun(dir: string): RunContents {
  const answers = new Map(jsonLines(join(dir, FILES.answers), AnswerSchema).map((a) => [a.id, a as AnswerLine]));
  const trajectories = new Map(jsonLines(join(dir, FILES.trajectories), TrajectoryHead).map((t) => [t.id, t as unknown as Trajectory]));
  const ids = [...answers.keys()].filter((id) => trajectories.has(id));
  return { answers: ids.map((id) => answers.get(id)!), trajectories: ids.map((id) => trajectories.get(id)!) };
}

export class RunWriter {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  manifest(m: RunManifest): void {
    writeJsonAtomic(join(this.dir, FILES.manifest), m);
  }

  /** Rewrites both JSONL files with exactly these finished tasks (resume drops torn or orphan lines). */
  reset(contents: RunContents): void {
    const lines = (xs: readonly unknown[]) => xs.map((x) => `${JSON.stringify(x)}\n`).join('');
    writeFileSync(join(this.dir, FILES.trajectories), lines(contents.trajectories));
    writeFileSync(join(this.dir, FILES.answers), lines(contents.answers));
  }

  /** Trajectory first: an answer line is only ever written after its trajectory. */
  append(answer: AnswerLine, trajectory: Trajectory): void {
    appendFileSync(join(this.dir, FILES.trajectories), `${JSON.stringify(trajectory)}\n`);
    appendFileSync(join(this.dir, FILES.answers), `${JSON.stringify(answer)}\n`);
  }

  report(report: RunReport, label: string): void {
    writeJsonAtomic(join(this.dir, FILES.report), report);
    writeFileSync(join(this.dir, FILES.reportMd), runMarkdown(report, label));
  }
}

export function runMarkdown(r: RunReport, label: string): string {
  const causes = Object.entries(r.run.failuresByCause);
  const lines = [
    `# ${label} (${r.run.strategy})`,
    '',
    toMarkdown(r, label).trimEnd(),
    '',
    '| Run | |',
    '|---|---:|',
    `| episodes | ${r.run.n} |`,
    `| mean turns | ${r.run.meanTurns.toFixed(2)} |`,
    `| prompt tokens | ${r.run.tokens.prompt} |`,
    `| completion tokens | ${r.run.tokens.completion} |`,
    `| cost (USD) | ${r.run.costUsd === null ? '–' : r.run.costUsd.toFixed(4)} |`,
    `| wall time (s) | ${(r.run.wallMs / 1000).toFixed(1)} |`,
    '',
    causes.length ? '| Failed episodes by cause | n |\n|---|---:|\n' + causes.map(([k, v]) => `| ${k} | ${v} |`).join('\n') : 'No failed episodes.',
    '',
  ];
  return lines.join('\n');
}

// ── manifests that must agree (resume, merge) ────────────────────────────────────────────────

/** The fields that define "the same run"; shard position, instance ids and times may differ. */
export function runIdentity(m: RunManifest): Record<string, unknown> {
  return {
    format: m.format,
    localforceVersion: m.localforceVersion,
    org: m.org,
    tasksHash: m.tasksHash,
    promptsHash: m.promptsHash,
    promptsName: m.promptsName,
    model: m.model,
    strategy: m.strategy,
    parameters: { ...m.parameters, concurrency: null, baseUrl: null },
    shardCount: m.shard?.count ?? 1,
  };
}

/** Differences between two manifests' identities, as "field: a ≠ b" lines. */
export function manifestDiff(a: RunManifest, b: RunManifest): string[] {
  const x = flatten(runIdentity(a));
  const y = flatten(runIdentity(b));
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  return [...keys].filter((k) => x[k] !== y[k]).map((k) => `${k}: ${x[k]} ≠ ${y[k]}`);
}

function flatten(o: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
    for (const [k, v] of Object.entries(o)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix] = JSON.stringify(o);
  return out;
}
