// Time windows of the task families, with CRMArena's semantics (docs/tasks.md "Time windows"):
// "past N units" ends today at 00:00:00Z and starts N calendar units earlier (relativedelta-style
// month arithmetic, a quarter = 3 months, a fortnight = 2 weeks); named periods (month, quarter,
// season) start inclusive and end exclusive, Winter Y = Dec 1 Y .. Mar 1 Y+1.
// The same module renders windows as English phrases (for queries) and parses them back (for the
// reference solver), so the two can never drift apart.

export type Unit = 'day' | 'week' | 'month' | 'quarter';
export type Season = 'Spring' | 'Summer' | 'Fall' | 'Winter';

export type WindowSpec =
  | { readonly kind: 'relative'; readonly n: number; readonly unit: Unit; readonly fortnight?: boolean }
  | { readonly kind: 'month'; readonly month: number; readonly year: number } // month 1..12
  | { readonly kind: 'quarter'; readonly quarter: number; readonly year: number } // 1..4
  | { readonly kind: 'season'; readonly season: Season; readonly year: number };

export interface Window {
  readonly start: Date;
  readonly end: Date;
}

export const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;
export const SEASONS: readonly Season[] = ['Spring', 'Summer', 'Fall', 'Winter'];

// ── Calendar arithmetic ──────────────────────────────────────────────────────────────────────

export function utcDate(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m - 1, d));
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Adds calendar months like dateutil's relativedelta: the day is clamped to the month's length. */
export function addMonths(d: Date, months: number): Date {
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const day = Math.min(d.getUTCDate(), daysInMonth(y, m));
  return new Date(Date.UTC(y, m - 1, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000);
}

/** d shifted by n units (negative n goes back). */
export function addUnits(d: Date, n: number, unit: Unit): Date {
  switch (unit) {
    case 'day':
      return addDays(d, n);
    case 'week':
      return addDays(d, 7 * n);
    case 'month':
      return addMonths(d, n);
    case 'quarter':
      return addMonths(d, 3 * n);
  }
}

/** 'YYYY-MM-DD' of a Date (UTC). */
export function ymd(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Parses 'YYYY-MM-DD' as midnight UTC. */
export function parseYmd(s: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`not a date: ${s}`);
  return utcDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The stored / SOQL datetime form with milliseconds: '2021-12-01T00:00:00.000Z'. */
export function iso(d: Date): string {
  return d.toISOString();
}

/** The SOQL datetime literal form CRMArena's tools send: '2021-12-01T00:00:00Z'. */
export function soqlDatetime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ── Windows ──────────────────────────────────────────────────────────────────────────────────

/** The [start, end) window of a spec; relative windows end at `today` 00:00:00Z. */
export function resolveWindow(spec: WindowSpec, today: Date): Window {
  switch (spec.kind) {
    case 'relative': {
      const end = utcDate(today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate());
      return { start: addUnits(end, -spec.n, spec.unit), end };
    }
    case 'month': {
      const start = utcDate(spec.year, spec.month, 1);
      return { start, end: addMonths(start, 1) };
    }
    case 'quarter': {
      const start = utcDate(spec.year, 3 * (spec.quarter - 1) + 1, 1);
      return { start, end: addMonths(start, 3) };
    }
    case 'season': {
      const first = { Spring: 3, Summer: 6, Fall: 9, Winter: 12 }[spec.season];
      const start = utcDate(spec.year, first, 1);
      return { start, end: addMonths(start, 3) };
    }
  }
}

// ── Phrasing ─────────────────────────────────────────────────────────────────────────────────

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const ORDINALS = ['first', 'second', 'third', 'fourth'];

export function numberWord(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
}

/** A deterministic chooser: the phrase variant is picked by the caller's RNG. */
export type Pick = <T>(items: readonly T[]) => T;

/** An English time expression for a window, e.g. "in the past 3 months", "during Winter 2021". */
export function phraseWindow(spec: WindowSpec, pick: Pick): string {
  switch (spec.kind) {
    case 'relative': {
      if (spec.fortnight) return pick(['in the past fortnight', 'over the last fortnight', 'during the past fortnight']);
      const u = spec.unit;
      if (spec.n === 1) return pick([`in the past ${u}`, `over the last ${u}`, `during the previous ${u}`]);
      const n = spec.n;
      return pick([
        `in the past ${n} ${u}s`,
        `over the last ${numberWord(n)} ${u}s`,
        `during the past ${numberWord(n)} ${u}s`,
        `in the last ${n} ${u}s`,
        `over the previous ${n} ${u}s`,
      ]);
    }
    case 'month': {
      const m = MONTHS[spec.month - 1]!;
      return pick([`in ${m} ${spec.year}`, `during ${m} of ${spec.year}`, `in ${m} of ${spec.year}`]);
    }
    case 'quarter':
      return pick([
        `in Q${spec.quarter} of ${spec.year}`,
        `in Q${spec.quarter} ${spec.year}`,
        `during the ${ORDINALS[spec.quarter - 1]} quarter of ${spec.year}`,
      ]);
    case 'season':
      return pick([`during ${spec.season} ${spec.year}`, `in ${spec.season} ${spec.year}`, `over ${spec.season} ${spec.year}`]);
  }
}

// ── Parsing (reference solver) ───────────────────────────────────────────────────────────────

const NUM = '(\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)';

export function parseNumber(s: string): number | undefined {
  const t = s.toLowerCase();
  if (/^\d+$/.test(t)) return Number(t);
  if (t === 'a' || t === 'an') return 1;
  const i = NUMBER_WORDS.indexOf(t);
  return i >= 0 ? i : undefined;
}

/** Finds the time expression of a query; undefined when there is none. */
export function parseWindowSpec(text: string): WindowSpec | undefined {
  const rel = new RegExp(`\\b(?:past|last|previous|preceding)\\s+(?:${NUM}\\s+)?(day|week|month|quarter|fortnight)s?\\b`, 'i').exec(text);
  if (rel) {
    const unit = rel[2]!.toLowerCase();
    const n = rel[1] ? parseNumber(rel[1]) ?? 1 : 1;
    if (unit === 'fortnight') return { kind: 'relative', n: 2 * n, unit: 'week', fortnight: true };
    return { kind: 'relative', n, unit: unit as Unit };
  }
  const q = /\bQ([1-4])\s+(?:of\s+)?(\d{4})\b/i.exec(text);
  if (q) return { kind: 'quarter', quarter: Number(q[1]), year: Number(q[2]) };
  const qw = /\b(first|second|third|fourth)\s+quarter\s+of\s+(\d{4})\b/i.exec(text);
  if (qw) return { kind: 'quarter', quarter: ORDINALS.indexOf(qw[1]!.toLowerCase()) + 1, year: Number(qw[2]) };
  const s = /\b(spring|summer|fall|autumn|winter)\s+(?:of\s+)?(\d{4})\b/i.exec(text);
  if (s) {
    const name = s[1]!.toLowerCase() === 'autumn' ? 'Fall' : ((s[1]![0]!.toUpperCase() + s[1]!.slice(1).toLowerCase()) as Season);
    return { kind: 'season', season: name as Season, year: Number(s[2]) };
  }
  const m = new RegExp(`\\b(${MONTHS.join('|')})\\s+(?:of\\s+)?(\\d{4})\\b`, 'i').exec(text);
  if (m) return { kind: 'month', month: MONTHS.findIndex((x) => x.toLowerCase() === m[1]!.toLowerCase()) + 1, year: Number(m[2]) };
  return undefined;
}

/** "N units ago" for NED: returns the offset, e.g. "a fortnight ago" → 2 weeks. */
export function parseAgo(text: string): { n: number; unit: Unit } | undefined {
  const m = new RegExp(`\\b${NUM}\\s+(day|week|month|quarter|fortnight)s?\\s+ago\\b`, 'i').exec(text);
  if (!m) return undefined;
  const n = parseNumber(m[1]!) ?? 1;
  const unit = m[2]!.toLowerCase();
  if (unit === 'fortnight') return { n: 2 * n, unit: 'week' };
  return { n, unit: unit as Unit };
}

/** "Today's date: YYYY-MM-DD" (or "Today is YYYY-MM-DD") in a query or its metadata. */
export function parseToday(text: string): Date | undefined {
  const m = /today(?:'s date)?\s*(?:is|:)?\s*(\d{4}-\d{2}-\d{2})/i.exec(text);
  return m ? parseYmd(m[1]!) : undefined;
}
