// Uncertainty for the leaderboard: seeded percentile bootstrap CIs and a paired bootstrap test.
// Everything here is a pure function of its input (the PRNG is seeded from the data's names), so the same
// runs always print the same intervals. Efron & Tibshirani, "An Introduction to the Bootstrap", ch. 13 and 16.

/** mulberry32: small, fast, good enough for resampling. Returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over a string: turns a stable name (run key + family) into a PRNG seed. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export const DEFAULT_RESAMPLES = 2000;
export const CONFIDENCE = 0.95;

export interface Interval {
  readonly low: number;
  readonly high: number;
}

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length ? s / xs.length : 0;
}

/** Linear-interpolated quantile of an ascending-sorted array. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (pos - lo);
}

function percentileInterval(samples: number[]): Interval {
  samples.sort((a, b) => a - b);
  const alpha = (1 - CONFIDENCE) / 2;
  return { low: quantile(samples, alpha), high: quantile(samples, 1 - alpha) };
}

function resampleMean(xs: readonly number[], rand: () => number): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[Math.floor(rand() * xs.length)]!;
  return s / xs.length;
}

/**
 * Stratified bootstrap over families: each resample draws every family's instances with replacement
 * (keeping its n), then scores families, the groups of families (personas) and ALL as the report does
 * (a group is the unweighted mean of its families). Returns a 95% percentile interval for each.
 */
export function bootstrapScores(
  families: ReadonlyMap<string, readonly number[]>,
  groups: ReadonlyMap<string, readonly string[]>,
  seed: number,
  resamples = DEFAULT_RESAMPLES,
): { families: Map<string, Interval>; groups: Map<string, Interval>; all: Interval } {
  const names = [...families.keys()].filter((k) => families.get(k)!.length > 0);
  const famSamples = new Map<string, number[]>(names.map((k) => [k, []]));
  const groupSamples = new Map<string, number[]>([...groups.keys()].map((k) => [k, []]));
  const allSamples: number[] = [];
  const rand = prng(seed);
  const current = new Map<string, number>();
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (const k of names) {
      const m = resampleMean(families.get(k)!, rand);
      current.set(k, m);
      famSamples.get(k)!.push(m);
      sum += m;
    }
    allSamples.push(names.length ? sum / names.length : 0);
    for (const [g, members] of groups) {
      const present = members.filter((m) => current.has(m));
      if (present.length) groupSamples.get(g)!.push(mean(present.map((m) => current.get(m)!)));
    }
  }
  return {
    families: new Map([...famSamples].map(([k, s]) => [k, percentileInterval(s)])),
    groups: new Map([...groupSamples].filter(([, s]) => s.length > 0).map(([k, s]) => [k, percentileInterval(s)])),
    all: percentileInterval(allSamples),
  };
}

export interface PairedResult {
  /** Instances present in both runs. */
  readonly n: number;
  /** Mean of run − baseline over the shared instances. */
  readonly delta: number;
  readonly ci: Interval;
  /** Two-sided bootstrap p-value: twice the smaller tail mass of the resampled deltas at 0, capped at 1. */
  readonly p: number;
  /** True when the 95% interval of the delta excludes 0. */
  readonly significant: boolean;
}

function pairedFrom(samples: number[], delta: number, n: number): PairedResult {
  let le = 0;
  let ge = 0;
  for (const s of samples) {
    if (s <= 0) le++;
    if (s >= 0) ge++;
  }
  const p = Math.min(1, (2 * Math.min(le, ge)) / samples.length);
  const ci = percentileInterval(samples);
  return { n, delta, ci, p, significant: n > 0 && (ci.low > 0 || ci.high < 0) };
}

/**
 * Paired bootstrap over the shared instances of each family (the same instance resampled for both runs),
 * and a stratified one for ALL (mean over families of the per-family delta).
 */
export function pairedBootstrap(
  run: ReadonlyMap<string, ReadonlyMap<string, number>>,
  baseline: ReadonlyMap<string, ReadonlyMap<string, number>>,
  seed: number,
  resamples = DEFAULT_RESAMPLES,
): { families: Map<string, PairedResult>; all: PairedResult | null } {
  const diffs = new Map<string, number[]>();
  for (const [fam, rewards] of run) {
    const base = baseline.get(fam);
    if (!base) continue;
    const d: number[] = [];
    for (const [id, r] of [...rewards].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const br = base.get(id);
      if (br !== undefined) d.push(r - br);
    }
    if (d.length) diffs.set(fam, d);
  }
  const rand = prng(seed);
  const famSamples = new Map<string, number[]>([...diffs.keys()].map((k) => [k, []]));
  const allSamples: number[] = [];
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (const [fam, d] of diffs) {
      const m = resampleMean(d, rand);
      famSamples.get(fam)!.push(m);
      sum += m;
    }
    if (diffs.size) allSamples.push(sum / diffs.size);
  }
  const families = new Map<string, PairedResult>();
  for (const [fam, d] of diffs) families.set(fam, pairedFrom(famSamples.get(fam)!, mean(d), d.length));
  const all = diffs.size
    ? pairedFrom(allSamples, mean([...diffs.values()].map(mean)), [...diffs.values()].reduce((a, d) => a + d.length, 0))
    : null;
  return { families, all };
}
