// Submission bundles: `leaderboard pack` puts a run directory into one reproducible .tgz with a sha256
// index; `leaderboard verify` re-scores its answers against a tasks file and checks every hash, so a
// published number can be reproduced from the bundle alone (plus the public tasks file).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { LeaderboardError, parseAnswerLines, parseManifest, parseReport, parseTasks, parseTrajectories, rescore } from './input.js';
import { untgz, tgz } from './tar.js';

export const BUNDLE_INDEX = 'BUNDLE.json';
export const BUNDLE_FORMAT = 1;
/** The files of a run directory a bundle carries; report.md is optional. */
export const BUNDLE_FILES = ['manifest.json', 'answers.jsonl', 'trajectories.jsonl', 'report.json'] as const;
const OPTIONAL_FILES = ['report.md'] as const;

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

const indexSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});

/**
 * Packs a run directory's files (name → bytes). Everything is validated first, so a bundle that packs
 * is one `verify` can read; the archive bytes depend only on the files (fixed order and mtime).
 */
export function pack(files: ReadonlyMap<string, Uint8Array>): Buffer {
  const text = (name: string) => {
    const b = files.get(name);
    if (!b) throw new LeaderboardError(`${name} is missing from the run directory`);
    return Buffer.from(b).toString('utf8');
  };
  const manifest = parseManifest('manifest.json', text('manifest.json'));
  parseReport('report.json', text('report.json'));
  const answers = parseAnswerLines('answers.jsonl', text('answers.jsonl'));
  parseTrajectories('trajectories.jsonl', text('trajectories.jsonl'));
  const ids = new Set(manifest.instanceIds);
  const stray = answers.find((a) => !ids.has(a.id));
  if (stray) throw new LeaderboardError(`answers.jsonl: instance ${stray.id} is not in the manifest`);
  const names = [...BUNDLE_FILES, ...OPTIONAL_FILES.filter((n) => files.has(n))];
  const entries = names.map((name) => ({ name, data: files.get(name)! }));
  const index = { format: BUNDLE_FORMAT, files: Object.fromEntries(entries.map((e) => [e.name, sha256(e.data)])) };
  return tgz([{ name: BUNDLE_INDEX, data: Buffer.from(`${JSON.stringify(index, null, 2)}\n`) }, ...entries]);
}

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface Verification {
  readonly ok: boolean;
  readonly checks: readonly Check[];
  /** Re-scored figures (family task id → score and n, overall), when the bundle got that far. */
  readonly rescored: { readonly overall: number; readonly n: number; readonly families: Readonly<Record<string, { score: number; n: number }>> } | null;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9;

/** One failed check: thrown by a verification step, turned into the check that failed by `verify`. */
class Failed {
  constructor(
    readonly name: string,
    readonly detail: string,
    readonly rescored: Verification['rescored'] = null,
  ) {}
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Verifies a bundle against the tasks file's raw bytes. Never throws on bad input: it fails a check. */
export function verify(bundle: Uint8Array, tasksBytes: Uint8Array): Verification {
  const checks: Check[] = [];
  const pass = (name: string, detail: string) => checks.push({ name, ok: true, detail });
  try {
    const files = readArchive(bundle, pass);
    const run = readContents(files);
    pass('contents', `${run.manifest.model} · ${run.manifest.strategy}: ${run.manifest.instanceIds.length} instances, ${run.answers.length} answers`);
    const gold = readTasks(tasksBytes, run.manifest.tasksHash, pass);
    checkInstances(run, gold);
    pass('instances', `${run.answers.length} of ${new Set(run.manifest.instanceIds).size} answered; every id belongs to the run`);
    const rescored = rescoreRun(run, gold);
    pass('re-score', `overall ${(100 * rescored.overall).toFixed(1)} over ${rescored.n} instances matches report.json`);
    return { ok: true, checks, rescored };
  } catch (e) {
    if (!(e instanceof Failed)) throw e;
    checks.push({ name: e.name, ok: false, detail: e.detail });
    return { ok: false, checks, rescored: e.rescored };
  }
}

/** The archive's files, each listed in the index and matching its hash. */
function readArchive(bundle: Uint8Array, pass: (name: string, detail: string) => void): Map<string, Buffer> {
  let files: Map<string, Buffer>;
  try {
    files = new Map(untgz(bundle).map((e) => [e.name, Buffer.from(e.data)]));
  } catch (e) {
    throw new Failed('archive', messageOf(e));
  }
  const indexBytes = files.get(BUNDLE_INDEX);
  if (!indexBytes) throw new Failed('archive', `${BUNDLE_INDEX} is missing`);
  let json: unknown;
  try {
    json = JSON.parse(indexBytes.toString('utf8'));
  } catch {
    throw new Failed('archive', `${BUNDLE_INDEX} is not JSON`);
  }
  const parsed = indexSchema.safeParse(json);
  if (!parsed.success) throw new Failed('archive', `${BUNDLE_INDEX} is malformed`);
  const index = parsed.data;
  const missing = BUNDLE_FILES.filter((n) => !files.has(n));
  if (missing.length) throw new Failed('archive', `missing ${missing.join(', ')}`);
  const unlisted = [...files.keys()].filter((n) => n !== BUNDLE_INDEX && !(n in index.files));
  const absent = Object.keys(index.files).filter((n) => !files.has(n));
  if (unlisted.length || absent.length) {
    throw new Failed('archive', [unlisted.length ? `not in the index: ${unlisted.join(', ')}` : '', absent.length ? `indexed but absent: ${absent.join(', ')}` : ''].filter(Boolean).join('; '));
  }
  pass('archive', `${files.size - 1} files`);

  const bad = Object.entries(index.files).filter(([n, h]) => sha256(files.get(n)!) !== h);
  if (bad.length) throw new Failed('file hashes', `changed after packing: ${bad.map(([n]) => n).join(', ')}`);
  pass('file hashes', 'every file matches its sha256 in the index');
  return files;
}

interface BundledRun {
  manifest: ReturnType<typeof parseManifest>;
  report: ReturnType<typeof parseReport>;
  answers: ReturnType<typeof parseAnswerLines>;
  trajectories: ReturnType<typeof parseTrajectories>;
}

function readContents(files: ReadonlyMap<string, Buffer>): BundledRun {
  const text = (n: string) => files.get(n)!.toString('utf8');
  try {
    return {
      manifest: parseManifest('manifest.json', text('manifest.json')),
      report: parseReport('report.json', text('report.json')),
      answers: parseAnswerLines('answers.jsonl', text('answers.jsonl')),
      trajectories: parseTrajectories('trajectories.jsonl', text('trajectories.jsonl')),
    };
  } catch (e) {
    throw new Failed('contents', messageOf(e));
  }
}

type Gold = ReturnType<typeof parseTasks>;

/** The tasks file, which must be the one the run was given (same sha256). */
function readTasks(tasksBytes: Uint8Array, runTasksHash: string, pass: (name: string, detail: string) => void): Gold {
  const tasksHash = sha256(tasksBytes);
  if (tasksHash !== runTasksHash) throw new Failed('tasks hash', `the tasks file's sha256 ${tasksHash.slice(0, 12)}… is not the run's ${runTasksHash.slice(0, 12)}…`);
  pass('tasks hash', `sha256 ${tasksHash}`);
  try {
    return parseTasks('tasks file', Buffer.from(tasksBytes).toString('utf8'));
  } catch (e) {
    throw new Failed('tasks hash', messageOf(e));
  }
}

/** Every manifest instance is in the tasks file, once; answers and trajectories name only those, once each. */
function checkInstances({ manifest, answers, trajectories }: BundledRun, gold: Gold): void {
  const goldById = new Map(gold.map((g) => [g.id, g]));
  const ids = new Set(manifest.instanceIds);
  const unknown = manifest.instanceIds.filter((id) => !goldById.has(id));
  if (unknown.length) throw new Failed('instances', `${unknown.length} manifest instance(s) not in the tasks file, e.g. ${unknown[0]}`);
  if (ids.size !== manifest.instanceIds.length) throw new Failed('instances', 'the manifest lists an instance twice');
  const seen = new Set<string>();
  for (const a of answers) {
    if (!ids.has(a.id)) throw new Failed('instances', `answer for ${a.id}, which the run was not given`);
    if (seen.has(a.id)) throw new Failed('instances', `two answers for ${a.id}`);
    seen.add(a.id);
  }
  for (const t of trajectories) {
    const g = goldById.get(t.id);
    if (!ids.has(t.id) || !g) throw new Failed('instances', `trajectory for ${t.id}, which the run was not given`);
    if (g.task !== t.task) throw new Failed('instances', `trajectory ${t.id} says ${t.task}, the tasks file ${g.task}`);
  }
}

/** Re-scores the answers and compares every figure with report.json's. */
function rescoreRun({ manifest, report, answers }: BundledRun, gold: Gold): NonNullable<Verification['rescored']> {
  const goldById = new Map(gold.map((g) => [g.id, g]));
  const rewards = rescore(manifest.instanceIds.map((id) => goldById.get(id)!), answers);
  const fam = new Map<string, { sum: number; n: number }>();
  for (const r of rewards.values()) {
    const f = fam.get(r.task) ?? { sum: 0, n: 0 };
    f.sum += r.reward;
    f.n++;
    fam.set(r.task, f);
  }
  const families = Object.fromEntries([...fam].map(([k, f]) => [k, { score: f.sum / f.n, n: f.n }]));
  const scores = Object.values(families).map((f) => f.score);
  const rescored = { overall: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0, n: rewards.size, families };
  const diffs: string[] = [];
  for (const [k, f] of Object.entries(families)) {
    const claimed = report.families[k];
    if (!claimed) diffs.push(`${k} missing from report.json`);
    else if (claimed.n !== f.n || !close(claimed.score, f.score)) diffs.push(`${k}: claimed ${(100 * claimed.score).toFixed(2)} (n ${claimed.n}), re-scored ${(100 * f.score).toFixed(2)} (n ${f.n})`);
  }
  for (const k of Object.keys(report.families)) if (!families[k]) diffs.push(`${k} in report.json but not among the run's instances`);
  if (report.n !== rescored.n) diffs.push(`n: claimed ${report.n}, re-scored ${rescored.n}`);
  if (!close(report.overall, rescored.overall)) diffs.push(`overall: claimed ${(100 * report.overall).toFixed(2)}, re-scored ${(100 * rescored.overall).toFixed(2)}`);
  if (diffs.length) throw new Failed('re-score', diffs.join('; '), rescored);
  return rescored;
}
