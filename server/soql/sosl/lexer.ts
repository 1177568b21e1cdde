// Tokens of a SOSL query after the FIND braces. Coarse on purpose: the SOQL fragments inside RETURNING
// (field lists, WHERE, ORDER BY) are only delimited here — by parentheses, commas and clause keywords at
// nesting depth 0 — and lexed for real by the SOQL engine.
import type { Span } from './ast.js';

export type OuterToken =
  | { readonly kind: 'word'; readonly text: string; readonly upper: string; readonly span: Span }
  | { readonly kind: 'string'; readonly text: string; readonly span: Span }
  | { readonly kind: 'lparen' | 'rparen' | 'comma'; readonly text: string; readonly span: Span };

const SPACE = /\s/;

/** Lexes `query` from `start` to its end. An unterminated string runs to the end of input. */
export function lexOuter(query: string, start: number): OuterToken[] {
  const out: OuterToken[] = [];
  let i = start;
  while (i < query.length) {
    const c = query[i]!;
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      out.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', text: c, span: { start: i, end: i + 1 } });
      i++;
      continue;
    }
    if (c === "'") {
      const s = i++;
      while (i < query.length && query[i] !== "'") i += query[i] === '\\' ? 2 : 1;
      i = Math.min(query.length, i + 1);
      out.push({ kind: 'string', text: query.slice(s, i), span: { start: s, end: i } });
      continue;
    }
    const s = i;
    while (i < query.length && !SPACE.test(query[i]!) && !"(),'".includes(query[i]!)) i++;
    const text = query.slice(s, i);
    out.push({ kind: 'word', text, upper: text.toUpperCase(), span: { start: s, end: i } });
  }
  return out;
}
