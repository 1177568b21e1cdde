// A small model of the Python values CRMArena's tool functions return, so that a tool result can be
// rendered both as JSON (`value`) and as the text CRMArena's ToolEnv shows the model (`str()` of the
// value, `observation`). Python distinguishes int from float, dict from defaultdict and OrderedDict,
// and may use None as a dict key; plain JSON cannot, so tools build these values and convert once.
// Also here: the few Python behaviours the tools lean on (strptime's leniency, exception texts).

export class PyFloat {
  constructor(readonly value: number) {}
}

/** dict kinds as `str()` prints them: `{…}`, `defaultdict(<class 'int'>, {…})`, `OrderedDict([(k, v), …])`. */
export type PyDictKind = 'dict' | 'defaultdict' | 'ordered';

export type PyKey = string | number | boolean | null;

export class PyDict {
  readonly map = new Map<PyKey, PyValue>();
  constructor(
    entries: Iterable<readonly [PyKey, PyValue]> = [],
    readonly kind: PyDictKind = 'dict',
  ) {
    for (const [k, v] of entries) this.map.set(k, v);
  }
  get size(): number {
    return this.map.size;
  }
  has(k: PyKey): boolean {
    return this.map.has(k);
  }
  /** `d[k]`: KeyError when absent. */
  item(k: PyKey): PyValue {
    if (!this.map.has(k)) throw new PyException('KeyError', pyRepr(k));
    return this.map.get(k)!;
  }
  /** `d.get(k, default)`. */
  get(k: PyKey, dflt: PyValue = null): PyValue {
    return this.map.has(k) ? this.map.get(k)! : dflt;
  }
  set(k: PyKey, v: PyValue): void {
    this.map.set(k, v);
  }
}

export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

export type PyValue = null | boolean | number | string | PyFloat | PyDict | PyTuple | PyValue[];

/** A Python exception; `text` is what `str(e)` prints (a KeyError prints the key's repr). */
export class PyException extends Error {
  constructor(
    readonly pyType: 'TypeError' | 'KeyError' | 'ValueError' | 'AttributeError' | 'OverflowError',
    readonly text: string,
  ) {
    super(`${pyType}: ${text}`);
    this.name = 'PyException';
  }
}

// ── str() / repr() ───────────────────────────────────────────────────────────────────────────

/** `str(v)`: strings print as themselves, everything else as its repr. */
export function pyStr(v: PyValue): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

/** `repr(v)` with CPython's rules (3.8–3.11: OrderedDict prints as a list of pairs). */
export function pyRepr(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? intRepr(v) : floatRepr(v);
  if (typeof v === 'string') return strRepr(v);
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v instanceof PyTuple) return v.items.length === 1 ? `(${pyRepr(v.items[0]!)},)` : `(${v.items.map(pyRepr).join(', ')})`;
  const pairs = [...v.map.entries()];
  switch (v.kind) {
    case 'dict':
      return `{${pairs.map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
    case 'defaultdict':
      return `defaultdict(<class 'int'>, {${pairs.map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}})`;
    case 'ordered':
      return pairs.length === 0 ? 'OrderedDict()' : `OrderedDict([${pairs.map(([k, x]) => `(${pyRepr(k)}, ${pyRepr(x)})`).join(', ')}])`;
    default:
      return assertNever(v.kind);
  }
}

function intRepr(n: number): string {
  // Integers beyond 2^53 do not occur in tool values; Number.toString would switch to exponent form at 1e21.
  return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
}

/** Python's float repr: shortest round-trip digits; fixed notation when -4 <= exponent < 16, else `1e+16` / `1.5e-05`. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let out: string;
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      const frac = digits.slice(exp + 1);
      out = `${intPart}.${frac === '' ? '0' : frac}`;
    } else {
      out = `0.${'0'.repeat(-exp - 1)}${digits}`;
    }
  } else {
    const m = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    const e = Math.abs(exp);
    out = `${m}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  return neg ? `-${out}` : out;
}

// str.isprintable() is false for these categories (the ASCII space excepted).
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python's str repr: single quotes unless the text has a ' and no ", then double quotes. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x100) out += `\\x${cp.toString(16).padStart(2, '0')}`;
      else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
      else out += `\\U${cp.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

// ── JSON ↔ Python ────────────────────────────────────────────────────────────────────────────

/** The JSON form of a Python value (as `json.dumps` would write it: None keys become "null"). */
export function toJson(v: PyValue): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (v instanceof PyFloat) return v.value;
  if (Array.isArray(v)) return v.map(toJson);
  if (v instanceof PyTuple) return v.items.map(toJson);
  const out: Record<string, unknown> = {};
  for (const [k, x] of v.map) out[jsonKey(k)] = toJson(x);
  return out;
}

function jsonKey(k: PyKey): string {
  if (k === null) return 'null';
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  return String(k);
}

/**
 * What `json.loads` gives for tool arguments: objects become dicts, numbers with a fraction become
 * floats. (An integral JSON number such as `2.0` arrives here as 2 and is treated as an int.)
 */
export function fromJson(v: unknown, kind: PyDictKind = 'dict'): PyValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v : new PyFloat(v);
  if (Array.isArray(v)) return v.map((x) => fromJson(x, kind));
  if (typeof v === 'object') return new PyDict(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromJson(x, kind)] as const), kind);
  return String(v);
}

/** `type(v).__name__`. */
export function pyTypeName(v: PyValue): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'int';
  if (typeof v === 'string') return 'str';
  if (v instanceof PyFloat) return 'float';
  if (Array.isArray(v)) return 'list';
  if (v instanceof PyTuple) return 'tuple';
  return v.kind === 'dict' ? 'dict' : v.kind === 'defaultdict' ? 'collections.defaultdict' : 'collections.OrderedDict';
}

/** `isinstance(v, int)` (bool is an int in Python). */
export function isPyInt(v: PyValue): v is number | boolean {
  return typeof v === 'boolean' || typeof v === 'number';
}

export function isPyNumber(v: PyValue): boolean {
  return isPyInt(v) || v instanceof PyFloat;
}

export function numberOf(v: PyValue): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (v instanceof PyFloat) return v.value;
  throw new PyException('TypeError', `'${pyTypeName(v)}' object is not a number`);
}

/** A value usable as a dict key (TypeError `unhashable type: 'list'` otherwise). */
export function hashable(v: PyValue): PyKey {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof PyFloat) return v.value;
  throw new PyException('TypeError', `unhashable type: '${pyTypeName(v)}'`);
}

/** Python truthiness. */
export function truthy(v: PyValue): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v !== '';
  if (v instanceof PyFloat) return v.value !== 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof PyTuple) return v.items.length > 0;
  return v.size > 0;
}

// ── datetime.strptime, for the two formats the tools use ─────────────────────────────────────

export interface PyDateTime {
  /** UTC epoch milliseconds (aware values) or naive wall time read as UTC. */
  readonly ms: number;
  /** Microseconds within the millisecond (strptime keeps up to 6 digits of %f). */
  readonly micro: number;
  /** The month (1..12) of the wall time as written (what `strftime('%B')` names). */
  readonly month: number;
}

// _strptime's regexes (case-insensitive, as CPython compiles them): %Y four digits, %m/%d/%H/%M/%S one or two.
const Y = '(\\d\\d\\d\\d)';
const MO = '(1[0-2]|0[1-9]|[1-9])';
const D = '(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])';
const H = '(2[0-3]|[0-1]\\d|\\d)';
const MI = '([0-5]\\d|\\d)';
const S = '(6[0-1]|[0-5]\\d|\\d)';
const F = '([0-9]{1,6})';
const Z = '([+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d(?:\\.\\d{1,6})?)?|Z)';

export const ISO_Z = '%Y-%m-%dT%H:%M:%SZ';
export const SF_DATETIME = '%Y-%m-%dT%H:%M:%S.%f%z';

const FORMATS: Record<typeof ISO_Z | typeof SF_DATETIME, RegExp> = {
  [ISO_Z]: new RegExp(`^${Y}-${MO}-${D}T${H}:${MI}:${S}Z$`, 'i'),
  [SF_DATETIME]: new RegExp(`^${Y}-${MO}-${D}T${H}:${MI}:${S}\\.${F}${Z}$`, 'i'),
};

/** `datetime.strptime(v, fmt)`: ValueError when the text does not match or is not a real date. */
export function strptime(v: PyValue, fmt: typeof ISO_Z | typeof SF_DATETIME): PyDateTime {
  if (typeof v !== 'string') throw new PyException('TypeError', `strptime() argument 1 must be str, not ${v === null ? 'None' : pyTypeName(v)}`);
  const m = FORMATS[fmt].exec(v);
  if (!m) throw new PyException('ValueError', `time data ${strRepr(v)} does not match format ${strRepr(fmt)}`);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => Number(x!.trim())) as [number, number, number, number, number, number];
  if (d > daysIn(y, mo)) throw new PyException('ValueError', 'day is out of range for month');
  if (s > 59) throw new PyException('ValueError', 'second must be in 0..59');
  let micro = 0;
  let offsetMin = 0;
  if (fmt === SF_DATETIME) {
    micro = Number(m[7]!.padEnd(6, '0'));
    const z = m[8]!;
    if (z.toUpperCase() !== 'Z') {
      const digits = z.slice(1).replace(/:/g, '');
      offsetMin = (z[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
    }
  }
  const base = Date.UTC(y, mo - 1, d, h, mi, s);
  const utc = new Date(base);
  if (y < 100) utc.setUTCFullYear(y); // Date.UTC maps years 0..99 to 1900..1999
  return { ms: utc.getTime() + Math.floor(micro / 1000) - offsetMin * 60_000, micro: micro % 1000, month: mo };
}

/** (b − a).total_seconds() */
export function secondsBetween(a: PyDateTime, b: PyDateTime): number {
  const micros = (b.ms - a.ms) * 1000 + (b.micro - a.micro);
  return micros / 1e6;
}

export function daysIn(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${String(x)}`);
}
