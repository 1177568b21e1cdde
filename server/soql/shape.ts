// Raw SQLite rows → Salesforce JSON records (the query resource's record shape,
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm): `attributes` first, fields in
// SELECT order with canonical casing, nested parents (null when absent), child envelopes (null when
// empty), AggregateResult rows without url, datetimes as `…000+0000`, booleans, numbers.
import { assertNever } from './ast.js';
import type { CompiledSubquery, RecordShape, ShapeNode, ValueFormat } from './plan.js';

export type SfRecord = Record<string, unknown>;

export interface ShapeOptions {
  /** e.g. '59.0' → attributes.url `/services/data/v59.0/sobjects/Case/500…` */
  readonly apiVersion: string;
}

/** Formats one stored value for JSON. */
export function formatValue(format: ValueFormat, v: unknown): unknown {
  switch (format) {
    case 'boolean':
      return v === 1 || v === true || v === 1n;
    case 'text':
      return v === undefined ? null : v;
    case 'int':
      if (v === null || v === undefined) return null;
      if (typeof v === 'bigint') return Number(v);
      return typeof v === 'number' ? Math.trunc(v) : Number(v);
    case 'double':
      if (v === null || v === undefined) return null;
      return typeof v === 'number' ? v : Number(v);
    case 'datetime': {
      if (v === null || v === undefined) return null;
      const s = String(v);
      return s.endsWith('Z') ? `${s.slice(0, -1)}+0000` : s;
    }
  }
}

/** Child records grouped by parent Id, one map per subquery. */
export type ChildIndex = ReadonlyArray<ReadonlyMap<string, SfRecord[]>>;

/** Shapes the rows of one query level. */
export class Shaper {
  private readonly urlBase: string;

  constructor(opts: ShapeOptions) {
    this.urlBase = `/services/data/v${opts.apiVersion}/sobjects/`;
  }

  records(shape: RecordShape, rows: readonly unknown[][], children: ChildIndex = []): SfRecord[] {
    const out = new Array<SfRecord>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.record(shape, rows[i]!, children);
    return out;
  }

  record(shape: RecordShape, row: readonly unknown[], children: ChildIndex = []): SfRecord {
    const rec: SfRecord = {};
    if (shape.idCol < 0) rec.attributes = { type: shape.sobject };
    else rec.attributes = { type: shape.sobject, url: `${this.urlBase}${shape.sobject}/${String(row[shape.idCol])}` };
    const id = shape.idCol < 0 ? null : (row[shape.idCol] as string);
    this.fill(rec, shape.nodes, row, id, children);
    return rec;
  }

  private fill(rec: SfRecord, nodes: readonly ShapeNode[], row: readonly unknown[], id: string | null, children: ChildIndex): void {
    for (const n of nodes) {
      switch (n.kind) {
        case 'value': {
          const v = formatValue(n.format, row[n.col]);
          rec[n.key] = n.labels && typeof v === 'string' ? toLabel(n.labels, v) : v;
          break;
        }
        case 'parent': {
          const pid = row[n.idCol];
          if (pid === null || pid === undefined) {
            rec[n.key] = null;
          } else {
            const p: SfRecord = { attributes: { type: n.sobject, url: `${this.urlBase}${n.sobject}/${String(pid)}` } };
            this.fill(p, n.nodes, row, null, children);
            rec[n.key] = p;
          }
          break;
        }
        case 'children': {
          const list = id === null ? undefined : children[n.sub]?.get(id);
          rec[n.key] = list && list.length > 0 ? { totalSize: list.length, done: true, records: list } : null;
          break;
        }
        default:
          assertNever(n);
      }
    }
  }

  /** Shapes a child subquery's rows and groups them by parent Id (rows arrive in the subquery's order). */
  childIndex(sub: CompiledSubquery, rows: readonly unknown[][]): Map<string, SfRecord[]> {
    const byParent = new Map<string, SfRecord[]>();
    for (const row of rows) {
      const key = row[sub.parentKeyCol] as string;
      let list = byParent.get(key);
      if (!list) byParent.set(key, (list = []));
      list.push(this.record(sub.shape, row));
    }
    return byParent;
  }
}

/** Maps a picklist value (or each value of a multi-select `a;b`) to its label; unknown values stay. */
export function toLabel(labels: ReadonlyMap<string, string>, v: string): string {
  if (!v.includes(';')) return labels.get(v) ?? v;
  return v
    .split(';')
    .map((x) => labels.get(x) ?? x)
    .join(';');
}
