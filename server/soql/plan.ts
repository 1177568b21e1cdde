// The compiled form of a SOQL query: SQL text + bound parameters + the result plan that shape.ts
// follows to turn raw SQLite rows into Salesforce JSON records. Output of compile.ts.

/** A bound SQL parameter (values are never spliced into SQL text). */
export type SqlParam = string | number | null;

/** How one column is rendered in JSON. */
export type ValueFormat =
  | 'text' // strings, ids, picklists, dates 'YYYY-MM-DD' (stored as returned)
  | 'boolean' // 0/1 → false/true (never null)
  | 'int' // integer number (COUNT, int fields, date functions)
  | 'double' // JSON number (double, currency, percent, SUM, AVG)
  | 'datetime'; // 'YYYY-MM-DDTHH:MM:SS.sssZ' → 'YYYY-MM-DDTHH:MM:SS.sss+0000'

export type ShapeNode =
  /** A scalar column of the row. */
  | {
      readonly kind: 'value';
      readonly key: string;
      readonly col: number;
      readonly format: ValueFormat;
      /** toLabel(): picklist value → label (multi-select values are mapped one by one). */
      readonly labels?: ReadonlyMap<string, string>;
    }
  /** A nested parent object; null when the joined parent's Id column is null. */
  | {
      readonly kind: 'parent';
      readonly key: string;
      readonly sobject: string;
      readonly idCol: number;
      readonly nodes: readonly ShapeNode[];
    }
  /** A child-relationship envelope filled from subquery `sub`, keyed by this row's Id; null when empty. */
  | { readonly kind: 'children'; readonly key: string; readonly sub: number };

export interface RecordShape {
  /** sObject API name, or 'AggregateResult'. */
  readonly sobject: string;
  /** Column holding the record's Id (for attributes.url and child lookup); -1 for aggregate rows. */
  readonly idCol: number;
  readonly nodes: readonly ShapeNode[];
}

/** A child subquery, run once for all parent Ids (bound as one JSON array parameter). */
export interface CompiledSubquery {
  readonly relationship: string;
  readonly sql: string;
  /** Parameters; the parent-Id JSON array goes at index `parentIdsParam`. */
  readonly params: readonly SqlParam[];
  readonly parentIdsParam: number;
  /** Column with the parent's Id (the child's foreign key). */
  readonly parentKeyCol: number;
  readonly shape: RecordShape;
}

export type QueryKind =
  /** `SELECT COUNT() …`: the single SQL column is the count; no records. */
  | 'count'
  /** Aggregate/grouped query: AggregateResult rows, no paging beyond 2000. */
  | 'aggregate'
  /** Ordinary record query. */
  | 'records';

export interface CompiledQuery {
  readonly kind: QueryKind;
  readonly sobject: string;
  readonly sql: string;
  readonly params: readonly SqlParam[];
  readonly shape: RecordShape;
  readonly subqueries: readonly CompiledSubquery[];
  /** True when the SQL depends on `now`/time zone (relative date literals), so caches must key on them. */
  readonly usesClock: boolean;
  /** SQL functions the statement needs registered (see dates.ts LOCAL_TIME_SQL_FUNCTION). */
  readonly sqlFunctions: readonly string[];
}
