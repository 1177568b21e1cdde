// CRMArena's SalesforceConnector.run_query, in-process: how its tools see a query result.
//   - a query is SOSL only when its text starts with "FIND" (case-sensitive, no leading blanks);
//   - SOQL text inside ``` fences is unwrapped and its whitespace collapsed;
//   - `attributes` is removed from each top-level record (nested records keep theirs and, being
//     parsed by simple_salesforce with OrderedDict, print as OrderedDict);
//   - a column that is null in every returned row is dropped; no rows → [];
//   - a rejected query comes back as the string "<errorCode>: <message>" (status 0).
import { SalesforceError } from '../org/index.js';
import type { SchemaRegistry } from '../../schema/index.js';
import type { EpisodeApi } from '../sessions/index.js';
import { PyDict, PyFloat, type PyValue } from './python.js';

export type RunResult = { readonly ok: true; readonly rows: PyDict[] } | { readonly ok: false; readonly error: string };

const FENCED_SQL = /```(?:sql|SQL|soql|SOQL)?([\S\s]+?)```/g;
const FENCED = /```([\S\s]+?)```/g;

/** The connector's preprocess_query: the first fenced block, whitespace collapsed. */
export function unfence(query: string): string {
  const matches = [...query.matchAll(FENCED_SQL), ...query.matchAll(FENCED)].map((m) => m[1]!);
  return matches.length > 0 ? matches[0]!.split(/\s+/).filter(Boolean).join(' ') : query;
}

export async function runQuery(episode: EpisodeApi, query: string): Promise<RunResult> {
  const sosl = query.startsWith('FIND');
  let records: Array<Record<string, unknown>>;
  try {
    records = sosl ? (await episode.search(query)).searchRecords : (await episode.query(unfence(query), { all: true })).records;
  } catch (e) {
    if (e instanceof SalesforceError) return { ok: false, error: `${e.errorCode}: ${e.message}` };
    throw e;
  }
  if (records.length === 0) return { ok: true, rows: [] };
  const registry = episode.deps.store.registry;
  const rows = records.map((r) => {
    const type = objectType(r);
    const d = new PyDict();
    for (const [k, v] of Object.entries(r)) if (k !== 'attributes') d.set(k, toPy(v, registry, type, k));
    return d;
  });
  const keys = [...rows[0]!.map.keys()];
  const allNull = new Set(keys.filter((k) => rows.every((r) => r.get(k) === null)));
  if (allNull.size === 0) return { ok: true, rows };
  return { ok: true, rows: rows.map((r) => new PyDict([...r.map].filter(([k]) => !allNull.has(k)))) };
}

function objectType(r: Record<string, unknown>): string | undefined {
  const a = r.attributes;
  return a && typeof a === 'object' && typeof (a as { type?: unknown }).type === 'string' ? (a as { type: string }).type : undefined;
}

const FLOAT_TYPES = new Set(['double', 'currency', 'percent']);

/**
 * A JSON value of a record as simple_salesforce hands it over: Salesforce writes double, currency and
 * percent fields with a fraction (`1.0`), so Python sees floats there; nested objects are OrderedDicts.
 */
function toPy(v: unknown, registry: SchemaRegistry, objectName: string | undefined, field: string): PyValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return new PyFloat(v);
    const def = objectName ? registry.object(objectName)?.fieldsByLower.get(field.toLowerCase()) : undefined;
    return def && FLOAT_TYPES.has(def.type) ? new PyFloat(v) : v;
  }
  if (Array.isArray(v)) return v.map((x) => toPy(x, registry, objectName, field));
  if (typeof v === 'object') {
    const rec = v as Record<string, unknown>;
    const type = objectType(rec);
    return new PyDict(Object.entries(rec).map(([k, x]) => [k, toPy(x, registry, type, k)] as const), 'ordered');
  }
  return String(v);
}
