// Results that arrive from the SQL pool already serialised. A worker answers a query with its records
// as one JSON string (JSON.stringify on the worker thread) instead of structured-cloned objects, so the
// main thread — which every client shares — neither rebuilds the objects nor stringifies them again:
// the REST layer splices the string into the response (sendJson recognises RAW_JSON). Objects are
// parsed only when a caller reads `records` / `searchRecords` (paging past one batch, tools, the UI).
// Measured in docs/performance.md ("REST server", throughput with the pool).
import type { QueryResult } from '../org/index.js';

/** A body property holding the body's exact JSON text (sendJson writes it as is). */
export const RAW_JSON: unique symbol = Symbol.for('localforce.rawJson') as never;

/** What a worker sends back for a query. */
export interface WireQuery {
  readonly totalSize: number;
  readonly aggregate: boolean;
  /** records.length */
  readonly size: number;
  /** JSON.stringify(records) */
  readonly json: string;
}

/** A query result whose records are still JSON text until read. */
export interface SerializedQueryResult extends QueryResult {
  readonly size: number;
  readonly recordsJson: string;
}

export function queryFromWire(w: WireQuery): SerializedQueryResult {
  let records: Array<Record<string, unknown>> | undefined;
  return {
    totalSize: w.totalSize,
    aggregate: w.aggregate,
    size: w.size,
    recordsJson: w.json,
    get records() {
      return (records ??= JSON.parse(w.json) as Array<Record<string, unknown>>);
    },
  };
}

export function isSerialized(r: QueryResult): r is SerializedQueryResult {
  return typeof (r as Partial<SerializedQueryResult>).recordsJson === 'string';
}

/** A search body (`{ searchRecords }`) that is JSON text until read; sendJson writes the text. */
export function searchFromWire(json: string): { readonly searchRecords: readonly unknown[]; readonly [RAW_JSON]: string } {
  let parsed: { searchRecords: unknown[] } | undefined;
  return {
    [RAW_JSON]: json,
    get searchRecords() {
      return (parsed ??= JSON.parse(json) as { searchRecords: unknown[] }).searchRecords;
    },
  };
}

/** A body written verbatim by sendJson. */
export function rawJson(text: string): { readonly [RAW_JSON]: string } {
  return { [RAW_JSON]: text };
}

/** The body's JSON text if it carries one. */
export function rawJsonOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const t = (body as { [RAW_JSON]?: unknown })[RAW_JSON];
  return typeof t === 'string' ? t : undefined;
}
