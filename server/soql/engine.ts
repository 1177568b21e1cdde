// The SOQL pipeline: text → AST (parser.ts) → checked query (check.ts) → compiled SQL plan
// (compile.ts) → records (shape.ts). Pure: SQL runs through an injected runner, the clock and
// time zone are parameters.
import type { SchemaRegistry } from '../../schema/index.js';
import type { SoqlQuery } from './ast.js';
import { checkQuery } from './check.js';
import type { CheckedQuery } from './checked.js';
import { compileQuery, type CompileOptions } from './compile.js';
import { SalesforceError } from './errors.js';
import { parseSoql } from './parser.js';
import type { CompiledQuery, SqlParam } from './plan.js';
import { Shaper, type SfRecord } from './shape.js';

export interface PrepareOptions {
  readonly registry: SchemaRegistry;
  readonly now: Date;
  /** IANA time zone of the user (default 'GMT'). */
  readonly timeZone?: string;
  /** queryAll semantics (include IsDeleted = 1 rows). */
  readonly includeDeleted?: boolean;
  /** First month of the fiscal year (default January). */
  readonly fiscalStartMonth?: number;
}

export interface PreparedSoql {
  readonly text: string;
  readonly ast: SoqlQuery;
  readonly checked: CheckedQuery;
  readonly compiled: CompiledQuery;
}

/** Parses and checks a SOQL statement (clock-independent; cacheable by text). */
export function analyzeSoql(text: string, registry: SchemaRegistry): { ast: SoqlQuery; checked: CheckedQuery } {
  const ast = parseSoql(text);
  return { ast, checked: checkQuery(ast, { registry, text }) };
}

export function compileOptions(opts: Omit<PrepareOptions, 'registry'>): CompileOptions {
  return {
    now: opts.now,
    timeZone: opts.timeZone ?? 'GMT',
    includeDeleted: opts.includeDeleted ?? false,
    fiscalStartMonth: opts.fiscalStartMonth ?? 1,
  };
}

/** parse → check → compile. Throws SalesforceError. */
export function prepareSoql(text: string, opts: PrepareOptions): PreparedSoql {
  const { ast, checked } = analyzeSoql(text, opts.registry);
  return { text, ast, checked, compiled: compileQuery(checked, compileOptions(opts)) };
}

/** Runs a read-only SQL statement and returns rows as arrays (columns in SELECT order). */
export type SqlRunner = (sql: string, params: readonly SqlParam[]) => unknown[][];

export interface ExecuteOptions {
  /** '59.0' → attributes.url `/services/data/v59.0/sobjects/…` */
  readonly apiVersion: string;
}

export interface QueryOutput {
  readonly totalSize: number;
  readonly records: SfRecord[];
  readonly aggregate: boolean;
}

/** Aggregate results are not pageable: Salesforce refuses more than one batch. */
export const MAX_AGGREGATE_ROWS = 2000;

/** Executes a compiled query: main statement, one batched statement per child subquery, shaping. */
export function executeCompiled(c: CompiledQuery, run: SqlRunner, opts: ExecuteOptions): QueryOutput {
  const rows = run(c.sql, c.params);
  if (c.kind === 'count') {
    const n = Number(rows[0]?.[0] ?? 0);
    return { totalSize: n, records: [], aggregate: false };
  }
  if (c.kind === 'aggregate' && rows.length > MAX_AGGREGATE_ROWS) {
    throw new SalesforceError(
      'MALFORMED_QUERY',
      'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch',
      400,
    );
  }
  const shaper = new Shaper(opts);
  const children: Array<Map<string, SfRecord[]>> = [];
  if (c.subqueries.length > 0 && rows.length > 0) {
    const ids = JSON.stringify(rows.map((r) => r[c.shape.idCol]));
    for (const sub of c.subqueries) {
      const params = sub.params.slice();
      params[sub.parentIdsParam] = ids;
      children.push(shaper.childIndex(sub, run(sub.sql, params)));
    }
  }
  const records = shaper.records(c.shape, rows, children);
  return { totalSize: records.length, records, aggregate: c.kind === 'aggregate' };
}
