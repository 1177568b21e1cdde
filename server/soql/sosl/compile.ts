// Semantic pass and term compiler for SOSL: resolves RETURNING objects against the schema, rejects
// what Localforce does not emulate, and turns the term tree into the search expression the FTS index
// evaluates for one object (implicit operator resolved, chains flattened, stop words dropped).
import type { ObjectInfo, SchemaRegistry } from '../../../schema/index.js';
import { SalesforceError, sfError } from '../errors.js';
import type { SoqlQuery } from '../ast.js';
import { checkQuery } from '../check.js';
import type { CheckedQuery } from '../checked.js';
import type { ReturningObject, SearchGroup, SoslQuery, TermExpr } from './ast.js';
import { assertNever } from '../ast.js';
import { MAX_SOSL_LIMIT } from './parser.js';

// ───────────────────────────── search expression ─────────────────────────────

/** What the FTS index evaluates (structurally the store's FtsExpr). */
export type SearchExpr =
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'phrase'; readonly text: string }
  | { readonly kind: 'and'; readonly items: readonly SearchExpr[] }
  | { readonly kind: 'or'; readonly items: readonly SearchExpr[] }
  | { readonly kind: 'andNot'; readonly left: SearchExpr; readonly right: SearchExpr };

/**
 * Operator between adjacent terms. "In most cases if an operator isn't specified, AND is the default
 * operator. When searching articles, documents, and solutions, AND must be specified because OR is the
 * default operator." (FIND clause docs) — so Knowledge__kav gets OR, everything else AND.
 */
export type DefaultOperator = 'AND' | 'OR';

export function defaultOperatorFor(objectName: string): DefaultOperator {
  return /__kav$/i.test(objectName) ? 'OR' : 'AND';
}

/** Words Salesforce's search ignores in search terms (Lucene's English stop list); kept in phrases. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it', 'no', 'not', 'of', 'on',
  'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these', 'they', 'this', 'to', 'was', 'will', 'with',
]);

const isStop = (e: SearchExpr) => e.kind === 'word' && STOP_WORDS.has(e.text.trim().toLowerCase());

/**
 * "If the SearchQuery string is longer than 10,000 characters, no result rows are returned. If
 * SearchQuery is longer than 4,000 characters, any logical operators are removed" (SOSL syntax docs):
 * the terms are then OR-ed.
 */
export const MAX_SEARCH_QUERY = 10_000;
export const MAX_OPERATOR_QUERY = 4_000;

/** The search expression for one object (null: the query is too long to return rows). */
export function compileSearch(raw: string, e: TermExpr, op: DefaultOperator): SearchExpr | null {
  if (raw.length > MAX_SEARCH_QUERY) return null;
  if (raw.length > MAX_OPERATOR_QUERY) {
    const leaves = compileLeaves(e, op);
    return leaves.length === 1 ? leaves[0]! : { kind: 'or', items: leaves };
  }
  return compileTerms(e, op);
}

function compileLeaves(e: TermExpr, op: DefaultOperator): SearchExpr[] {
  switch (e.kind) {
    case 'word':
    case 'phrase':
      return [compileTerms(e, op)];
    case 'group':
      return compileLeaves(e.inner, op);
    case 'and':
    case 'or':
    case 'andNot':
      return [...compileLeaves(e.left, op), ...compileLeaves(e.right, op)];
    default:
      return assertNever(e);
  }
}

export function compileTerms(e: TermExpr, op: DefaultOperator): SearchExpr {
  switch (e.kind) {
    case 'word':
      return { kind: 'word', text: e.text };
    case 'phrase':
      return { kind: 'phrase', text: e.text };
    case 'group':
      return compileTerms(e.inner, op);
    case 'andNot': {
      // (a AND NOT b) AND NOT c = a AND NOT (b OR c): keeps long exclusion chains shallow.
      const left = compileTerms(e.left, op);
      const right = compileTerms(e.right, op);
      if (left.kind !== 'andNot') return { kind: 'andNot', left, right };
      const items = [...(left.right.kind === 'or' ? left.right.items : [left.right]), ...(right.kind === 'or' ? right.items : [right])];
      return { kind: 'andNot', left: left.left, right: { kind: 'or', items } };
    }
    case 'and':
    case 'or': {
      const kind = e.kind === 'or' || (e.implicit && op === 'OR') ? 'or' : 'and';
      const items: SearchExpr[] = [];
      const add = (x: SearchExpr) => (x.kind === kind ? items.push(...x.items) : items.push(x));
      add(compileTerms(e.left, op));
      add(compileTerms(e.right, op));
      const kept = items.filter((x) => !isStop(x));
      const final = kept.length > 0 ? kept : items;
      return final.length === 1 ? final[0]! : { kind, items: final };
    }
    default:
      return assertNever(e);
  }
}

// ───────────────────────────── semantic pass ─────────────────────────────

export interface CheckedObject {
  readonly info: ObjectInfo;
  /** null: the object is searched because there was no RETURNING clause (Id only). */
  readonly node: ReturningObject | null;
}

export interface CheckedSosl {
  readonly ast: SoslQuery;
  readonly group: SearchGroup;
  readonly objects: readonly CheckedObject[];
  /** Overall row limit (default and maximum 2000). */
  readonly limit: number;
}

/** WITH clauses that change nothing for one API user with full access. */
const HARMLESS_WITH = new Set(['SECURITY_ENFORCED', 'USER_MODE', 'SYSTEM_MODE']);

const unsupportedType = (name: string) =>
  `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`;

/** Aggregate functions: SOQL-only (SOSL returns records). */
const AGGREGATES = /^(COUNT|COUNT_DISTINCT|SUM|AVG|MIN|MAX|GROUPING)\s*\(/i;
/** SOSL OFFSET limit. */
export const MAX_SOSL_OFFSET = 2000;

/** What SOQL would accept but a SOSL RETURNING object does not: child subqueries, aggregates, big OFFSET. */
function checkObjectClause(query: string, node: ReturningObject): void {
  for (const f of node.fields ?? []) {
    if (f.text.startsWith('(') || AGGREGATES.test(f.text)) {
      const token = f.text.startsWith('(') ? '(' : /^\w+/.exec(f.text)![0];
      throw sfError.MALFORMED_SEARCH(`unexpected token: '${token}'`, { at: { source: query, offset: f.span.start } });
    }
  }
  // "Requesting an offset greater than 2,000 will result in a MALFORMED_SEARCH: SOSL offset should be
  // between 0 to 2000 error." (SOSL OFFSET docs)
  if (node.offset && node.offset.value > MAX_SOSL_OFFSET) {
    throw new SalesforceError('MALFORMED_SEARCH', `SOSL offset should be between 0 to ${MAX_SOSL_OFFSET}`);
  }
}

export function checkSosl(query: string, ast: SoslQuery, registry: SchemaRegistry): CheckedSosl {
  const objects: CheckedObject[] = [];
  if (ast.returning) {
    const seen = new Set<string>();
    for (const node of ast.returning) {
      const info = registry.object(node.name);
      if (!info) throw sfError.INVALID_TYPE(unsupportedType(node.name), { at: { source: query, offset: node.nameSpan.start } });
      if (!info.def.searchable) {
        throw sfError.INVALID_TYPE(`entity type ${info.def.name} does not support search`, { at: { source: query, offset: node.nameSpan.start } });
      }
      // Each object once (wording ours): two lists of one object cannot be told apart in searchRecords.
      if (seen.has(info.def.name)) {
        throw sfError.MALFORMED_SEARCH(`duplicate object in RETURNING: ${node.name}`, { at: { source: query, offset: node.nameSpan.start } });
      }
      seen.add(info.def.name);
      // "OFFSET can be used only when querying a single object." (SOSL OFFSET docs; wording ours)
      // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_sosl_offset.htm
      if (node.offset && ast.returning.length > 1) {
        throw sfError.MALFORMED_SEARCH('OFFSET can only be used when searching a single object', { at: { source: query, offset: node.offset.span.start } });
      }
      checkObjectClause(query, node);
      objects.push({ info, node });
    }
  } else {
    for (const o of registry.objects) {
      const info = registry.object(o.name);
      if (info && o.searchable) objects.push({ info, node: null });
    }
  }
  for (const w of ast.with) {
    if (HARMLESS_WITH.has(w.name)) continue;
    if (w.name === 'SPELL_CORRECTION' && /=\s*false\s*$/i.test(w.text)) continue;
    throw new SalesforceError('NOT_EMULATED', `Localforce does not emulate SOSL WITH ${w.name} (${w.text})`);
  }
  return {
    ast,
    group: ast.in?.group ?? 'ALL',
    objects,
    limit: Math.min(ast.limit?.value ?? MAX_SOSL_LIMIT, MAX_SOSL_LIMIT),
  };
}

// ───────────────────────────── RETURNING as SOQL ─────────────────────────────

/**
 * A RETURNING object's field list, WHERE and ORDER BY as one SOQL query AST. The pieces were parsed
 * by the SOQL parser at their offsets in the SOSL text, so every span is absolute in that text.
 * LIMIT and OFFSET are not part of it: search applies them after relevance ordering.
 */
export function returningQuery(node: ReturningObject): SoqlQuery {
  const name = { kind: 'ident' as const, name: node.name, span: node.nameSpan };
  const q: SoqlQuery = {
    kind: 'query',
    span: node.span,
    select: (node.fields ?? []).map((f) => f.ast),
    from: { kind: 'from', name, span: node.nameSpan },
  };
  if (node.where) q.where = node.where.ast;
  if (node.orderBy) q.orderBy = [...node.orderBy.ast];
  return q;
}

/**
 * Checks a RETURNING object with the SOQL checker against the whole SOSL text, so its errors point
 * into the SOSL statement directly; a SOQL syntax-level rejection is MALFORMED_SEARCH in SOSL.
 */
export function checkReturning(sosl: string, node: ReturningObject, registry: SchemaRegistry): CheckedQuery {
  try {
    return checkQuery(returningQuery(node), { registry, text: sosl });
  } catch (e) {
    if (e instanceof SalesforceError && e.errorCode === 'MALFORMED_QUERY') throw e.withCode('MALFORMED_SEARCH');
    throw e;
  }
}
