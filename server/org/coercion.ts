// Value coercion: a JSON value written through the API → the stored SQLite value of its field, with
// Salesforce's errors for values of the wrong shape. The stored forms themselves (and the decoding back
// to JSON) are server/store/encoding.ts; this is the lenient, validating way in.
import { assertNever, type FieldDef } from '../../schema/index.js';
import { SalesforceError } from '../soql/index.js';
import type { SqlValue } from '../store/index.js';
import { errLabel, show, wrongType } from './record-errors.js';

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

function validYmd(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Parses an ISO date-time (offset optional: UTC when absent) into the stored UTC text, or null. */
export function parseDatetime(s: string): string | null {
  const m = DATETIME_TEXT.exec(s.trim());
  if (!m) return null;
  const [, ys, mos, ds, hs = '0', mis = '0', ss = '0', frac = '0', zone] = m;
  const y = Number(ys), mo = Number(mos), d = Number(ds), h = Number(hs), mi = Number(mis), sec = Number(ss);
  if (!validYmd(y, mo, d) || h > 23 || mi > 59 || sec > 59) return null;
  const ms = Math.round(Number(`0.${frac}`) * 1000);
  let offsetMin = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 18 || om > 59) return null;
    offsetMin = sign * (oh * 60 + om);
  }
  const t = Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMin * 60_000;
  return new Date(t).toISOString();
}

function coerceNumber(f: FieldDef, v: unknown): number {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && NUMBER_TEXT.test(v.trim())) n = Number(v.trim());
  else throw wrongType(f, v);
  if (!Number.isFinite(n)) throw wrongType(f, v);
  const integerDigits = f.precision - f.scale;
  if (f.precision > 0 && Math.abs(n) >= 10 ** integerDigits) {
    throw new SalesforceError('NUMBER_OUTSIDE_VALID_RANGE', `${errLabel(f)}: value outside of valid range on numeric field: ${show(v)}`, 400, [f.name]);
  }
  if (f.type === 'int') {
    if (!Number.isInteger(n)) throw wrongType(f, v);
    return n;
  }
  // Salesforce rounds currency/number values to the field's scale on save.
  if (f.scale > 0) {
    const p = 10 ** f.scale;
    n = Math.round(n * p) / p;
  }
  return n;
}

/**
 * The stored value for a JSON value written to a field, or a SalesforceError. Empty strings are
 * stored as null (Salesforce does not keep empty text).
 */
export function coerceValue(f: FieldDef, v: unknown): SqlValue {
  if (v === null || v === undefined) return f.type === 'boolean' ? 0 : null;
  switch (f.type) {
    case 'boolean':
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true' ? 1 : 0;
      throw wrongType(f, v);
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      if (v === '') return null;
      return coerceNumber(f, v);
    case 'date': {
      if (typeof v !== 'string') throw wrongType(f, v);
      if (v === '') return null;
      const m = DATE_TEXT.exec(v.trim());
      if (m && validYmd(Number(m[1]), Number(m[2]), Number(m[3]))) return v.trim();
      const dt = parseDatetime(v);
      if (dt) return dt.slice(0, 10);
      throw wrongType(f, v);
    }
    case 'datetime': {
      if (typeof v !== 'string') throw wrongType(f, v);
      if (v === '') return null;
      const dt = parseDatetime(v);
      if (!dt) throw wrongType(f, v);
      return dt;
    }
    case 'id':
    case 'reference':
    case 'string':
    case 'textarea':
    case 'picklist':
    case 'multipicklist':
    case 'email':
    case 'phone':
    case 'url': {
      let s: string;
      if (typeof v === 'string') s = v;
      else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
      else throw wrongType(f, v);
      return s === '' ? null : s;
    }
    default:
      return assertNever(f.type);
  }
}
