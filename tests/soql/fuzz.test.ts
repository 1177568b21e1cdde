// Fuzz: deterministic random mutations of the syntax corpus. parseSoql must return an AST (which then
// survives print → re-parse) or throw a SalesforceError('MALFORMED_QUERY') with a caret excerpt —
// never another exception, never a hang, never a stack overflow.
import { afterAll, describe, expect, it } from 'vitest';
import { API_USER_ID, ORG_ID } from '../../schema/index.js';
import { QueryService } from '../../server/org/query.js';
import { Store } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';
import { CTX, openSoslOrg } from '../sosl/helpers.js';
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

// ── the whole pipeline: parse → check → compile → SQLite → shape, and SOSL search ──
// Hostile generators on top of the mutations (issue 8): chains up to and past the 100,000-character
// limit, LIMIT/OFFSET at and beyond 2^31 and 2^53, literals around 4,000 characters, deep nesting.
// Every outcome is records or a 4xx SalesforceError: never a TypeError, RangeError, SQLite error or 5xx.
const HOSTILE: Array<(r: () => number) => string> = [
  (r) => `SELECT Id FROM Case WHERE ${Array.from({ length: pick([100, 5_000, 9_000, 15_000, 20_000], r) }, (_, i) => `Subject = 'x${i % 7}'`).join(pick([' AND ', ' OR '], r))}`,
  (r) => `SELECT Id FROM Case WHERE ${Array.from({ length: pick([3_000, 11_000, 14_500], r) }, () => "Id=''").join(pick([' AND ', ' OR '], r))}`,
  (r) => `SELECT Id FROM Case LIMIT ${pick(['2147483647', '2147483648', '9007199254740991', '9007199254740992', '1e9', '99999999999999999999999', '0', '-0', '00'], r)}`,
  (r) => `SELECT Id FROM Case ORDER BY Id LIMIT 5 OFFSET ${pick(['2000', '2001', '9007199254740993', '0', '1.0'], r)}`,
  (r) => {
    const lit = `'${'y'.repeat(pick([3_999, 4_000, 4_001, 50_000], r))}'`;
    return `SELECT Id FROM Case WHERE Subject ${pick([`= ${lit}`, `LIKE ${lit}`, `IN ('a', ${lit})`], r)}`;
  },
  (r) => `SELECT Id FROM Case WHERE ${'('.repeat(pick([10, 499, 501], r))}Id = null${')'.repeat(pick([10, 499, 501], r))}`,
  (r) => `SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Id IN (SELECT ContactId FROM Case${pick([')', ' LIMIT 1)', ' ORDER BY Id)'], r)}))`,
  (r) => `SELECT ${pick(['COUNT(IsClosed)', 'MIN(Status)', 'SUM(Subject)', 'GROUPING(Status)', 'toLabel(Status) s', 'FIELDS(CUSTOM)', 'FIELDS(ALL)'], r)} FROM Case${pick(['', ' LIMIT 1', ' GROUP BY ROLLUP(Status)', ' GROUP BY Status'], r)}`,
  (r) => `SELECT Id FROM Contact c, ${pick(['c.Account a', 'c.Account', 'x.Account a', 'c.Account.Owner o', 'c.Account a, a.Owner o', 'c.Account c'], r)}${pick(['', ' WHERE a.Name = null', ' WHERE o.Name != null'], r)}`,
];

const SOSL_HOSTILE: Array<(r: () => number) => string> = [
  (r) => `FIND {${pick(['acme', 'run*', '"trail running', 'a|b', 'AT&T', "Women's", 'x\\', '(((shoe)))', 'a'.repeat(10_001)], r)}} RETURNING ${pick(['Account', 'Account, account', 'Product2(Name LIMIT 1 OFFSET 1), Account', 'Product2(Name OFFSET 3000)', `Product2(Name WHERE Name = '${'z'.repeat(4_001)}')`, `Product2(Name WHERE ${Array.from({ length: 5_000 }, () => "Name='a'").join(' OR ')})`], r)}${pick(['', ' LIMIT 0', ' LIMIT 2001', ' LIMIT 9007199254740992'], r)}`,
];

describe('fuzz: the whole pipeline answers records or a 4xx SalesforceError', () => {
  const store = Store.open(testOrgPath(), { readonly: true });
  const service = new QueryService({ store, now: () => new Date('2024-06-15T12:00:00Z'), timeZone: 'GMT', orgId: ORG_ID, userId: API_USER_ID });
  const { service: search, store: soslStore } = openSoslOrg();
  afterAll(() => {
    store.close();
    soslStore.close();
  });
  const ctx = { now: new Date('2024-06-15T12:00:00Z'), timeZone: 'GMT', apiVersion: '59.0', includeDeleted: false };
  const outcome = (run: () => unknown, q: string, bugs: string[], tally: Record<string, number>) => {
    try {
      run();
      tally.ok = (tally.ok ?? 0) + 1;
    } catch (e) {
      if (e instanceof SalesforceError && e.status >= 400 && e.status < 500) tally[e.errorCode] = (tally[e.errorCode] ?? 0) + 1;
      else bugs.push(`${JSON.stringify(q.slice(0, 200))} → ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 200)}` : String(e)}`);
    }
  };

  it('3,000 SOQL mutations and hostile statements through QueryService on the test org', () => {
    const r = rng(8);
    const bugs: string[] = [];
    const tally: Record<string, number> = {};
    for (let i = 0; i < 3000; i++) {
      let q: string;
      if (i % 5 === 0) q = pick(HOSTILE, r)(r);
      else {
        q = pick(SYNTAX_CORPUS, r).soql;
        for (let s = 1 + Math.floor(r() * 2); s > 0; s--) q = pick(MUTATIONS, r)[1](q, r);
      }
      outcome(() => service.query(q, ctx), q, bugs, tally);
    }
    expect(bugs.slice(0, 5)).toEqual([]);
    expect(tally.ok ?? 0).toBeGreaterThan(50);
    expect(Object.keys(tally).length).toBeGreaterThan(5);
  });

  it('500 hostile SOSL statements through SearchService', () => {
    const r = rng(9);
    const bugs: string[] = [];
    const tally: Record<string, number> = {};
    for (let i = 0; i < 500; i++) {
      const q = pick(SOSL_HOSTILE, r)(r);
      outcome(() => search.search(q, CTX), q, bugs, tally);
    }
    expect(bugs.slice(0, 5)).toEqual([]);
    expect(tally.ok ?? 0).toBeGreaterThan(10);
    expect(tally.MALFORMED_SEARCH ?? 0).toBeGreaterThan(50);
  });
});
