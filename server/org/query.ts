// The query use case: SOQL text → Salesforce-shaped records, over the org's SQLite store.
// Joins the pure engine (server/soql) and the store; caches checked queries by text and compiled
// plans by (text, queryAll, clock when the query uses relative date literals).
import type { SchemaRegistry } from '../../schema/index.js';
import {
  analyzeSoql,
  compileOptions,
  compileQuery,
  executeCompiled,
  filteredObjects,
  LOCAL_TIME_SQL_FUNCTION,
  utcToLocalIso,
  quoteIdent,
  type CheckedQuery,
  type CompiledQuery,
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
  /** Objects whose rows the query filters on IsDeleted. */
  readonly objects: readonly string[];
  /** compiled plans keyed by `${includeDeleted}|${clockKey}` */
  readonly plans: Map<string, CompiledQuery>;
}

const MAX_CACHE = 1000;

export class QueryService {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly registered = new Set<string>();
  private readonly deletedKnown = new Map<string, boolean>();
  private deletedChecked = '';
  private readonly registry: SchemaRegistry;

  constructor(private readonly deps: OrgDeps) {
    this.registry = deps.store.registry;
  }

  /** Runs a SOQL query. Throws SalesforceError for anything Salesforce would reject or Localforce does not emulate. */
  query(soql: string, ctx: QueryContext): QueryResult {
    const compiled = this.plan(soql, ctx);
    this.ensureFunctions(compiled.sqlFunctions);
    const store = this.deps.store;
    return executeCompiled(compiled, (sql, params: readonly SqlParam[]) => store.allRaw(sql, params), { apiVersion: ctx.apiVersion });
  }

  /** The compiled plan for a query (cached). */
  plan(soql: string, ctx: Pick<QueryContext, 'now' | 'timeZone' | 'includeDeleted'>): CompiledQuery {
    let entry = this.cache.get(soql);
    if (!entry) {
      const { checked } = analyzeSoql(soql, this.registry);
      entry = { checked, usesTz: hasTz(checked), objects: filteredObjects(checked), plans: new Map() };
      if (this.cache.size >= MAX_CACHE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(soql, entry);
    }
    const clock = entry.checked.usesClock ? ctx.now.getTime() : '';
    const tz = entry.checked.usesClock || entry.usesTz ? ctx.timeZone : '';
    // Objects without soft-deleted rows skip the IsDeleted filter (SQLite can then count from an index).
    if (!ctx.includeDeleted) this.refreshDeletedKnowledge();
    const clean = ctx.includeDeleted ? [] : entry.objects.filter((o) => !this.hasDeletedRows(o));
    const key = `${ctx.includeDeleted ? 1 : 0}|${clock}|${tz}|${clean.join(',')}`;
    let compiled = entry.plans.get(key);
    if (!compiled) {
      compiled = compileQuery(entry.checked, {
        ...compileOptions({ now: ctx.now, timeZone: ctx.timeZone, includeDeleted: ctx.includeDeleted }),
        withoutDeletedRows: new Set(clean),
      });
      if (entry.plans.size >= 8) entry.plans.clear();
      entry.plans.set(key, compiled);
    }
    return compiled;
  }

  /**
   * Whether an object has soft-deleted rows, cached until the database changes: `total_changes()`
   * counts writes on this connection, `data_version` commits by other connections.
   */
  private hasDeletedRows(objectName: string): boolean {
    let v = this.deletedKnown.get(objectName);
    if (v === undefined) {
      const row = this.deps.store.allRaw(`SELECT EXISTS (SELECT 1 FROM ${quoteIdent(objectName)} WHERE "IsDeleted" = 1)`)[0];
      v = Number(row?.[0]) === 1;
      this.deletedKnown.set(objectName, v);
    }
    return v;
  }

  /** Forgets what is known about deleted rows when the database changed since the last query. */
  private refreshDeletedKnowledge(): void {
    const version = this.checkedAt();
    if (version !== this.deletedChecked) {
      this.deletedKnown.clear();
      this.deletedChecked = version;
    }
  }

  private checkedAt(): string {
    const row = this.deps.store.allRaw('SELECT total_changes(), data_version FROM pragma_data_version')[0];
    return `${String(row?.[0])}|${String(row?.[1])}`;
  }

  private ensureFunctions(names: readonly string[]): void {
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

/** True when the plan depends on the time zone (convertTimezone) even without date literals. */
function hasTz(q: CheckedQuery): boolean {
  return JSON.stringify(q, (k, v) => (k === 'object' || k === 'target' || k === 'field' ? undefined : v)).includes('"convertTimezone":true');
}
