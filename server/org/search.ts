// SOSL use case: `search` (a SOSL string) and `parameterizedSearch` (REST parameters or JSON body).
//   parse → check against the schema → per RETURNING object: FTS match (relevance-ordered ids) →
//   the object's field list / WHERE / ORDER BY run as SOQL restricted to the matched ids → relevance
//   order (when no ORDER BY), OFFSET and LIMIT per object → overall LIMIT shared evenly among objects.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_search.htm
import type { ObjectDef } from '../../schema/index.js';
import type { CheckedQuery, CompiledQuery } from '../soql/index.js';
import { SalesforceError } from '../soql/index.js';
import type { ReturningObject } from '../soql/index.js';
import { checkReturning, checkSosl, compileSearch, defaultOperatorFor, type CheckedObject } from '../soql/index.js';
import { MAX_SOSL_LIMIT, NO_SEARCH_TERM, parseSosl } from '../soql/index.js';
import { FtsIndex, FtsQueryError, type FtsHit, type FtsScope } from '../store/index.js';
import type { Store } from '../store/index.js';
import type { OrgDeps } from './deps.js';
import { QueryService } from './query.js';

export interface SearchContext {
  now: Date;
  timeZone: string;
  /** e.g. '59.0', for attributes.url */
  apiVersion: string;
}

export interface ParameterizedSearchParams {
  q: string;
  sobjects?: Array<{ name: string; fields?: string[]; limit?: number; where?: string }>;
  fields?: string[];
  in?: string;
  overallLimit?: number;
  defaultLimit?: number;
}

/** The SOQL engine as search uses it: QueryService's plan cache and executor (server/org/query.ts). */
export interface SoqlRunner {
  planChecked(key: string, analyze: () => CheckedQuery, ctx: { now: Date; timeZone: string; includeDeleted: boolean }): CompiledQuery;
  execute(compiled: CompiledQuery, apiVersion: string, filterMain?: (rows: unknown[][]) => unknown[][]): { readonly records: readonly unknown[] };
}

function isSoqlRunner(r: object): r is SoqlRunner {
  return typeof (r as Partial<SoqlRunner>).planChecked === 'function' && typeof (r as Partial<SoqlRunner>).execute === 'function';
}

type SearchRecord = Record<string, unknown>;

/** One FTS index per open Store (the SQL functions are registered once per connection). */
const indexes = new WeakMap<Store, FtsIndex>();

export function ftsIndexOf(store: Store): FtsIndex {
  // The index lives in a connection: a lazy fork that has not written uses its shared connection's.
  const owner = store.owner;
  let ix = indexes.get(owner);
  if (!ix) {
    ix = new FtsIndex(owner);
    indexes.set(owner, ix);
  }
  return ix;
}

export class SearchService {
  /** Looked up per search: a lazy fork's connection (and so its index) changes on its first write. */
  private get fts(): FtsIndex {
    return ftsIndexOf(this.deps.store);
  }
  private readonly soql: SoqlRunner;

  constructor(
    private readonly deps: OrgDeps,
    opts: { readonly soql?: SoqlRunner | object } = {},
  ) {
    // A runner without the plan cache (e.g. an injected QueryPort that only answers query(text)) cannot
    // run checked ASTs: search then uses its own QueryService over the same store.
    this.soql = opts.soql && isSoqlRunner(opts.soql) ? opts.soql : new QueryService(deps);
  }

  search(sosl: string, ctx: SearchContext): { searchRecords: Array<Record<string, unknown>> } {
    const ast = parseSosl(sosl);
    const checked = checkSosl(sosl, ast, this.deps.store.registry);
    const scope: FtsScope = checked.group === 'SIDEBAR' ? 'NAME' : checked.group;
    // Every RETURNING clause is checked by the SOQL engine, whether or not anything matches.
    checked.objects.forEach((obj, i) => {
      if (obj.node && needsSoql(obj.node)) this.runSoql(sosl, i, obj.node, null, ctx);
    });
    const lists = checked.objects.map((obj, i) => {
      const expr = compileSearch(ast.search.raw, ast.search.terms, defaultOperatorFor(obj.info.def.name));
      const hits = expr ? this.match(obj, expr, scope) : [];
      return this.objectRecords(sosl, i, obj, hits, ctx, checked.limit);
    });
    const quotas = fairShares(
      lists.map((l) => l.length),
      checked.limit,
    );
    return { searchRecords: lists.flatMap((l, i) => l.slice(0, quotas[i])) };
  }

  private match(obj: CheckedObject, expr: NonNullable<ReturnType<typeof compileSearch>>, scope: FtsScope): FtsHit[] {
    try {
      return this.fts.search(obj.info.def, expr, scope);
    } catch (e) {
      // Unverified wording: Salesforce has no documented error for an over-complex search expression.
      if (e instanceof FtsQueryError) throw new SalesforceError('INVALID_SEARCH', 'search term is too complex');
      throw e;
    }
  }

  parameterizedSearch(params: ParameterizedSearchParams | unknown, ctx: SearchContext): { searchRecords: Array<Record<string, unknown>> } {
    return this.search(parameterizedToSosl(normalizeParams(params), this.deps.store.registry.objects), ctx);
  }

  /** Records of one RETURNING object: matched, filtered, ordered, offset and limited. */
  private objectRecords(sosl: string, index: number, obj: CheckedObject, hits: readonly FtsHit[], ctx: SearchContext, room: number): SearchRecord[] {
    if (hits.length === 0 || room <= 0) return [];
    const node = obj.node;
    const offset = node?.offset?.value ?? 0;
    const want = Math.min(room, node?.limit?.value ?? MAX_SOSL_LIMIT);
    if (want <= 0) return [];
    const def = obj.info.def;
    // Id only, no filter: no SOQL needed.
    if (!node || !needsSoql(node)) {
      return hits.slice(offset, offset + want).map((h) => idRecord(def, h.id, ctx.apiVersion));
    }
    const records = this.runSoql(sosl, index, node, hits, ctx)!;
    if (!node.orderBy) {
      const rank = new Map(hits.map((h, i) => [h.id, i]));
      records.sort((a, b) => (rank.get(recordId(a)) ?? 0) - (rank.get(recordId(b)) ?? 0));
    }
    return records.slice(offset, offset + want);
  }

  /**
   * The object's field list / WHERE / ORDER BY, checked as a SOQL AST whose spans point into the SOSL
   * text (errors carry their caret there, no remapping), compiled once per RETURNING clause and run
   * through the SOQL engine; the main statement's rows are cut to the matched ids before shaping.
   * With `hits` null it only checks the clause.
   */
  private runSoql(sosl: string, index: number, node: ReturningObject, hits: readonly FtsHit[] | null, ctx: SearchContext): SearchRecord[] | null {
    const soqlCtx = { now: ctx.now, timeZone: ctx.timeZone, includeDeleted: false };
    // NUL-prefixed: no SOQL text can be this cache key (NUL does not lex).
    const key = `\u0000sosl\u0000${index}\u0000${sosl}`;
    const compiled = this.soql.planChecked(key, () => checkReturning(sosl, node, this.deps.store.registry), soqlCtx);
    if (!hits) return null;
    const ids = new Set(hits.map((h) => h.id));
    const idCol = compiled.shape.idCol;
    const out = this.soql.execute(compiled, ctx.apiVersion, idCol >= 0 ? (rows) => rows.filter((r) => ids.has(r[idCol] as string)) : undefined);
    return out.records as SearchRecord[];
  }
}

// ───────────────────────────── helpers ─────────────────────────────

/**
 * Splits the overall LIMIT among the objects: "When you set a limit on the entire query, results are
 * evenly distributed among the objects returned" (SOSL LIMIT docs: overall 20, 19 accounts and 35
 * contacts → 10 and 10). Objects with fewer rows leave their share to the others (per-object LIMITs
 * already capped `counts`); a remainder that cannot be split evenly goes to the earlier objects.
 */
export function fairShares(counts: readonly number[], limit: number): number[] {
  const quota = counts.map(() => 0);
  let remaining = limit;
  let active = counts.map((_, i) => i).filter((i) => counts[i]! > 0);
  while (remaining > 0 && active.length > 0) {
    const share = Math.floor(remaining / active.length);
    if (share === 0) {
      for (const i of active) {
        if (remaining === 0) break;
        quota[i]!++;
        remaining--;
      }
      break;
    }
    for (const i of active) {
      const give = Math.min(share, counts[i]! - quota[i]!);
      quota[i]! += give;
      remaining -= give;
    }
    active = active.filter((i) => quota[i]! < counts[i]!);
  }
  return quota;
}

/** A RETURNING object whose records need the SOQL engine (anything beyond a bare `Id`). */
function needsSoql(node: ReturningObject): boolean {
  if (!node.fields) return false;
  return !(node.fields.length === 1 && /^id$/i.test(node.fields[0]!.text) && !node.where && !node.orderBy);
}

function idRecord(def: ObjectDef, id: string, apiVersion: string): SearchRecord {
  return { attributes: { type: def.name, url: `/services/data/v${apiVersion}/sobjects/${def.name}/${id}` }, Id: id };
}

/** The record's Id, from its attributes.url (the field list need not select Id). */
function recordId(r: SearchRecord): string {
  const url = (r.attributes as { url?: string } | undefined)?.url ?? '';
  return url.slice(url.lastIndexOf('/') + 1);
}

// ───────────────────────────── parameterizedSearch ─────────────────────────────

const bad = (msg: string) => new SalesforceError('MALFORMED_SEARCH', msg);

/** Parameters of a POST body or of GET query parameters (`sobject`, `Account.fields`, …), validated. */
export function normalizeParams(p: unknown): ParameterizedSearchParams {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) throw bad(NO_SEARCH_TERM);
  const o = p as Record<string, unknown>;
  const q = o.q;
  if (typeof q !== 'string' || q.trim() === '') throw bad(NO_SEARCH_TERM);
  for (const k of ['snippet', 'dataCategory', 'dataCategories', 'netWorkIds', 'networkIds', 'pricebookId', 'metadata', 'highlight']) {
    if (o[k] !== undefined) throw new SalesforceError('NOT_EMULATED', `Localforce does not emulate the parameterizedSearch parameter '${k}'`);
  }
  const list = (v: unknown, what: string): string[] | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return (v as string[]).map((s) => s.trim());
    throw bad(`${what} must be a list of names`);
  };
  const int = (v: unknown, what: string): number | undefined => {
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 0) throw bad(`${what} must be a non-negative integer: ${String(v)}`);
    return n;
  };
  const out: ParameterizedSearchParams = { q };
  const fields = list(o.fields, 'fields');
  if (fields) out.fields = fields;
  if (o.in !== undefined) {
    if (typeof o.in !== 'string') throw bad('in must be a string');
    out.in = o.in;
  }
  const overall = int(o.overallLimit, 'overallLimit');
  if (overall !== undefined) out.overallLimit = overall;
  const dflt = int(o.defaultLimit, 'defaultLimit');
  if (dflt !== undefined) out.defaultLimit = dflt;
  // POST: sobjects: [{name, fields, limit, where}]; GET: sobject=A,B plus A.fields / A.limit / A.where.
  let sobjects: NonNullable<ParameterizedSearchParams['sobjects']> | undefined;
  if (Array.isArray(o.sobjects)) {
    sobjects = o.sobjects.map((s) => {
      if (typeof s !== 'object' || s === null || typeof (s as { name?: unknown }).name !== 'string') throw bad('each sobjects entry needs a name');
      const e = s as Record<string, unknown>;
      const entry: { name: string; fields?: string[]; limit?: number; where?: string } = { name: e.name as string };
      const f = list(e.fields, 'fields');
      if (f) entry.fields = f;
      const l = int(e.limit, 'limit');
      if (l !== undefined) entry.limit = l;
      if (typeof e.where === 'string' && e.where.trim() !== '') entry.where = e.where;
      return entry;
    });
  } else if (o.sobjects !== undefined) {
    throw bad('sobjects must be an array');
  } else {
    const names = list(o.sobject, 'sobject');
    if (names) {
      const keys = Object.keys(o);
      const param = (name: string, suffix: string) => {
        const k = keys.find((x) => x.toLowerCase() === `${name.toLowerCase()}.${suffix}`);
        return k === undefined ? undefined : o[k];
      };
      sobjects = names.map((name) => {
        const entry: { name: string; fields?: string[]; limit?: number; where?: string } = { name };
        const f = list(param(name, 'fields'), `${name}.fields`);
        if (f) entry.fields = f;
        const l = int(param(name, 'limit'), `${name}.limit`);
        if (l !== undefined) entry.limit = l;
        const w = param(name, 'where');
        if (typeof w === 'string' && w.trim() !== '') entry.where = w;
        return entry;
      });
    }
  }
  if (sobjects) out.sobjects = sobjects;
  return out;
}

/** The SOSL text equivalent to a parameterized search. */
export function parameterizedToSosl(p: ParameterizedSearchParams, objects: readonly ObjectDef[]): string {
  // Braces and apostrophes are not syntax in `q`: escape the bare ones.
  const q = p.q.replace(/(\\.)|(['{}])/g, (_m, esc: string | undefined, ch: string | undefined) => esc ?? `\\${ch}`);
  let sosl = `FIND {${q}}`;
  if (p.in !== undefined) {
    const g = p.in.trim().toUpperCase().replace(/\s+FIELDS$/, '');
    sosl += ` IN ${g} FIELDS`;
  }
  const objectSpec = (name: string, fields: string[] | undefined, limit: number | undefined, where: string | undefined) => {
    if (!fields?.length && limit === undefined && where === undefined) return name;
    let s = `${name}(${fields?.length ? fields.join(', ') : 'Id'}`;
    if (where !== undefined) s += ` WHERE ${where}`;
    if (limit !== undefined) s += ` LIMIT ${limit}`;
    return `${s})`;
  };
  if (p.sobjects?.length) {
    sosl += ` RETURNING ${p.sobjects.map((s) => objectSpec(s.name, s.fields ?? p.fields, s.limit ?? p.defaultLimit, s.where)).join(', ')}`;
  } else if (p.fields?.length || p.defaultLimit !== undefined) {
    // Global search with fields: every searchable object, with the fields it has.
    const specs = objects
      .filter((o) => o.searchable)
      .map((o) => {
        const have = p.fields?.filter((f) => o.fields.some((x) => x.name.toLowerCase() === f.toLowerCase()));
        return objectSpec(o.name, have, p.defaultLimit, undefined);
      });
    sosl += ` RETURNING ${specs.join(', ')}`;
  }
  if (p.overallLimit !== undefined) sosl += ` LIMIT ${p.overallLimit}`;
  return sosl;
}
