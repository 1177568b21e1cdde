// How Salesforce values are stored in SQLite (documented in README "The org file"; column types in
// schema/field-types.ts).
//   id, reference, string, textarea, picklist, multipicklist ('A;B'), email, phone, url → TEXT
//   boolean → INTEGER 0/1 (never NULL)
//   int → INTEGER; double, currency, percent → REAL
//   date → TEXT 'YYYY-MM-DD'
//   datetime → TEXT 'YYYY-MM-DDTHH:MM:SS.sssZ' (UTC, always milliseconds, so text order = time order)
import type { FieldDef, FieldType } from '../../schema/index.js';

export type SqlValue = string | number | null;

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Formats a JS Date as the stored datetime text. */
export function encodeDatetime(d: Date): string {
  return d.toISOString();
}

/** Converts a JS value into the stored SQLite value for a field; throws on a value of the wrong shape. */
export function encodeValue(f: FieldDef, v: unknown): SqlValue {
  if (v === null || v === undefined) return f.type === 'boolean' ? 0 : null;
  switch (f.type) {
    case 'boolean':
      if (typeof v !== 'boolean') throw new TypeError(`${f.name}: expected boolean`);
      return v ? 1 : 0;
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${f.name}: expected number`);
      return f.type === 'int' ? Math.trunc(v) : v;
    case 'datetime': {
      const s = v instanceof Date ? v.toISOString() : v;
      if (typeof s !== 'string' || !DATETIME.test(s)) throw new TypeError(`${f.name}: expected datetime, got ${String(v)}`);
      return s;
    }
    case 'date':
      if (typeof v !== 'string' || !DATE.test(v)) throw new TypeError(`${f.name}: expected YYYY-MM-DD, got ${String(v)}`);
      return v;
    default:
      if (typeof v !== 'string') throw new TypeError(`${f.name}: expected string`);
      return v;
  }
}

/** Converts a stored value back into the JSON value Salesforce returns (datetime → `…000+0000`). */
export function decodeValue(t: FieldType, v: unknown): string | number | boolean | null {
  if (t === 'boolean') return v === 1 || v === true;
  if (v === null || v === undefined) return null;
  if (t === 'datetime') return formatDatetime(String(v));
  if (typeof v === 'bigint') return Number(v);
  return v as string | number;
}

/** '2023-07-02T11:00:00.000Z' → '2023-07-02T11:00:00.000+0000' (Salesforce's wire format). */
export function formatDatetime(stored: string): string {
  return stored.endsWith('Z') ? `${stored.slice(0, -1)}+0000` : stored;
}
