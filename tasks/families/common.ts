// Shared machinery of the task families: the draw loop with its None quota, tie-free argmin/argmax,
// window drawing inside the org's data range, and the shared "domain details" text.
import type { Rng } from '../../generator/index.js';
import type { Store } from '../../server/store/index.js';
import { addDays, addMonths, parseYmd, SEASONS, utcDate, ymd, type Unit, type WindowSpec } from '../time.js';
import { TASK_FAMILIES, type Draft, type TaskId } from '../types.js';

export interface FamilyContext {
  readonly store: Store;
  readonly rng: Rng;
  /** Number of instances to draw. */
  readonly count: number;
}

export interface Family {
  readonly task: TaskId;
  draw(ctx: FamilyContext): Draft[];
}

export const NO_ANSWER = 'None';

/**
 * Draws `count` instances, `noneCount` of them with a ["None"] answer (placed at seeded positions).
 * `attempt(wantNone, rng, i)` returns a draft or undefined to redraw (ties, wrong None-ness, …).
 */
export function drawLoop(
  rng: Rng,
  count: number,
  noneCount: number,
  attempt: (wantNone: boolean, rng: Rng, i: number) => Draft | undefined,
  maxTries = 4000,
  spread?: Spread,
): Draft[] {
  const noneSlots = new Set(rng.shuffle([...Array(count).keys()]).slice(0, noneCount));
  const out: Draft[] = [];
  const seen = new Set<string>();
  const used = new Map<string, number>();
  const cap = spread ? Math.max(1, Math.ceil(spread.maxShare * count)) : Infinity;
  for (let i = 0; i < count; i++) {
    const wantNone = noneSlots.has(i);
    let got: Draft | undefined;
    for (let t = 0; t < maxTries && !got; t++) {
      const d = attempt(wantNone, rng.fork(i, t), i);
      if (!d) continue;
      const isNone = d.answer.length === 1 && d.answer[0] === NO_ANSWER;
      if (isNone !== wantNone) continue;
      // Prefer distinct instances; allow repeats only late in the search.
      if (seen.has(JSON.stringify(d.params)) && t < maxTries / 2) continue;
      // Spread answerable instances over subjects (products): at most a share each, until late.
      if (spread && !isNone && (used.get(spread.key(d)) ?? 0) >= cap && t < maxTries / 2) continue;
      got = d;
    }
    if (!got) throw new Error(`could not draw instance ${i} (wantNone=${wantNone}) after ${maxTries} tries`);
    seen.add(JSON.stringify(got.params));
    if (spread) used.set(spread.key(got), (used.get(spread.key(got)) ?? 0) + 1);
    out.push(got);
  }
  return out;
}

/** A cap on how many instances of a draw share one subject (e.g. the product asked about). */
export interface Spread {
  readonly key: (d: Draft) => string;
  /** Largest share of the draw one key may take (while the search is young). */
  readonly maxShare: number;
}

/** TII / MTA: at most this share of a draw asks about one product. */
export const PRODUCT_SPREAD: Spread = { key: (d) => String(d.params.productId), maxShare: 0.12 };

/** The required None count of a family (its descriptor's None share). */
export function noneQuota(count: number, task: TaskId): number {
  return Math.round(TASK_FAMILIES[task].noneShare * count);
}

/**
 * The unique argmin/argmax of a value map; undefined for an empty map, 'tie' when the best two are
 * closer than `eps` (so float rounding in an agent's own computation can never flip the answer).
 */
export function uniqueArg(values: ReadonlyMap<string, number>, dir: 'min' | 'max', eps = 0): string | undefined | 'tie' {
  const entries = [...values.entries()].sort((a, b) => (dir === 'min' ? a[1] - b[1] : b[1] - a[1]));
  if (entries.length === 0) return undefined;
  if (entries.length > 1 && Math.abs(entries[0]![1] - entries[1]![1]) <= eps) return 'tie';
  return entries[0]![0];
}

/**
 * Minimum lead of a counted answer (TII's top issue, MTA's month) over the runner-up, in cases: a
 * 2-vs-1 "winner" is noise, not a trend an analyst would report.
 */
export const MIN_MARGIN = 2;
/** Minimum number of counted cases behind a TII or MTA answer (a trend needs a sample). */
export const MIN_COUNTED_CASES = 8;

/** True when the counts are a sample large enough and led clearly enough to report a winner. */
export function clearLead(counts: ReadonlyMap<string, number>): boolean {
  let total = 0;
  for (const v of counts.values()) total += v;
  return total >= MIN_COUNTED_CASES && margin(counts) >= MIN_MARGIN;
}

/** The lead of the best count over the second best (the best count itself when alone). */
export function margin(counts: ReadonlyMap<string, number>): number {
  const v = [...counts.values()].sort((a, b) => b - a);
  return (v[0] ?? 0) - (v[1] ?? 0);
}

/**
 * Share of answerable TII / MTA instances whose answer equals the product's all-time answer. The
 * rest are drawn where the window changes the answer (the all-time winner is not the window's),
 * so reading the product's whole history instead of the period is wrong for most instances —
 * seeded slots, like the None quota.
 */
export const ALL_TIME_AGREE_SHARE = 0.3;

/** Slot indexes (of `count`) whose answer must agree with the all-time answer; the others must differ. */
export function agreeSlots(rng: Rng, count: number, share = ALL_TIME_AGREE_SHARE): Set<number> {
  return new Set(rng.shuffle([...Array(count).keys()]).slice(0, Math.round(share * count)));
}

/**
 * Whether a windowed winner fits its slot: in an agree slot it is the unique all-time winner; in
 * the other slots it is none of the all-time winners (all of them when they tie).
 */
export function fitsAgreement(best: string, allTime: ReadonlyMap<string, number>, agree: boolean): boolean {
  const top = Math.max(0, ...allTime.values());
  const winners = [...allTime].filter(([, n]) => n === top).map(([k]) => k);
  return agree ? winners.length === 1 && winners[0] === best : !winners.includes(best);
}

// ── Data range and window drawing ────────────────────────────────────────────────────────────

export interface DataRange {
  readonly first: Date; // first case's CreatedDate day
  readonly last: Date; // last case's CreatedDate day
}

export function caseRange(store: Store): DataRange {
  const r = store.get('SELECT MIN("CreatedDate") AS a, MAX("CreatedDate") AS b FROM "Case"') as { a: string | null; b: string | null } | undefined;
  if (!r?.a || !r.b) throw new Error('the org has no cases');
  return { first: parseYmd(r.a.slice(0, 10)), last: parseYmd(r.b.slice(0, 10)) };
}

/** A day drawn uniformly in [from, to]. */
export function drawDay(rng: Rng, from: Date, to: Date): Date {
  const days = Math.max(0, Math.round((to.getTime() - from.getTime()) / 86_400_000));
  return addDays(from, rng.int(0, days));
}

export interface DrawnWindow {
  readonly spec: WindowSpec;
  readonly today: Date;
}

export interface RelUnit {
  readonly unit: Unit;
  readonly min: number;
  readonly max: number;
}

export const REL_UNITS: readonly RelUnit[] = [
  { unit: 'day', min: 10, max: 90 },
  { unit: 'week', min: 2, max: 12 },
  { unit: 'month', min: 1, max: 12 },
  { unit: 'quarter', min: 1, max: 4 },
];

export interface WindowOptions {
  /** Share of relative ("past N units") windows; the rest are named periods. */
  readonly relShare?: number;
  readonly relUnits?: readonly RelUnit[];
  readonly fortnightShare?: number;
  readonly named?: readonly ('month' | 'quarter' | 'season')[];
}

/**
 * A relative or named window. Relative windows take `today` inside the data range; named periods
 * lie in the data's years and take any `today` after the period ends. No family draws windows
 * after the data: that would make None instances recognisable by their parameters.
 */
export function drawWindow(rng: Rng, range: DataRange, opts: WindowOptions = {}): DrawnWindow {
  if (rng.chance(opts.relShare ?? 0.5)) {
    let spec: WindowSpec;
    if (rng.chance(opts.fortnightShare ?? 0.08)) spec = { kind: 'relative', n: 2, unit: 'week', fortnight: true };
    else {
      const u = rng.pick(opts.relUnits ?? REL_UNITS);
      spec = { kind: 'relative', n: rng.int(u.min, u.max), unit: u.unit };
    }
    const today = drawDay(rng, addMonths(range.first, 3), addDays(range.last, 20));
    return { spec, today };
  }
  const kind = rng.pick(opts.named ?? (['month', 'quarter', 'season'] as const));
  const month = rng.int(1, 12);
  const quarter = rng.int(1, 4);
  const season = rng.pick(SEASONS);
  const startOf = (y: number) =>
    utcDate(y, kind === 'month' ? month : kind === 'quarter' ? 3 * quarter - 2 : { Spring: 3, Summer: 6, Fall: 9, Winter: 12 }[season], 1);
  // The period starts inside the data range (a period after the data would give None away).
  let year = rng.int(range.first.getUTCFullYear(), range.last.getUTCFullYear());
  while (year > range.first.getUTCFullYear() && startOf(year).getTime() > range.last.getTime()) year--;
  const start = startOf(year);
  const spec: WindowSpec = kind === 'month' ? { kind, month, year } : kind === 'quarter' ? { kind, quarter, year } : { kind: 'season', season, year };
  const periodEnd = addMonths(start, kind === 'month' ? 1 : 3);
  // A named period's "today" is any day after the period (up to a year later).
  return { spec, today: drawDay(rng, periodEnd, addDays(periodEnd, 365)) };
}

// ── Shared text ──────────────────────────────────────────────────────────────────────────────

export function todayLine(today: Date): string {
  return `Today's date: ${ymd(today)}`;
}

/** The shared "Domain Details" (CRMArena's metadata.optional). */
export const DOMAIN_DETAILS = [
  '# Domain Details',
  '- Quarters: Q1 = January 1 to April 1, Q2 = April 1 to July 1, Q3 = July 1 to October 1, Q4 = October 1 to January 1 of the next year (start inclusive, end exclusive).',
  '- Seasons: Spring = March 1 to June 1, Summer = June 1 to September 1, Fall = September 1 to December 1, Winter of year Y = December 1 of Y to March 1 of Y+1 (start inclusive, end exclusive).',
  "- A named month runs from its first day to the first day of the next month.",
  "- \"Past N days / weeks / months / quarters\" ends today at 00:00:00 UTC and starts N calendar units earlier; a quarter is 3 months (past 2 quarters = 6 months back from today) and a fortnight is 2 weeks.",
  '- Case counts and case sets use the Case CreatedDate; all times are UTC.',
  '- "Significantly more" cases in a month means that month has strictly more cases than every other month of the period (months of different years with the same name are counted together).',
  '- When no record satisfies the request, answer None.',
].join('\n');


/** Fills `{name}` placeholders and capitalises the first letter of the result. */
export function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  const s = template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = vars[k];
    if (v === undefined) throw new Error(`template variable {${k}} missing`);
    return String(v);
  });
  // "more than 1 cases" → "more than 1 case"
  const t = s.replace(/\b(more than (?:1|one)) cases\b/g, '$1 case');
  return t.charAt(0).toUpperCase() + t.slice(1);
}
