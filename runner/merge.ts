// `eval --merge`: shard directories of one run → one run. Refuses shards whose manifests disagree
// (another model, prompt set, tasks file, org, parameters), duplicates, and incomplete shard sets.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunManifest, RunReport, Trajectory } from '../tasks/index.js';
import { FILES, manifestDiff, readManifest, readRun, type RunContents } from './outputs.js';
import { runReport, sha256, type RawTask } from './run.js';

export interface Merged {
  readonly manifest: RunManifest;
  readonly contents: RunContents;
  readonly report: RunReport;
}

export function mergeRuns(dirs: readonly string[], tasks: readonly RawTask[], tasksBytes: Buffer | string): Merged {
  if (dirs.length === 0) throw new Error('eval --merge needs at least one run directory');
  const manifests = dirs.map((d) => readManifest(d));
  const first = manifests[0]!;
  const problems: string[] = [];
  manifests.forEach((m, i) => {
    if (i === 0) return;
    for (const d of manifestDiff(first, m)) problems.push(`${dirs[i]} vs ${dirs[0]}: ${d}`);
  });
  const hash = sha256(tasksBytes);
  if (first.tasksHash !== hash) problems.push(`the tasks file is not the one the run used (sha256 ${hash.slice(0, 12)}… ≠ ${first.tasksHash.slice(0, 12)}…)`);
  const count = first.shard?.count ?? 1;
  if (dirs.length > 1 || first.shard) {
    const seen = new Map<number, string>();
    manifests.forEach((m, i) => {
      if (!m.shard) problems.push(`${dirs[i]} is not a shard (no --shard)`);
      else if (seen.has(m.shard.index)) problems.push(`shard ${m.shard.index}/${count} appears twice (${seen.get(m.shard.index)} and ${dirs[i]})`);
      else seen.set(m.shard.index, dirs[i]!);
    });
    for (let k = 1; k <= count; k++) if (!seen.has(k) && problems.length === 0) problems.push(`shard ${k}/${count} is missing`);
  }
  const owner = new Map<string, string>();
  manifests.forEach((m, i) => {
    for (const id of m.instanceIds) {
      if (owner.has(id)) problems.push(`instance ${id} is in ${owner.get(id)} and ${dirs[i]}`);
      owner.set(id, dirs[i]!);
    }
  });
  if (problems.length) throw new Error(`cannot merge:\n  ${problems.slice(0, 20).join('\n  ')}`);

  const order = new Map(tasks.map((t, i) => [String(t.id ?? t.idx ?? i), i]));
  const instanceIds = [...owner.keys()].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const answers: RunContents['answers'] = [];
  const trajectories: Trajectory[] = [];
  let wallMs = 0;
  dirs.forEach((d) => {
    const c = readRun(d);
    answers.push(...c.answers);
    trajectories.push(...c.trajectories);
  });
  for (const d of dirs) {
    try {
      // shards run side by side: the merged wall time is the slowest shard's
      const r = readRunReportWall(d);
      wallMs = Math.max(wallMs, r);
    } catch {
      // a shard without report.json contributes no wall time
    }
  }
  const byOrder = <T extends { id: string }>(xs: T[]) => xs.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const contents = { answers: byOrder(answers), trajectories: byOrder(trajectories) };
  const ended = manifests.map((m) => m.endedAt);
  const manifest: RunManifest = {
    ...first,
    parameters: { ...first.parameters, concurrency: manifests.reduce((n, m) => n + m.parameters.concurrency, 0) },
    shard: null,
    instanceIds,
    startedAt: manifests.map((m) => m.startedAt).sort()[0]!,
    endedAt: ended.some((e) => e === null) ? null : ended.sort().at(-1)!,
  };
  const report = runReport(tasks, instanceIds, contents, { model: first.model, strategy: first.strategy, wallMs });
  return { manifest, contents, report };
}

function readRunReportWall(dir: string): number {
  const r = JSON.parse(readFileSync(join(dir, FILES.report), 'utf8')) as { run?: { wallMs?: unknown } };
  return typeof r.run?.wallMs === 'number' ? r.run.wallMs : 0;
}
