// Fuzz: deterministic random mutations of the syntax corpus. parseSoql must return an AST (which then
// survives print → re-parse) or throw a SalesforceError('MALFORMED_QUERY') with a caret excerpt —
// never another exception, never a hang, never a stack overflow.
import { describe, expect, it } from 'vitest';
import { SalesforceError } from '../../server/soql/errors.js';
import { MAX_SOQL_LENGTH, parseSoql } from '../../server/soql/parser.js';
import { printSoql } from '../../server/soql/printer.js';
import { stripSpans, SYNTAX_CORPUS } from './syntax-corpus.js';
import { rng } from '../helpers/prng.js';

const JUNK = [
  '$', '"', '`', '\\', "'", '(', ')', ',', '.', ':', ';', '*', '+', '-', '/', '!', '=', '<', '>', '&', '|',
  '{', '}', '[', ']', '#', '@', '%', '^', '~', '?', '\0', '\t', '\n', '\u00a0', 'é', '日', '😀', '\ud800', '\u200b',
];
const WORDS = [
  'SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'NOT IN', 'LIKE', 'GROUP BY', 'HAVING', 'ORDER BY', 'LIMIT',
  'OFFSET', 'WITH', 'USING SCOPE', 'FOR', 'UPDATE', 'TYPEOF', 'WHEN', 'THEN', 'ELSE', 'END', 'FIELDS(ALL)', 'COUNT()',
  'null', 'true', 'TODAY', 'LAST_N_DAYS:5', 'USD5', '2020-01-01', '2020-01-01T00:00:00Z', ':x', '(SELECT Id FROM A)',
  'ROLLUP(', 'CUBE(', 'NULLS', 'FIRST', 'DESC', 'Id', 'Name', 'a.b.c', '42', '-1.5', "'s'", 'DATA CATEGORY',
];

/** Split into rough tokens (words, quoted strings, single punctuation) keeping separators. */
function roughTokens(s: string): string[] {
  return s.match(/'(?:\\.|[^'\\])*'|[A-Za-z0-9_:.+-]+|\s+|./gs) ?? [];
}

type Mutation = (q: string, r: () => number) => string;
const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)] as T;

const MUTATIONS: Array<[string, Mutation]> = [
  ['drop token', (q, r) => {
    const t = roughTokens(q);
    t.splice(Math.floor(r() * t.length), 1);
    return t.join('');
  }],
  ['swap tokens', (q, r) => {
    const t = roughTokens(q);
    const i = Math.floor(r() * (t.length - 1));
    [t[i], t[i + 1]] = [t[i + 1] as string, t[i] as string];
    return t.join('');
  }],
  ['duplicate token', (q, r) => {
    const t = roughTokens(q);
    const i = Math.floor(r() * t.length);
    t.splice(i, 0, t[i] as string);
    return t.join('');
  }],
  ['junk char', (q, r) => {
    const i = Math.floor(r() * (q.length + 1));
    return q.slice(0, i) + pick(JUNK, r) + q.slice(i);
  }],
  ['replace char', (q, r) => {
    const i = Math.floor(r() * q.length);
    return q.slice(0, i) + pick(JUNK, r) + q.slice(i + 1);
  }],
  ['insert word', (q, r) => {
    const t = roughTokens(q);
    t.splice(Math.floor(r() * t.length), 0, ` ${pick(WORDS, r)} `);
    return t.join('');
  }],
  ['truncate', (q, r) => q.slice(0, Math.floor(r() * q.length))],
  ['huge string literal', (q, r) => q.replace(/'[^']*'/, `'${'x'.repeat(4_000 + Math.floor(r() * 100_000))}'`)],
  ['huge number', (q) => q.replace(/\b\d+\b/, '9'.repeat(400))],
  ['huge identifier', (q, r) => q.replace(/\bId\b/, `A${'b'.repeat(pick([90_000, 100_000], r))}`)],
  ['deep parentheses', (q, r) => {
    const n = pick([50, 200, 499, 800, 5000], r);
    const m = /\bWHERE\b/.exec(q);
    if (!m) return `${q} WHERE ${'('.repeat(n)}Id = null${')'.repeat(n)}`;
    const at = m.index + 6;
    return `${q.slice(0, at)}${'('.repeat(n)}Id = null${')'.repeat(n)} AND ${q.slice(at)}`;
  }],
  ['unbalanced parentheses', (q, r) => q + (r() < 0.5 ? '('.repeat(3000) : ')'.repeat(3000))],
  ['deep subqueries', (_q, r) => {
    const n = pick([3, 100, 1000], r);
    return `SELECT Id FROM A WHERE Id IN ${'(SELECT Id FROM A WHERE Id IN '.repeat(n)}('x')${')'.repeat(n)}`;
  }],
  ['deep function calls', (_q, r) => {
    const n = pick([2, 300, 3000], r);
    return `SELECT ${'CALENDAR_YEAR('.repeat(n)}CreatedDate${')'.repeat(n)} FROM Case`;
  }],
  ['unicode', (q, r) => {
    const i = Math.floor(r() * (q.length + 1));
    return q.slice(0, i) + pick(['ñ', 'Ω', '\u0301', '\uFEFF', '\u2028', '🚀', '\uDFFF\uD800'], r) + q.slice(i);
  }],
  ['case flip', (q, r) => [...q].map((c) => (r() < 0.3 ? c.toLowerCase() : r() < 0.3 ? c.toUpperCase() : c)).join('')],
  ['whitespace storm', (q, r) => roughTokens(q).join(pick(['', '\n', '\t\t', '\r\n  '], r))],
];

const CASES = 3600;

function check(q: string): 'ok' | 'error' {
  let ast;
  try {
    ast = parseSoql(q);
  } catch (e) {
    if (!(e instanceof SalesforceError)) throw new Error(`non-Salesforce error ${String(e)} for ${JSON.stringify(q.slice(0, 300))}`);
    if (e.errorCode !== 'MALFORMED_QUERY') throw new Error(`unexpected code ${e.errorCode}`);
    // Blank and over-long statements are whole-statement errors, without an excerpt.
    if (q.trim() !== '' && q.length <= MAX_SOQL_LENGTH && !/\nERROR at Row:\d+:Column:\d+\n/.test(e.message)) {
      throw new Error(`message without caret excerpt: ${e.message.slice(0, 200)}`);
    }
    return 'error';
  }
  const printed = printSoql(ast);
  const again = parseSoql(printed);
  // Cheap comparison first; the structural diff only on failure.
  if (JSON.stringify(stripSpans(again)) !== JSON.stringify(stripSpans(ast))) {
    expect(stripSpans(again), printed.slice(0, 300)).toEqual(stripSpans(ast));
  }
  return 'ok';
}

describe('fuzz', () => {
  it(`${CASES} seeded mutations of the corpus: an AST or a MALFORMED_QUERY, nothing else`, () => {
    const r = rng(20241124);
    const tally = { ok: 0, error: 0 };
    let slowest = 0;
    for (let i = 0; i < CASES; i++) {
      const base = pick(SYNTAX_CORPUS, r).soql;
      const steps = 1 + Math.floor(r() * 3);
      let q = base;
      for (let s = 0; s < steps; s++) q = pick(MUTATIONS, r)[1](q, r);
      const t0 = performance.now();
      tally[check(q)]++;
      slowest = Math.max(slowest, performance.now() - t0);
    }
    expect(tally.ok + tally.error).toBe(CASES);
    // Both outcomes are exercised, and no single parse is pathological.
    expect(tally.ok).toBeGreaterThan(100);
    expect(tally.error).toBeGreaterThan(1000);
    expect(slowest).toBeLessThan(2000);
  });

  it('every mutation kind runs on every corpus entry once', () => {
    const r = rng(7);
    for (const [, m] of MUTATIONS) for (const e of SYNTAX_CORPUS) check(m(e.soql, r));
  });
});
