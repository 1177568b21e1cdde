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

/** Verifies a bundle against the tasks file's raw bytes. Never throws on bad input: it fails a check. */
export function verify(bundle: Uint8Array, tasksBytes: Uint8Array): Verification {
  const checks: Check[] = [];
  const fail = (name: string, detail: string): Verification => {
    checks.push({ name, ok: false, detail });
    return { ok: false, checks, rescored: null };
  };
  const pass = (name: string, detail: string) => checks.push({ name, ok: true, detail });

  let files: Map<string, Buffer>;
  try {
    files = new Map(untgz(bundle).map((e) => [e.name, Buffer.from(e.data)]));
  } catch (e) {
    return fail('archive', e instanceof Error ? e.message : String(e));
  }
  const indexBytes = files.get(BUNDLE_INDEX);
  if (!indexBytes) return fail('archive', `${BUNDLE_INDEX} is missing`);
  let index: z.infer<typeof indexSchema>;
  try {
    const parsed = indexSchema.safeParse(JSON.parse(indexBytes.toString('utf8')));
    if (!parsed.success) return fail('archive', `${BUNDLE_INDEX} is malformed`);
    index = parsed.data;
  } catch {
    return fail('archive', `${BUNDLE_INDEX} is not JSON`);
  }
  const missing = BUNDLE_FILES.filter((n) => !files.has(n));
  if (missing.length) return fail('archive', `missing ${missing.join(', ')}`);
  const unlisted = [...files.keys()].filter((n) => n !== BUNDLE_INDEX && !(n in index.files));
  const absent = Object.keys(index.files).filter((n) => !files.has(n));
  if (unlisted.length || absent.length) {
    return fail('archive', [unlisted.length ? `not in the index: ${unlisted.join(', ')}` : '', absent.length ? `indexed but absent: ${absent.join(', ')}` : ''].filter(Boolean).join('; '));
  }
  pass('archive', `${files.size - 1} files`);

  const bad = Object.entries(index.files).filter(([n, h]) => sha256(files.get(n)!) !== h);
  if (bad.length) return fail('file hashes', `changed after packing: ${bad.map(([n]) => n).join(', ')}`);
  pass('file hashes', 'every file matches its sha256 in the index');

  const text = (n: string) => files.get(n)!.toString('utf8');
  let manifest, report, answers, trajectories, gold;
  try {
    manifest = parseManifest('manifest.json', text('manifest.json'));
    report = parseReport('report.json', text('report.json'));
    answers = parseAnswerLines('answers.jsonl', text('answers.jsonl'));
    trajectories = parseTrajectories('trajectories.jsonl', text('trajectories.jsonl'));
  } catch (e) {
    return fail('contents', e instanceof Error ? e.message : String(e));
  }
  pass('contents', `${manifest.model} · ${manifest.strategy}: ${manifest.instanceIds.length} instances, ${answers.length} answers`);

  const tasksHash = sha256(tasksBytes);
  if (tasksHash !== manifest.tasksHash) return fail('tasks hash', `the tasks file's sha256 ${tasksHash.slice(0, 12)}… is not the run's ${manifest.tasksHash.slice(0, 12)}…`);
  pass('tasks hash', `sha256 ${tasksHash}`);
  try {
    gold = parseTasks('tasks file', Buffer.from(tasksBytes).toString('utf8'));
  } catch (e) {
    return fail('tasks hash', e instanceof Error ? e.message : String(e));
  }

  const goldById = new Map(gold.map((g) => [g.id, g]));
  const ids = new Set(manifest.instanceIds);
  const unknown = manifest.instanceIds.filter((id) => !goldById.has(id));
  if (unknown.length) return fail('instances', `${unknown.length} manifest instance(s) not in the tasks file, e.g. ${unknown[0]}`);
  if (ids.size !== manifest.instanceIds.length) return fail('instances', 'the manifest lists an instance twice');
  const seen = new Set<string>();
  for (const a of answers) {
    if (!ids.has(a.id)) return fail('instances', `answer for ${a.id}, which the run was not given`);
    if (seen.has(a.id)) return fail('instances', `two answers for ${a.id}`);
    seen.add(a.id);
  }
  for (const t of trajectories) {
    const g = goldById.get(t.id);
    if (!ids.has(t.id) || !g) return fail('instances', `trajectory for ${t.id}, which the run was not given`);
    if (g.task !== t.task) return fail('instances', `trajectory ${t.id} says ${t.task}, the tasks file ${g.task}`);
  }
  pass('instances', `${answers.length} of ${ids.size} answered; every id belongs to the run`);

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
  if (diffs.length) {
    checks.push({ name: 're-score', ok: false, detail: diffs.join('; ') });
    return { ok: false, checks, rescored };
  }
  pass('re-score', `overall ${(100 * rescored.overall).toFixed(1)} over ${rescored.n} instances matches report.json`);
  return { ok: true, checks, rescored };
}
