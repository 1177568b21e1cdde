// The query use case: SOQL text → Salesforce-shaped records, over the org's SQLite store.
// Joins the pure engine (server/soql) and the store; caches checked queries by text and compiled
// plans by (text, queryAll, clock when the query uses relative date literals).
import { SalesforceError } from '../soql/index.js';
import type { SchemaRegistry } from '../../schema/index.js';
import {
  analyzeSoql,
  compileOptions,
  compileQuery,
  executeCompiled,
  usesConvertTimezone,
  LOCAL_TIME_SQL_FUNCTION,
  queryColumns,
  utcToLocalIso,
  type CheckedQuery,
  type CompiledQuery,
  type QueryColumns,
  type SqlParam,
} from '../soql/index.js';
import type { OrgDeps } from './deps.js';

export interface QueryContext {
  readonly now: Date;
  readonly timeZone: string;
  /** '59.0', used in attributes.url: /services/data/v59.0/sobjects/Case/500… */
  readonly apiVersion: string;
  /** queryAll: include soft-deleted rows. */
  readonly includeDeleted: boolean;
}

export interface QueryResult {
  readonly totalSize: number;
  /** Fully shaped records in a stable order (ORDER BY, then rowid), ready to be sliced into pages. */
  readonly records: Array<Record<string, unknown>>;
  readonly aggregate: boolean;
}

interface CacheEntry {
  readonly checked: CheckedQuery;
  /** convertTimezone() appears: the SQL depends on the time zone. */
  readonly usesTz: boolean;
  /** compiled plans keyed by `${includeDeleted}|${clockKey}` */
  readonly plans: Map<string, CompiledQuery>;
}

const MAX_CACHE = 1000;

/** What SQLite plans for one SOQL query (QueryService.sqlitePlan). */
export interface SqlitePlan {
  /** API name of the FROM object. */
  readonly sobject: string;
  /** `EXPLAIN QUERY PLAN` detail lines of the main statement, in SQLite's order. */
  readonly main: readonly string[];
  /** Rows the main statement returns (after WHERE and LIMIT). */
  readonly rows: number;
  readonly subqueries: ReadonlyArray<{ readonly relationship: string; readonly lines: readonly string[] }>;
}

/** `…/query?q=…&columns=true`: the query's column metadata (checked like a real run, never executed). */
export function columnsOf(registry: SchemaRegistry, soql: string): QueryColumns {
  return queryColumns(analyzeSoql(soql, registry).checked);
}

export class QueryService {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly registered = new Set<string>();
  /** The connection `registered` holds for (a lazy fork's connection changes on its first write). */
  private registeredOn: unknown;
  private readonly registry: SchemaRegistry;

  constructor(private readonly deps: OrgDeps) {
    this.registry = deps.store.registry;
  }

  /** Runs a SOQL query. Throws SalesforceError for anything Salesforce would reject or Localforce does not emulate. */
  query(soql: string, ctx: QueryContext): QueryResult {
    return this.execute(this.plan(soql, ctx), ctx.apiVersion);
  }

  /**
   * Runs a compiled plan on the store: registers the SQL functions it needs and turns SQLite's size
   * limits into Salesforce errors. `filterMain` may drop rows of the main statement before shaping
   * (SOSL keeps only the search hits).
   */
  execute(compiled: CompiledQuery, apiVersion: string, filterMain?: (rows: unknown[][]) => unknown[][]): QueryResult {
    this.ensureFunctions(compiled.sqlFunctions);
    const store = this.deps.store;
    return executeCompiled(
      compiled,
      (sql, params: readonly SqlParam[]) => {
        const rows = runChecked(() => store.allRaw(sql, params));
        return filterMain && sql === compiled.sql ? filterMain(rows) : rows;
      },
      { apiVersion },
    );
  }

  /** The compiled plan for a query (cached). */
  plan(soql: string, ctx: Pick<QueryContext, 'now' | 'timeZone' | 'includeDeleted'>): CompiledQuery {
    return this.planChecked(soql, () => analyzeSoql(soql, this.registry).checked, ctx);
  }

  /**
   * The compiled plan for a checked query, cached under `key` (the SOQL text, or another key that
   * cannot be SOQL, e.g. SOSL's per-RETURNING-object key): `analyze` runs only on a cache miss.
   */
  planChecked(key: string, analyze: () => CheckedQuery, ctx: Pick<QueryContext, 'now' | 'timeZone' | 'includeDeleted'>): CompiledQuery {
    let entry = this.cache.get(key);
    if (!entry) {
      const checked = analyze();
      entry = { checked, usesTz: usesConvertTimezone(checked), plans: new Map() };
      if (this.cache.size >= MAX_CACHE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, entry);
    }
    const clock = entry.checked.usesClock ? ctx.now.getTime() : '';
    const tz = entry.checked.usesClock || entry.usesTz ? ctx.timeZone : '';
    // The IsDeleted filter is always applied: leaving it out for objects without deleted rows would need
    // to detect deletes by other connections, which costs ~12 µs per query.
    const planKey = `${ctx.includeDeleted ? 1 : 0}|${clock}|${tz}`;
    let compiled = entry.plans.get(planKey);
    if (!compiled) {
      compiled = compileQuery(entry.checked, compileOptions({ now: ctx.now, timeZone: ctx.timeZone, includeDeleted: ctx.includeDeleted }));
      if (entry.plans.size >= 8) entry.plans.clear();
      entry.plans.set(planKey, compiled);
    }
    return compiled;
  }

  /**
   * SQLite's `EXPLAIN QUERY PLAN` lines for a query's main statement and each child subquery, with the
   * number of rows the main statement returns (for `query?explain=`, server/org/explain.ts). Never
   * runs the subqueries.
   */
  sqlitePlan(soql: string, ctx: Pick<QueryContext, 'now' | 'timeZone' | 'includeDeleted'>): SqlitePlan {
    const compiled = this.plan(soql, ctx);
    this.ensureFunctions(compiled.sqlFunctions);
    const db = this.deps.store.db;
    const lines = (sql: string, params: readonly SqlParam[]) =>
      runChecked(() => db.prepare(`EXPLAIN QUERY PLAN ${sql}`).raw(true).all(...params) as unknown[][]).map((r) => String(r[3]));
    const rows = runChecked(() => db.prepare(`SELECT COUNT(*) FROM (${compiled.sql})`).pluck().get(...compiled.params) as number);
    return {
      sobject: compiled.sobject,
      main: lines(compiled.sql, compiled.params),
      rows,
      subqueries: compiled.subqueries.map((sq) => ({
        relationship: sq.relationship,
        lines: lines(sq.sql, sq.params.map((v, i) => (i === sq.parentIdsParam ? '[]' : v))),
      })),
    };
  }

  private ensureFunctions(names: readonly string[]): void {
    if (this.registeredOn !== this.deps.store.db) {
      this.registered.clear();
      this.registeredOn = this.deps.store.db;
    }
    for (const name of names) {
      if (this.registered.has(name)) continue;
      if (name === LOCAL_TIME_SQL_FUNCTION) {
        this.deps.store.db.function(name, { deterministic: true }, (v: unknown, tz: unknown) =>
          typeof v === 'string' && typeof tz === 'string' ? utcToLocalIso(v, tz) : null,
        );
      }
      this.registered.add(name);
    }
  }
}

/** SQLite's own size limits (expression depth, variables, string size) surface as Salesforce's complexity error, not a 500. */
const SQLITE_LIMIT = /too large|too many|stack overflow|too big|too deep|too complex/i;

export function runChecked<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    const code = e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : '';
    if (code.startsWith('SQLITE_') && e instanceof Error && SQLITE_LIMIT.test(e.message)) {
      throw new SalesforceError('QUERY_TOO_COMPLICATED', 'Query is too complicated', 400);
    }
    throw e;
  }
}
