// The search-term language inside FIND's braces: words, "quoted phrases", AND / OR / AND NOT with
// parentheses, implicit operator between adjacent terms, `*` / `?` wildcards, backslash escapes.
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_sosl_find.htm
//
//   orExpr  = andExpr { OR andExpr }
//   andExpr = primary { AND NOT primary | AND primary | primary }     (adjacency = implicit operator)
//   primary = "(" orExpr ")" | PHRASE | WORD
//
// Operators are case-insensitive; an operator word where an operand is expected is read as a word.
import { assertNever } from '../ast.js';
import { SalesforceError, sfError } from '../errors.js';

/** Salesforce's text for an unusable search term (also parser.ts's NO_SEARCH_TERM). */
export const NO_SEARCH_TERM_TEXT = 'No search term found. The search term must be enclosed in braces.';
import type { Span, TermExpr } from './ast.js';

type TermToken =
  | { kind: 'word'; text: string; raw: string; span: Span }
  | { kind: 'phrase'; text: string; raw: string; span: Span }
  | { kind: 'lparen'; span: Span }
  | { kind: 'rparen'; span: Span };

/** `line R:C` as Salesforce's lexer prints it (C is 0-based). */
export function linePos(query: string, offset: number): string {
  let row = 1;
  let rowStart = 0;
  for (let i = 0; i < offset && i < query.length; i++) {
    if (query[i] === '\n') {
      row++;
      rowStart = i + 1;
    }
  }
  return `line ${row}:${offset - rowStart}`;
}

/**
 * MALFORMED_SEARCH for a character the brace lexer cannot take (`'`, `{`, end of input), with the
 * caret excerpt before ANTLR's `line R:C` text (a real org's answer to CRMArena's "Women's" search
 * ends in `mismatched character ''' expecting '}'` after the excerpt).
 */
export function mismatchedCharacter(query: string, offset: number, expecting = '}'): SalesforceError {
  const ch = offset >= query.length ? '<EOF>' : query[offset];
  return sfError.MALFORMED_SEARCH(`${linePos(query, offset)} mismatched character '${ch}' expecting '${expecting}'`, {
    at: { source: query, offset },
  });
}

/**
 * Characters that must be escaped in a search term ("Reserved characters … must be escaped with a
 * backslash": ? & | ! { } [ ] ( ) ^ ~ * : \ " ' + -). `? * ( ) " \ ' { }` have their own meaning or
 * error here, and `:`, `+`, `-` inside words are kept (phone numbers, part numbers); the others,
 * unescaped, get the error Salesforce gives for an unescaped `&`.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_sosl_find.htm
 */
const RESERVED_IN_TERMS = new Set(['&', '|', '!', '[', ']', '^', '~']);

/**
 * Scans the brace contents starting at `open` (the offset of `{`) and returns the offset of the
 * closing `}`. An unescaped apostrophe or `{`, or the end of input, is a lexer error, as in Salesforce
 * (CRMArena's agents hit `mismatched character ''' expecting '}'` with "Women's").
 */
export function scanBraces(query: string, open: number): number {
  for (let i = open + 1; i < query.length; i++) {
    const c = query[i];
    if (c === '\\') {
      i++;
      if (i >= query.length) throw mismatchedCharacter(query, i);
      continue;
    }
    if (c === '}') return i;
    if (c === "'" || c === '{') throw mismatchedCharacter(query, i);
    if (RESERVED_IN_TERMS.has(c!)) throw sfError.MALFORMED_SEARCH(NO_SEARCH_TERM_TEXT);
  }
  throw mismatchedCharacter(query, query.length);
}

const SPACE = /\s/;
/** Parenthesis nesting limit of the search expression (a guard for the recursive parser). */
export const MAX_TERM_NESTING = 50;
const WILD_ESCAPED = new Set(['*', '?']);

/** Tokens of the brace contents `query.slice(start, end)`; spans are offsets into `query`. */
function lexTerms(query: string, start: number, end: number): TermToken[] {
  const out: TermToken[] = [];
  let i = start;
  while (i < end) {
    const c = query[i]!;
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ kind: c === '(' ? 'lparen' : 'rparen', span: { start: i, end: i + 1 } });
      i++;
      continue;
    }
    if (c === '"') {
      const s = i;
      let text = '';
      i++;
      while (i < end && query[i] !== '"') {
        if (query[i] === '\\' && i + 1 < end) {
          text += query[i + 1];
          i += 2;
        } else text += query[i++];
      }
      // An unterminated phrase is a lexer error at the closing brace (wording in ANTLR's style, ours).
      if (i >= end) throw mismatchedCharacter(query, end, '"');
      i++;
      out.push({ kind: 'phrase', text, raw: query.slice(s, i), span: { start: s, end: i } });
      continue;
    }
    const s = i;
    let text = '';
    while (i < end) {
      const d = query[i]!;
      if (SPACE.test(d) || d === '(' || d === ')' || d === '"') break;
      if (d === '\\' && i + 1 < end) {
        const e = query[i + 1]!;
        text += WILD_ESCAPED.has(e) ? ' ' : e;
        i += 2;
        continue;
      }
      text += d;
      i++;
    }
    out.push({ kind: 'word', text, raw: query.slice(s, i), span: { start: s, end: i } });
  }
  return out;
}

/**
 * Parses the search expression between the braces at `[start, end)` of `query`.
 * Throws INVALID_SEARCH when the whole expression has fewer than two letters or digits.
 */
export function parseTerms(query: string, start: number, end: number): TermExpr {
  const raw = query.slice(start, end).trim();
  const alnum = (raw.replace(/\\./g, (m) => m.slice(1)).match(/[\p{L}\p{N}]/gu) ?? []).length;
  if (alnum < 2) throw new SalesforceError('INVALID_SEARCH', `search term must be longer than one character: ${raw}`);
  const toks = lexTerms(query, start, end);
  let pos = 0;
  let depth = 0;

  const peek = () => toks[pos];
  const isOp = (t: TermToken | undefined, op: string) => t?.kind === 'word' && t.raw.toUpperCase() === op;
  const spanOf = (a: TermExpr, b: TermExpr): Span => ({ start: a.span.start, end: b.span.end });
  const fail = (t: TermToken | undefined): never => {
    const at = t ? t.span.start : end;
    const what = t ? query.slice(t.span.start, t.span.end) : '}';
    throw new SalesforceError('MALFORMED_SEARCH', `${linePos(query, at)} unexpected token in search term: '${what}'`);
  };

  const startsOperand = (t: TermToken | undefined) => t !== undefined && t.kind !== 'rparen';

  function primary(): TermExpr {
    const t = peek();
    if (!t || t.kind === 'rparen') return fail(t);
    pos++;
    if (t.kind === 'lparen') {
      if (++depth > MAX_TERM_NESTING) {
        throw new SalesforceError('MALFORMED_SEARCH', `${linePos(query, t.span.start)} search term nested more than ${MAX_TERM_NESTING} levels deep`);
      }
      const inner = orExpr();
      depth--;
      const close = peek();
      if (close?.kind !== 'rparen') return fail(close);
      pos++;
      return { kind: 'group', inner, span: { start: t.span.start, end: close.span.end } };
    }
    return t.kind === 'phrase'
      ? { kind: 'phrase', text: t.text, raw: t.raw, span: t.span }
      : { kind: 'word', text: t.text, raw: t.raw, span: t.span };
  }

  function andExpr(): TermExpr {
    let left = primary();
    for (;;) {
      const t = peek();
      if (!startsOperand(t)) break;
      // A real OR (one with an operand after it) ends the AND chain; a trailing `or` is a word.
      if (isOp(t, 'OR') && startsOperand(toks[pos + 1])) break;
      if (isOp(t, 'AND') && isOp(toks[pos + 1], 'NOT') && startsOperand(toks[pos + 2])) {
        pos += 2;
        const right = primary();
        left = { kind: 'andNot', left, right, span: spanOf(left, right) };
      } else if (isOp(t, 'AND') && startsOperand(toks[pos + 1])) {
        pos++;
        const right = primary();
        left = { kind: 'and', implicit: false, left, right, span: spanOf(left, right) };
      } else {
        const right = primary();
        left = { kind: 'and', implicit: true, left, right, span: spanOf(left, right) };
      }
    }
    return left;
  }

  function orExpr(): TermExpr {
    let left = andExpr();
    while (isOp(peek(), 'OR') && startsOperand(toks[pos + 1])) {
      pos++;
      const right = andExpr();
      left = { kind: 'or', left, right, span: spanOf(left, right) };
    }
    return left;
  }

  if (toks.length === 0) throw new SalesforceError('INVALID_SEARCH', `search term must be longer than one character: ${raw}`);
  const expr = orExpr();
  if (pos < toks.length) fail(toks[pos]);
  return expr;
}

/** Prints a term expression back to SOSL term syntax (round-trip tests). */
export function printTerms(e: TermExpr): string {
  switch (e.kind) {
    case 'word':
    case 'phrase':
      return e.raw;
    case 'group':
      return `(${printTerms(e.inner)})`;
    case 'and':
      return e.implicit ? `${printTerms(e.left)} ${printTerms(e.right)}` : `${printTerms(e.left)} AND ${printTerms(e.right)}`;
    case 'or':
      return `${printTerms(e.left)} OR ${printTerms(e.right)}`;
    case 'andNot':
      return `${printTerms(e.left)} AND NOT ${printTerms(e.right)}`;
    default:
      return assertNever(e);
  }
}
