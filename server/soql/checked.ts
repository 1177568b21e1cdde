// The checked query: output of check.ts, input of compile.ts. Every name is resolved against the
// schema registry (canonical casing), every literal is type-checked and converted to its stored
// form (18-char ids, UTC datetime text, 0/1 booleans). Nothing here refers back to source text.
import type { ChildRelationship, CompareClass, FieldDef, ObjectInfo } from '../../schema/index.js';
import type { AggregateFunction } from './ast.js';
import type { DateFunctionName } from './dates.js';

/** One parent-relationship hop: the reference field on the source object and the object it reaches. */
export interface PathStep {
  readonly field: FieldDef;
  readonly relationshipName: string;
  readonly target: ObjectInfo;
}

/** A field reached from the query's object through zero or more parent relationships. */
export interface FieldRef {
  readonly kind: 'field';
  readonly steps: readonly PathStep[];
  readonly field: FieldDef;
  /** The object that owns `field` (the target of the last step, or the query's object). */
  readonly object: ObjectInfo;
}

/** A date function over a date/datetime field, optionally through convertTimezone(). */
export interface DateFnRef {
  readonly kind: 'dateFn';
  readonly fn: DateFunctionName;
  readonly arg: FieldRef;
  readonly convertTimezone: boolean;
}

export type ScalarExpr = FieldRef | DateFnRef;

/** One copy of the aggregate list: ast.ts. */
export type AggregateFn = AggregateFunction;

export interface AggregateRef {
  readonly kind: 'aggregate';
  readonly fn: AggregateFn;
  readonly arg: ScalarExpr;
}

/** GROUPING(f) of a ROLLUP/CUBE query: 1 on subtotal rows where f is rolled up. */
export interface GroupingRef {
  readonly kind: 'grouping';
  readonly arg: ScalarExpr;
}

export type SelectItem =
  /** A field; in a records query nested under its parents, in an aggregate query flat under `key`. */
  | {
      readonly kind: 'field';
      readonly expr: FieldRef;
      readonly key: string;
      /** `toLabel(f)`: picklist values are returned as their labels (value → label). */
      readonly labels?: ReadonlyMap<string, string>;
    }
  | { readonly kind: 'dateFn'; readonly expr: DateFnRef; readonly key: string }
  | { readonly kind: 'aggregate'; readonly expr: AggregateRef; readonly key: string }
  | { readonly kind: 'grouping'; readonly expr: GroupingRef; readonly key: string }
  | { readonly kind: 'subquery'; readonly query: CheckedSubquery; readonly key: string };

/** A right-hand operand, already in stored form. */
export type Operand =
  | { readonly kind: 'null' }
  | { readonly kind: 'value'; readonly value: string | number }
  /** A relative date literal; compile turns it into a range with the clock. */
  | { readonly kind: 'dateLiteral'; readonly name: string; readonly n: number | undefined };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** What the left side of a condition compares as (drives collation and date-literal handling). */
export type CompareType = CompareClass;

export type Condition =
  | { readonly kind: 'and'; readonly items: readonly Condition[] }
  | { readonly kind: 'or'; readonly items: readonly Condition[] }
  | { readonly kind: 'not'; readonly item: Condition }
  | {
      readonly kind: 'compare';
      readonly lhs: ScalarExpr | AggregateRef;
      readonly type: CompareType;
      readonly op: CompareOp;
      readonly value: Operand;
    }
  | {
      readonly kind: 'in';
      readonly lhs: ScalarExpr | AggregateRef;
      readonly type: CompareType;
      readonly negated: boolean;
      readonly values: readonly Operand[];
    }
  /** LIKE with the pattern already translated to SQLite LIKE syntax with escape character '\'. */
  | { readonly kind: 'like'; readonly lhs: ScalarExpr; readonly sqlPattern: string }
  /** INCLUDES / EXCLUDES: each entry is a set of values that must all be present ('b;c'). */
  | { readonly kind: 'includes'; readonly lhs: FieldRef; readonly negated: boolean; readonly values: readonly (readonly string[])[] }
  /** Semi-join (IN) / anti-join (NOT IN) on an inner query selecting one id/reference field. */
  | { readonly kind: 'semiJoin'; readonly lhs: FieldRef; readonly negated: boolean; readonly inner: SemiJoinQuery };

export interface OrderItem {
  /** GROUPING(f) only in a ROLLUP/CUBE query. */
  readonly expr: ScalarExpr | AggregateRef | GroupingRef;
  readonly descending: boolean;
  /** Explicit NULLS FIRST/LAST, or null for Salesforce's default (first for ASC, last for DESC). */
  readonly nulls: 'first' | 'last' | null;
  /** Text ordering is case-insensitive. */
  readonly text: boolean;
  /**
   * Picklist fields sort by the order of their values in the schema, not alphabetically
   * (values not in the list after them, alphabetically); null for other expressions.
   */
  readonly picklistOrder: readonly string[] | null;
}

export interface GroupBy {
  readonly kind: 'plain' | 'rollup' | 'cube';
  readonly items: readonly ScalarExpr[];
}

/** What a records query selects: fields (nested under their parents) and child subqueries. */
export type RecordSelectItem = Extract<SelectItem, { readonly kind: 'field' | 'subquery' }>;
/** What an aggregate query selects: grouped fields and date functions, aggregates, GROUPING(). */
export type AggregateSelectItem = Extract<SelectItem, { readonly kind: 'field' | 'dateFn' | 'aggregate' | 'grouping' }>;

/** The clauses every query level has, whatever it returns. */
export interface QueryCore {
  readonly object: ObjectInfo;
  readonly where: Condition | null;
  readonly groupBy: GroupBy | null;
  readonly having: Condition | null;
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | null;
  readonly offset: number | null;
  /** True when some operand is a relative date literal (the SQL depends on the clock). */
  readonly usesClock: boolean;
}

/**
 * The query mode decides the select list's item types, so a compiler cannot meet a child subquery in
 * an aggregate query or an aggregate in a records query.
 * - `records`: sObject records (fields, parents, child subqueries);
 * - `aggregate`: aggregate functions or GROUP BY present, AggregateResult rows;
 * - `count`: `SELECT COUNT() …`, only the count is returned.
 */
export type CheckedQuery =
  | (QueryCore & { readonly mode: 'records'; readonly select: readonly RecordSelectItem[] })
  | (QueryCore & { readonly mode: 'aggregate'; readonly select: readonly AggregateSelectItem[] })
  | (QueryCore & { readonly mode: 'count'; readonly select: readonly [] });

export type RecordsQuery = Extract<CheckedQuery, { readonly mode: 'records' }>;

/** The inner query of a semi-/anti-join: one Id or reference field of another object, filtered. */
export interface SemiJoinQuery extends QueryCore {
  readonly field: FieldRef;
}

export interface CheckedSubquery extends RecordsQuery {
  readonly relationship: ChildRelationship;
  /** The child relationship name in canonical casing (the record key). */
  readonly relationshipName: string;
}

/** The same grouped expression: the same field through the same path, or the same date function of it. */
export function sameScalar(a: ScalarExpr, b: ScalarExpr): boolean {
  if (a.kind === 'field' && b.kind === 'field') {
    return a.field === b.field && a.steps.length === b.steps.length && a.steps.every((s, i) => s.field === b.steps[i]!.field);
  }
  if (a.kind === 'dateFn' && b.kind === 'dateFn') return a.fn === b.fn && a.convertTimezone === b.convertTimezone && sameScalar(a.arg, b.arg);
  return false;
}

/**
 * The GROUP BY item a SELECT-list expression is grouped by, or -1. A date function of a **date** field
 * is also grouped when the date field itself is in GROUP BY (each group then has one date, so one
 * value of the function); not a dateTime field. Date Functions docs: "You can't use a date function
 * in a SELECT clause unless you also include it in the GROUP BY clause. There is an exception if the
 * field used in the date function is a date field. You can use the date field instead of the date
 * function in the GROUP BY clause. This doesn't work for dateTime fields."
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_date_functions.htm
 */
export function selectGroupIndex(items: readonly ScalarExpr[], e: ScalarExpr): number {
  const exact = items.findIndex((g) => sameScalar(g, e));
  if (exact >= 0 || e.kind !== 'dateFn' || e.arg.field.type !== 'date') return exact;
  return items.findIndex((g) => sameScalar(g, e.arg));
}
