// Runs → the leaderboard as plain data (the JSON output; Markdown and HTML render it).
// Shards of one run are merged, runs are grouped by what makes scores comparable (org content hash,
// tasks file hash, Localforce version, instance set), ranked within a group by ALL, and given seeded
// bootstrap intervals and, against a baseline, a paired test on the instances both runs answered.
import { createHash } from 'node:crypto';
import { TASK_CODES, TASK_IDS, type TaskId } from '../tasks/index.js';
import { LeaderboardError, PERSONA_OF, type InstanceResult, type LoadedRun, type RunStats } from './input.js';
import {
  CRMARENA_PER_FAMILY, CRMARENA_REFERENCE_LABEL, CRMARENA_REFERENCE_SOURCE, CRMARENA_TABLE2,
} from './reference/crmarena.js';
import { bootstrapScores, CONFIDENCE, DEFAULT_RESAMPLES, mean, pairedBootstrap, seedOf, type Interval, type PairedResult } from './stats.js';

export const LEADERBOARD_FORMAT = 1;
export const PERSONAS = ['service_agent', 'analyst', 'manager'] as const;
export const PERSONA_TITLES: Readonly<Record<(typeof PERSONAS)[number], string>> = {
  service_agent: 'Service agent',
  analyst: 'Analyst',
  manager: 'Manager',
};
/** Table 2's column order. */
export const FAMILY_CODES: readonly string[] = TASK_IDS.map((t) => TASK_CODES[t]);

export interface Cell {
  readonly score: number;
  readonly n: number;
  readonly ci: Interval | null;
}

export interface BaselineComparison {
  readonly baseline: string;
  /** By family code, plus 'ALL'. */
  readonly families: Readonly<Record<string, PairedResult>>;
  readonly all: PairedResult | null;
}

export interface Row {
  /** 1-based within its group; null in unranked tables. */
  readonly rank: number | null;
  readonly label: string;
  readonly sources: readonly string[];
  readonly model: string | null;
  readonly strategy: string | null;
  readonly prompts: string | null;
  /** By family code (NCR …); only families the run has. */
  readonly families: Readonly<Record<string, Cell>>;
  readonly personas: Readonly<Record<string, Cell>>;
  readonly all: Cell;
  readonly n: number;
  readonly stats: RunStats;
  readonly rewards: LoadedRun['rewards'];
  readonly isBaseline: boolean;
  readonly vsBaseline: BaselineComparison | null;
  readonly links: { readonly report?: string; readonly trajectories?: string };
  readonly notes: readonly string[];
}

export interface GroupKey {
  readonly orgContentHash: string;
  readonly tasksHash: string;
  readonly localforceVersion: string;
  /** sha256 of the sorted instance ids the run covered. */
  readonly instanceSetHash: string;
}

export interface Group {
  readonly key: GroupKey | null;
  readonly title: string;
  readonly explanation: string;
  readonly ranked: boolean;
  readonly rows: readonly Row[];
}

export interface ReferenceTable {
  readonly label: string;
  readonly source: string;
  readonly rows: readonly {
    readonly strategy: string;
    readonly model: string;
    readonly families: Readonly<Record<string, number>>;
    readonly all: number;
    readonly nPerFamily: number;
  }[];
}

export interface Leaderboard {
  readonly format: typeof LEADERBOARD_FORMAT;
  readonly confidence: number;
  readonly resamples: number;
  readonly note: string;
  readonly groups: readonly Group[];
  readonly reference: ReferenceTable | null;
}

export interface BuildOptions {
  readonly baseline?: LoadedRun;
  readonly reference?: 'crmarena';
  readonly resamples?: number;
}

// ── Merging shards ─────────────────────────────────────────────────────────────────────────────

interface MergedRun {
  readonly sources: string[];
  readonly manifest: LoadedRun['manifest'];
  readonly instances: Map<string, InstanceResult>;
  readonly rewards: LoadedRun['rewards'];
  readonly stats: RunStats;
  readonly links: LoadedRun['links'];
  readonly notes: string[];
}

/** Everything that identifies a run except which shard of it a directory holds. */
function runKey(r: LoadedRun): string {
  if (!r.manifest) return `report:${r.source}`;
  const { shard: _s, instanceIds: _i, startedAt: _a, endedAt: _e, ...rest } = r.manifest;
  return JSON.stringify(rest);
}

function addStats(a: RunStats, b: RunStats, na: number, nb: number): RunStats {
  const causes: Record<string, number> = { ...a.failuresByCause };
  for (const [k, v] of Object.entries(b.failuresByCause)) causes[k] = (causes[k] ?? 0) + v;
  const sumNull = (x: number | null, y: number | null) => (x === null && y === null ? null : (x ?? 0) + (y ?? 0));
  return {
    failuresByCause: causes,
    meanTurns: a.meanTurns === null || b.meanTurns === null ? (a.meanTurns ?? b.meanTurns) : (a.meanTurns * na + b.meanTurns * nb) / (na + nb),
    tokens: a.tokens && b.tokens ? { prompt: a.tokens.prompt + b.tokens.prompt, completion: a.tokens.completion + b.tokens.completion } : (a.tokens ?? b.tokens),
    costUsd: sumNull(a.costUsd, b.costUsd),
    // Shards may run side by side or one after another; the summed time is what the run cost.
    wallMs: sumNull(a.wallMs, b.wallMs),
  };
}

export function mergeShards(runs: readonly LoadedRun[]): MergedRun[] {
  const byKey = new Map<string, LoadedRun[]>();
  for (const r of runs) byKey.set(runKey(r), [...(byKey.get(runKey(r)) ?? []), r]);
  const out: MergedRun[] = [];
  for (const list of byKey.values()) {
    const first = list[0]!;
    const notes = list.flatMap((r) => r.warnings.map((w) => `${r.source}: ${w}`));
    const shards = list.map((r) => r.manifest?.shard).filter((s) => s != null);
    if (list.length > 1 && shards.length !== list.length) {
      throw new LeaderboardError(`${list.map((r) => r.source).join(', ')}: the same run given twice (not as shards)`);
    }
    const indices = new Set(shards.map((s) => s.index));
    if (indices.size !== shards.length) throw new LeaderboardError(`${list.map((r) => r.source).join(', ')}: the same shard given twice`);
    const count = shards[0]?.count;
    if (count !== undefined && (shards.some((s) => s.count !== count) || indices.size !== count)) {
      const missing = [...Array(count).keys()].map((i) => i + 1).filter((i) => !indices.has(i));
      notes.push(`incomplete: shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${count} missing`);
    }
    const instances = new Map<string, InstanceResult>();
    let stats = first.stats;
    for (const [i, r] of list.entries()) {
      for (const [id, v] of r.instances) {
        if (instances.has(id)) throw new LeaderboardError(`${r.source}: instance ${id} appears in two shards`);
        instances.set(id, v);
      }
      if (i > 0) stats = addStats(stats, r.stats, instances.size - r.instances.size, r.instances.size);
    }
    const manifest = first.manifest && {
      ...first.manifest,
      shard: null,
      instanceIds: list.flatMap((r) => r.manifest?.instanceIds ?? []),
    };
    out.push({
      sources: list.map((r) => r.source),
      manifest,
      instances,
      rewards: list.every((r) => r.rewards === 'rescored') ? 'rescored' : 'report',
      stats,
      links: list.length === 1 ? first.links : {},
      notes,
    });
  }
  return out;
}

// ── Scoring one run ────────────────────────────────────────────────────────────────────────────

function codeOf(task: string): string {
  return TASK_CODES[task as TaskId] ?? task;
}

/** family code → instance id → reward. */
function byFamily(instances: ReadonlyMap<string, InstanceResult>): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const order = (code: string) => (FAMILY_CODES.includes(code) ? FAMILY_CODES.indexOf(code) : 100);
  for (const [id, r] of instances) {
    const c = codeOf(r.task);
    if (!out.has(c)) out.set(c, new Map());
    out.get(c)!.set(id, r.reward);
  }
  return new Map([...out].sort((a, b) => order(a[0]) - order(b[0]) || a[0].localeCompare(b[0])));
}

const PERSONA_FAMILIES = new Map<string, string[]>(
  PERSONAS.map((p) => [p, TASK_IDS.filter((t) => PERSONA_OF(t) === p).map((t) => TASK_CODES[t])]),
);

function labelOf(m: MergedRun): string {
  if (!m.manifest) return m.sources[0]!;
  return `${m.manifest.model} · ${m.manifest.strategy} · ${m.manifest.promptsName}`;
}

function scoreRun(m: MergedRun, resamples: number): Omit<Row, 'rank' | 'isBaseline' | 'vsBaseline'> {
  const fams = byFamily(m.instances);
  const label = labelOf(m);
  const rewards = new Map([...fams].map(([k, v]) => [k, [...v.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map((e) => e[1])]));
  const ci = bootstrapScores(rewards, PERSONA_FAMILIES, seedOf(`${label}|${m.sources.join('|')}`), resamples);
  const families: Record<string, Cell> = {};
  for (const [k, xs] of rewards) families[k] = { score: mean(xs), n: xs.length, ci: ci.families.get(k) ?? null };
  const personas: Record<string, Cell> = {};
  for (const [p, members] of PERSONA_FAMILIES) {
    const present = members.filter((c) => families[c]);
    if (!present.length) continue;
    personas[p] = {
      score: mean(present.map((c) => families[c]!.score)),
      n: present.reduce((a, c) => a + families[c]!.n, 0),
      ci: ci.groups.get(p) ?? null,
    };
  }
  const famScores = Object.values(families).map((f) => f.score);
  return {
    label,
    sources: m.sources,
    model: m.manifest?.model ?? null,
    strategy: m.manifest?.strategy ?? null,
    prompts: m.manifest?.promptsName ?? null,
    families,
    personas,
    all: { score: mean(famScores), n: m.instances.size, ci: famScores.length ? ci.all : null },
    n: m.instances.size,
    stats: m.stats,
    rewards: m.rewards,
    links: m.links,
    notes: m.notes,
  };
}

// ── Grouping ───────────────────────────────────────────────────────────────────────────────────

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function groupKeyOf(m: MergedRun): GroupKey | null {
  if (!m.manifest) return null;
  return {
    orgContentHash: m.manifest.org.contentHash,
    tasksHash: m.manifest.tasksHash,
    localforceVersion: m.manifest.localforceVersion,
    instanceSetHash: sha256([...m.instances.keys()].sort().join('\n')),
  };
}

const short = (h: string) => h.slice(0, 12);

function describeKey(k: GroupKey, n: number): string {
  return `org ${short(k.orgContentHash)} · tasks ${short(k.tasksHash)} · Localforce ${k.localforceVersion} · ${n} instances (set ${short(k.instanceSetHash)})`;
}

function differences(a: GroupKey, b: GroupKey): string[] {
  const d: string[] = [];
  if (a.orgContentHash !== b.orgContentHash) d.push('org');
  if (a.tasksHash !== b.tasksHash) d.push('task file');
  if (a.localforceVersion !== b.localforceVersion) d.push('Localforce version');
  if (a.instanceSetHash !== b.instanceSetHash) d.push('instance set');
  return d;
}

function rankRows(rows: Row[]): Row[] {
  const sorted = [...rows].sort((a, b) => b.all.score - a.all.score || a.label.localeCompare(b.label));
  return sorted.map((r, i) => ({ ...r, rank: i + 1 }));
}

/** Adds a short suffix to labels that occur twice in one table, so every row can be told apart. */
function disambiguate<T extends { label: string; sources: readonly string[] }>(rows: T[]): T[] {
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.label, (count.get(r.label) ?? 0) + 1);
  return rows.map((r) => (count.get(r.label)! > 1 ? { ...r, label: `${r.label} [${r.sources.join(', ')}]` } : r));
}

export function buildLeaderboard(runs: readonly LoadedRun[], opts: BuildOptions = {}): Leaderboard {
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES;
  if (runs.length === 0 && !opts.reference) throw new LeaderboardError('no runs given');
  const merged = mergeShards(opts.baseline && !runs.some((r) => r.source === opts.baseline!.source) ? [...runs, opts.baseline] : runs);
  const baselineMerged = opts.baseline ? merged.find((m) => m.sources.includes(opts.baseline!.source)) : undefined;

  const keyed = new Map<string, { key: GroupKey; runs: MergedRun[] }>();
  const unkeyed: MergedRun[] = [];
  for (const m of merged) {
    const key = groupKeyOf(m);
    if (!key) {
      unkeyed.push(m);
      continue;
    }
    const k = JSON.stringify(key);
    if (!keyed.has(k)) keyed.set(k, { key, runs: [] });
    keyed.get(k)!.runs.push(m);
  }

  const baselineFams = baselineMerged ? byFamily(baselineMerged.instances) : null;
  const baselineKey = baselineMerged ? groupKeyOf(baselineMerged) : null;
  const baselineLabel = baselineMerged ? labelOf(baselineMerged) : '';

  const groups: Group[] = [];
  const keys = [...keyed.values()];
  for (const { key, runs: members } of keys) {
    let rows: Row[] = disambiguate(members.map((m) => scoreRun(m, resamples))).map((r, i) => {
      const m = members[i]!;
      const isBaseline = m === baselineMerged;
      let vsBaseline: BaselineComparison | null = null;
      const notes = [...r.notes];
      if (baselineFams && !isBaseline) {
        // Paired only on the same org + tasks (instance ids mean the same question); the instance set may differ.
        if (baselineKey && baselineKey.orgContentHash === key.orgContentHash && baselineKey.tasksHash === key.tasksHash) {
          const p = pairedBootstrap(byFamily(m.instances), baselineFams, seedOf(`${r.label}|vs|${baselineLabel}`), resamples);
          vsBaseline = { baseline: baselineLabel, families: Object.fromEntries(p.families), all: p.all };
        } else {
          notes.push('not compared with the baseline: it used a different org or task file');
        }
      }
      return { ...r, rank: null, isBaseline, vsBaseline, notes };
    });
    rows = rankRows(rows);
    const others = keys.filter((g) => g.key !== key);
    const explanation =
      keys.length === 1 && unkeyed.length === 0
        ? `All runs used the same org, task file, Localforce version and instance set, so they are ranked together by ALL.`
        : `Ranked only within this table: the other tables' runs differ in ${[...new Set(others.flatMap((g) => differences(key, g.key)))].join(', ') || 'provenance'}, so their scores are not comparable with these.`;
    groups.push({ key, title: describeKey(key, rows[0]!.n), explanation, ranked: true, rows });
  }
  if (unkeyed.length) {
    const rows = disambiguate(unkeyed.map((m) => scoreRun(m, resamples))).map((r) => ({ ...r, rank: null, isBaseline: false, vsBaseline: null }));
    groups.push({
      key: null,
      title: 'Reports without a run manifest',
      explanation: 'These eval reports carry no manifest, so which org and task file they used is unknown; they are shown, not ranked.',
      ranked: false,
      rows,
    });
  }
  return {
    format: LEADERBOARD_FORMAT,
    confidence: CONFIDENCE,
    resamples,
    note: `Percent. KQA is token F1, every other family exact match. Persona columns and ALL are unweighted means of their families. Intervals: ${CONFIDENCE * 100}% percentile bootstrap (${resamples} seeded resamples, stratified by family).`,
    groups,
    reference: opts.reference === 'crmarena' ? crmarenaReference() : null,
  };
}

function crmarenaReference(): ReferenceTable {
  return {
    label: CRMARENA_REFERENCE_LABEL,
    source: CRMARENA_REFERENCE_SOURCE,
    rows: CRMARENA_TABLE2.map((r) => ({
      strategy: r.strategy,
      model: r.model,
      families: Object.fromEntries(FAMILY_CODES.map((c, i) => [c, r.scores[i]!])),
      all: r.all,
      nPerFamily: CRMARENA_PER_FAMILY,
    })),
  };
}
