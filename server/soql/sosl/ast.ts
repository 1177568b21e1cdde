// SOSL syntax tree: plain data tagged by `kind`, a source span on every node (offsets into the query).
// The SOQL parts of a RETURNING object (field list, WHERE, ORDER BY) are parsed by the SOQL parser at
// their absolute offsets (typed SOQL AST) and also kept as source text: SearchService runs them through
// the SOQL engine, which checks and compiles them.
import type { Condition, OrderByItem, SelectItem } from '../ast.js';

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** `IN … FIELDS` (default ALL). */
export const SEARCH_GROUPS = ['ALL', 'NAME', 'EMAIL', 'PHONE', 'SIDEBAR'] as const;
export type SearchGroup = (typeof SEARCH_GROUPS)[number];

/**
 * The search expression inside the braces.
 * - `word`: one unquoted word; `text` has escapes removed, `*`/`?` are wildcards (an escaped `\*` or
 *   `\?` is a literal character, which the tokenizer treats as a separator, so it becomes a space).
 * - `phrase`: a double-quoted phrase, escapes removed (wildcards inside a phrase are literal).
 * - `and` with `implicit: true`: words written side by side. Salesforce reads that as AND, except for
 *   articles (Knowledge__kav), where OR is the default operator.
 */
export type TermExpr =
  | { readonly kind: 'word'; readonly text: string; readonly raw: string; readonly span: Span }
  | { readonly kind: 'phrase'; readonly text: string; readonly raw: string; readonly span: Span }
  | { readonly kind: 'and'; readonly implicit: boolean; readonly left: TermExpr; readonly right: TermExpr; readonly span: Span }
  | { readonly kind: 'or'; readonly left: TermExpr; readonly right: TermExpr; readonly span: Span }
  | { readonly kind: 'andNot'; readonly left: TermExpr; readonly right: TermExpr; readonly span: Span }
  | { readonly kind: 'group'; readonly inner: TermExpr; readonly span: Span };

/** A piece of SOQL inside RETURNING: its source text and its SOQL AST. */
export interface SoqlFragment<T> {
  readonly kind: 'soqlFragment';
  readonly text: string;
  readonly span: Span;
  readonly ast: T;
}

export interface ReturningObject {
  readonly kind: 'returningObject';
  readonly name: string;
  readonly nameSpan: Span;
  /** null: no parentheses (only Id is returned) */
  readonly fields: readonly SoqlFragment<SelectItem>[] | null;
  readonly where: SoqlFragment<Condition> | null;
  readonly orderBy: SoqlFragment<readonly OrderByItem[]> | null;
  readonly limit: NumberClause | null;
  readonly offset: NumberClause | null;
  readonly span: Span;
}

export interface NumberClause {
  readonly kind: 'number';
  readonly value: number;
  readonly span: Span;
}

/**
 * A WITH clause. `SECURITY_ENFORCED`, `USER_MODE`, `SYSTEM_MODE` (one API user: sharing is moot) and
 * `SPELL_CORRECTION = false` are accepted; the others are rejected as NOT_EMULATED by the checker.
 */
export interface WithClause {
  readonly kind: 'with';
  /** Upper-cased clause name: SNIPPET, HIGHLIGHT, METADATA, NETWORK, DATA CATEGORY, DIVISION, PRICEBOOKID, SPELL_CORRECTION, SECURITY_ENFORCED, USER_MODE, SYSTEM_MODE. */
  readonly name: string;
  /** Source text of the whole clause, from WITH on. */
  readonly text: string;
  readonly span: Span;
}

/** `UPDATE TRACKING` / `UPDATE VIEWSTAT`: usage statistics; accepted and ignored (documented). */
export interface UpdateClause {
  readonly kind: 'update';
  readonly items: readonly ('TRACKING' | 'VIEWSTAT')[];
  readonly span: Span;
}

export interface SoslQuery {
  readonly kind: 'sosl';
  readonly search: { readonly kind: 'find'; readonly raw: string; readonly terms: TermExpr; readonly span: Span };
  readonly in: { readonly kind: 'searchGroup'; readonly group: SearchGroup; readonly span: Span } | null;
  readonly returning: readonly ReturningObject[] | null;
  readonly with: readonly WithClause[];
  readonly limit: NumberClause | null;
  readonly update: UpdateClause | null;
  readonly span: Span;
}
