// Date arithmetic for SOQL: the user's time zone (IANA, via Intl offsets), relative date literals
// (TODAY, LAST_N_DAYS:n, THIS_FISCAL_QUARTER, …) as half-open ranges of local dates, datetime literal
// parsing, and the SQLite expressions behind the date functions (CALENDAR_MONTH, DAY_ONLY, …).
// Pure: `now` and the time zone are always parameters.
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm
// The date-literal and date-function inventories live in ast.ts (one copy for parser, checker and here).
import * as A from './ast.js';

// ---------------------------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------------------------

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
const UTC_ZONES = new Set(['gmt', 'utc', 'etc/utc', 'etc/gmt', 'z', 'zulu']);

function formatter(tz: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    FORMATTERS.set(tz, f);
  }
  return f;
}

/** True when `tz` names a zone Intl knows (or a UTC alias). */
export function isValidTimeZone(tz: string): boolean {
  if (UTC_ZONES.has(tz.toLowerCase())) return true;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `tz` from UTC at the instant `t` (ms since epoch), in milliseconds (local − UTC). */
export function tzOffsetMs(tz: string, t: number): number {
  if (UTC_ZONES.has(tz.toLowerCase())) return 0;
  const whole = Math.floor(t / 1000) * 1000;
  const parts = formatter(tz).formatToParts(new Date(whole));
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  for (const p of parts) {
    switch (p.type) {
      case 'year': y = Number(p.value); break;
      case 'month': mo = Number(p.value); break;
      case 'day': d = Number(p.value); break;
      case 'hour': h = Number(p.value) % 24; break;
      case 'minute': mi = Number(p.value); break;
      case 'second': s = Number(p.value); break;
      default: break;
    }
  }
  return Date.UTC(y, mo - 1, d, h, mi, s) - whole;
}

/** The UTC instant (ms) of local wall-clock time y-m-d h:mi in `tz` (DST gaps resolve forward). */
export function localToUtcMs(tz: string, y: number, m: number, d: number, h = 0, mi = 0): number {
  const guess = Date.UTC(y, m - 1, d, h, mi);
  const off1 = tzOffsetMs(tz, guess);
  let t = guess - off1;
  const off2 = tzOffsetMs(tz, t);
  if (off2 !== off1) t = guess - off2;
  return t;
}

/** The stored datetime text ('YYYY-MM-DDTHH:MM:SS.sssZ') of the local wall-clock view of an instant. */
export function utcToLocalIso(stored: string, tz: string): string | null {
  const t = Date.parse(stored);
  if (Number.isNaN(t)) return null;
  return new Date(t + tzOffsetMs(tz, t)).toISOString();
}

// ---------------------------------------------------------------------------------------------
// Local dates (calendar arithmetic on y/m/d via Date.UTC, independent of the host zone)
// ---------------------------------------------------------------------------------------------

export interface LocalDate {
  readonly y: number;
  readonly m: number; // 1–12
  readonly d: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function formatDate(x: LocalDate): string {
  return `${x.y < 0 ? '-' : ''}${pad(Math.abs(x.y), 4)}-${pad(x.m)}-${pad(x.d)}`;
}

function fromUtcMs(t: number): LocalDate {
  const dt = new Date(t);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

export function addDays(x: LocalDate, n: number): LocalDate {
  return fromUtcMs(Date.UTC(x.y, x.m - 1, x.d + n));
}

export function addMonths(x: LocalDate, n: number): LocalDate {
  // only ever called on the first of a month, so no day clamping is needed
  return fromUtcMs(Date.UTC(x.y, x.m - 1 + n, x.d));
}

/** Today's date in `tz` at instant `now`. */
export function todayIn(now: Date, tz: string): LocalDate {
  const t = now.getTime();
  return fromUtcMs(t + tzOffsetMs(tz, t));
}

// ---------------------------------------------------------------------------------------------
// Relative date literals
// ---------------------------------------------------------------------------------------------

/** A half-open range of local dates [start, end). */
export interface DateRange {
  readonly start: LocalDate;
  readonly end: LocalDate;
}

const PLAIN = new Set<string>(A.DATE_LITERALS);
const WITH_N = new Set<string>(A.DATE_N_LITERALS);

export function isDateLiteralName(name: string, withN: boolean): boolean {
  return (withN ? WITH_N : PLAIN).has(name.toUpperCase());
}

export interface DateOptions {
  /** First month of the fiscal year, 1–12 (Salesforce default: January). */
  readonly fiscalStartMonth?: number;
  /** First day of the week, 0 = Sunday (en_US) … 6 = Saturday. */
  readonly weekStart?: number;
}

type Unit = 'DAYS' | 'WEEKS' | 'MONTHS' | 'QUARTERS' | 'YEARS' | 'FISCAL_QUARTERS' | 'FISCAL_YEARS';

/**
 * The local-date range a literal denotes, relative to today in `tz` at `now`.
 * `= LIT` means inside [start, end); `>` means on/after end; `<` means before start.
 */
export function dateLiteralRange(name: string, nIn: number | undefined, now: Date, tz: string, opts: DateOptions = {}): DateRange {
  const r = rawRange(name, nIn === undefined ? undefined : Math.min(nIn, maxN(name)), now, tz, opts);
  return { start: clampDate(r.start), end: clampDate(r.end) };
}

/** Larger `:n` values are clamped to about 10,000 years (the range then covers every storable date). */
function maxN(name: string): number {
  const u = name.toUpperCase();
  if (u.includes('YEARS')) return 10_000;
  if (u.includes('QUARTERS')) return 40_000;
  if (u.includes('MONTHS')) return 120_000;
  if (u.includes('WEEKS')) return 520_000;
  return 3_650_000;
}

/** Keeps dates within 0001-01-01 … 9999-12-31 so that their text compares correctly. */
function clampDate(x: LocalDate): LocalDate {
  if (x.y > 9999) return { y: 9999, m: 12, d: 31 };
  if (x.y < 1) return { y: 1, m: 1, d: 1 };
  return x;
}

/** Start of the period of `unit` containing `today` (weeks from `weekStart`, fiscal periods from `fsm`). */
function periodStart(today: LocalDate, unit: Unit, fsm: number, weekStart: number): LocalDate {
  switch (unit) {
    case 'DAYS':
      return today;
    case 'WEEKS': {
      const dow = new Date(Date.UTC(today.y, today.m - 1, today.d)).getUTCDay();
      return addDays(today, -((dow - weekStart + 7) % 7));
    }
    case 'MONTHS':
      return { y: today.y, m: today.m, d: 1 };
    case 'QUARTERS':
      return { y: today.y, m: Math.floor((today.m - 1) / 3) * 3 + 1, d: 1 };
    case 'YEARS':
      return { y: today.y, m: 1, d: 1 };
    case 'FISCAL_QUARTERS': {
      const k = (today.m - fsm + 12) % 12; // months since fiscal-year start
      return addMonths({ y: today.y, m: today.m, d: 1 }, -(k % 3));
    }
    case 'FISCAL_YEARS': {
      const k = (today.m - fsm + 12) % 12;
      return addMonths({ y: today.y, m: today.m, d: 1 }, -k);
    }
  }
}

/** A period start moved by k periods of `unit`. */
function shiftPeriod(start: LocalDate, unit: Unit, k: number): LocalDate {
  switch (unit) {
    case 'DAYS':
      return addDays(start, k);
    case 'WEEKS':
      return addDays(start, 7 * k);
    case 'MONTHS':
      return addMonths(start, k);
    case 'QUARTERS':
    case 'FISCAL_QUARTERS':
      return addMonths(start, 3 * k);
    case 'YEARS':
    case 'FISCAL_YEARS':
      return addMonths(start, 12 * k);
  }
}

/** The literals that name one whole period relative to the current one: `LAST_MONTH` → MONTHS, -1. */
const FIXED_PERIODS: ReadonlyMap<string, readonly [Unit, number]> = new Map<string, readonly [Unit, number]>([
  ['YESTERDAY', ['DAYS', -1]],
  ['TODAY', ['DAYS', 0]],
  ['TOMORROW', ['DAYS', 1]],
  ...(
    [
      ['WEEK', 'WEEKS'],
      ['MONTH', 'MONTHS'],
      ['QUARTER', 'QUARTERS'],
      ['YEAR', 'YEARS'],
      ['FISCAL_QUARTER', 'FISCAL_QUARTERS'],
      ['FISCAL_YEAR', 'FISCAL_YEARS'],
    ] as const
  ).flatMap(([word, unit]) => [
    [`LAST_${word}`, [unit, -1]] as const,
    [`THIS_${word}`, [unit, 0]] as const,
    [`NEXT_${word}`, [unit, 1]] as const,
  ]),
]);

function rawRange(name: string, n: number | undefined, now: Date, tz: string, opts: DateOptions): DateRange {
  const today = todayIn(now, tz);
  const fsm = opts.fiscalStartMonth ?? 1;
  const weekStart = opts.weekStart ?? 0;
  const upper = name.toUpperCase();
  const period = (unit: Unit, offset: number, count = 1): DateRange => {
    const s = shiftPeriod(periodStart(today, unit, fsm, weekStart), unit, offset);
    return { start: s, end: shiftPeriod(s, unit, count) };
  };

  const fixed = FIXED_PERIODS.get(upper);
  if (fixed) return period(fixed[0], fixed[1]);
  // LAST_90_DAYS is today plus the 90 days before it; NEXT_90_DAYS starts tomorrow.
  if (upper === 'LAST_90_DAYS') return { start: addDays(today, -90), end: addDays(today, 1) };
  if (upper === 'NEXT_90_DAYS') return { start: addDays(today, 1), end: addDays(today, 91) };
  const m = /^(LAST_N|NEXT_N|N)_(DAYS|WEEKS|MONTHS|QUARTERS|YEARS|FISCAL_QUARTERS|FISCAL_YEARS)(_AGO)?$/.exec(upper);
  if (!m || n === undefined || (m[1] === 'N') !== (m[3] !== undefined)) throw new Error(`not a date literal: ${name}`);
  const unit = m[2] as Unit;
  if (m[1] === 'N') return period(unit, -n);
  if (unit === 'DAYS') {
    // LAST_N_DAYS:n includes today; NEXT_N_DAYS:n starts tomorrow.
    return m[1] === 'LAST_N' ? { start: addDays(today, -n), end: addDays(today, 1) } : { start: addDays(today, 1), end: addDays(today, 1 + n) };
  }
  return m[1] === 'LAST_N' ? period(unit, -n, n) : period(unit, 1, n);
}

/** The stored-datetime text of local midnight of `x` in `tz` (for comparing datetime fields). */
export function localMidnightStored(x: LocalDate, tz: string): string {
  return new Date(localToUtcMs(tz, x.y, x.m, x.d)).toISOString();
}

// ---------------------------------------------------------------------------------------------
// Date and datetime literals
// ---------------------------------------------------------------------------------------------

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/i;

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** 'YYYY-MM-DD' → the same text when it is a real calendar date, else null. */
export function parseDateLiteral(text: string): string | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  return validYmd(Number(m[1]), Number(m[2]), Number(m[3])) ? text : null;
}

/** A SOQL datetime literal (`2023-01-01T00:00:00Z`, `…+05:30`, `….123-0800`) → stored UTC text, or null. */
export function parseDatetimeLiteral(text: string): string | null {
  const m = DATETIME_RE.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (!validYmd(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offsetMin = 0;
  const z = m[8]!;
  if (z.toUpperCase() !== 'Z') {
    const digits = z.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return null;
    offsetMin = (z[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMin * 60_000;
  return new Date(t).toISOString();
}

// ---------------------------------------------------------------------------------------------
// Date functions → SQLite expressions over the stored text
// ---------------------------------------------------------------------------------------------

export type DateFunctionName = A.DateFunction;

export function isDateFunctionName(name: string): name is DateFunctionName {
  return (A.DATE_FUNCTIONS as readonly string[]).includes(name.toUpperCase());
}

/** Name of the SQL function server/org registers for convertTimezone(): (stored text, tz) → local stored text. */
export const LOCAL_TIME_SQL_FUNCTION = 'lf_local_time';

/**
 * SQL for a date function over `arg` (an SQL expression yielding the stored 'YYYY-MM-DD…' text).
 * `fiscalStartMonth` shifts the FISCAL_* functions (January start = calendar values).
 */
export function dateFunctionSql(fn: DateFunctionName, arg: string, fiscalStartMonth = 1): string {
  const month = `CAST(substr(${arg}, 6, 2) AS INTEGER)`;
  const year = `CAST(substr(${arg}, 1, 4) AS INTEGER)`;
  const day = `CAST(substr(${arg}, 9, 2) AS INTEGER)`;
  const doy = `CAST(strftime('%j', substr(${arg}, 1, 10)) AS INTEGER)`;
  // fiscal month: months since fiscal start + 1; fiscal year named after the year it ends in
  const fm = fiscalStartMonth === 1 ? month : `((${month} - ${fiscalStartMonth} + 12) % 12 + 1)`;
  switch (fn) {
    case 'CALENDAR_MONTH': return month;
    case 'CALENDAR_QUARTER': return `((${month} + 2) / 3)`;
    case 'CALENDAR_YEAR': return year;
    case 'DAY_IN_MONTH': return day;
    case 'DAY_IN_WEEK': return `(CAST(strftime('%w', substr(${arg}, 1, 10)) AS INTEGER) + 1)`;
    case 'DAY_IN_YEAR': return doy;
    case 'DAY_ONLY': return `substr(${arg}, 1, 10)`;
    case 'FISCAL_MONTH': return fm;
    case 'FISCAL_QUARTER': return `((${fm} + 2) / 3)`;
    case 'FISCAL_YEAR':
      return fiscalStartMonth === 1 ? year : `(${year} + CASE WHEN ${month} >= ${fiscalStartMonth} THEN 1 ELSE 0 END)`;
    case 'HOUR_IN_DAY': return `CAST(substr(${arg}, 12, 2) AS INTEGER)`;
    case 'WEEK_IN_MONTH': return `((${day} - 1) / 7 + 1)`;
    case 'WEEK_IN_YEAR': return `((${doy} - 1) / 7 + 1)`;
  }
}

/** Result type of a date function: DAY_ONLY yields a date, the others integers. */
export function dateFunctionResultType(fn: DateFunctionName): 'date' | 'int' {
  return fn === 'DAY_ONLY' ? 'date' : 'int';
}
