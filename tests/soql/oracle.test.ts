// The engine corpus (tests/soql/corpus.ts) against hand-written SQL oracles on the shared test org:
// every query parses, survives print → re-parse, and the engine's records equal the oracle's rows
// (values, key order, nesting, child envelopes, counts).
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryService, type QueryContext } from '../../server/org/query.js';
import { parseSoql } from '../../server/soql/parser.js';
import { printSoql } from '../../server/soql/printer.js';
import { Store } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';
import { CORPUS, FACTS, fill, norm, NOW, type CorpusEntry } from './corpus.js';

let store: Store;
let oracle: Database.Database;
let service: QueryService;
const facts: Record<string, string> = {};

beforeAll(() => {
  const path = testOrgPath();
  store = Store.open(path, { readonly: true });
  oracle = new Database(path, { readonly: true });
  service = new QueryService({ store, now: () => new Date(NOW), timeZone: 'GMT', orgId: '00D000000000001EAA', userId: '005000000000001AAA' });
  for (const [name, sql] of FACTS) {
    const row = oracle.prepare(fill(sql, facts)).raw(true).get() as unknown[] | undefined;
    const v = row?.[0];
    if (v === null || v === undefined) throw new Error(`fact ${name} is empty`);
    facts[name] = String(v);
  }
});

afterAll(() => {
  store?.close();
  oracle?.close();
});

type Rec = Record<string, unknown>;

/** Strips attributes recursively and normalises values (child envelopes → arrays of records). */
function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v !== null && typeof v === 'object') {
    const o = v as Rec;
    if ('records' in o && 'totalSize' in o && 'done' in o) return strip(o.records);
    const out: Rec = {};
    for (const [k, x] of Object.entries(o)) if (k !== 'attributes') out[k] = strip(x);
    return out;
  }
  return norm(v);
}

/** The engine record seen through the oracle's column names. */
function engineView(rec: Rec, columns: readonly string[]): Rec {
  const out: Rec = {};
  for (const c of columns) {
    let cur: unknown = rec;
    for (const seg of c.split('.')) {
      if (cur === null || cur === undefined) break;
      cur = (cur as Rec)[seg];
    }
    out[c] = strip(cur === undefined ? '<missing>' : cur);
  }
  return out;
}

function oracleView(row: Rec, columns: readonly string[], childKeys: ReadonlySet<string>): Rec {
  const out: Rec = {};
  for (const c of columns) {
    const v = row[c];
    out[c] = childKeys.has(c) && typeof v === 'string' ? strip(JSON.parse(v)) : strip(v);
  }
  return out;
}

const sortKey = (r: Rec) => JSON.stringify(r);

function run(entry: CorpusEntry) {
  const soql = fill(entry.soql, facts);
  const sql = fill(entry.sql, facts);
  const ctx: QueryContext = { now: new Date(entry.now ?? NOW), timeZone: entry.tz ?? 'GMT', apiVersion: '59.0', includeDeleted: false };
  return { soql, sql, result: service.query(soql, ctx) };
}

describe('engine corpus', () => {
  it('has at least 300 queries', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(300);
  });

  describe.each(CORPUS.map((e, i) => [i + 1, e.tag, e] as const))('#%i %s', (_n, _tag, entry) => {
    it('parses, and print → re-parse is a fixed point', () => {
      const soql = fill(entry.soql, facts);
      const printed = printSoql(parseSoql(soql));
      expect(printSoql(parseSoql(printed))).toBe(printed);
    });

    it('matches the SQL oracle', () => {
      const { soql, sql, result } = run(entry);
      const stmt = oracle.prepare(sql);
      const columns = stmt.columns().map((c) => c.name);
      const rows = stmt.all() as Rec[];
      if (entry.count) {
        expect(result.records, soql).toEqual([]);
        expect(result.totalSize, soql).toBe(Number(rows[0]!.totalSize));
        return;
      }
      expect(result.totalSize, soql).toBe(result.records.length);
      // top-level keys: attributes first, then the oracle's first path segments, in order
      const expectedKeys = [...new Set(columns.map((c) => c.split('.')[0]!))];
      for (const rec of result.records) expect(Object.keys(rec), soql).toEqual(['attributes', ...expectedKeys]);
      const childKeys = new Set(
        expectedKeys.filter((k) => result.records.some((r) => r[k] !== null && typeof r[k] === 'object' && 'records' in (r[k] as Rec))),
      );
      // child columns compare as whole arrays (not through their path)
      const eng = result.records.map((r) => engineView(r, columns));
      const ora = rows.map((r) => oracleView(r, columns, childKeys));
      if (entry.ordered) expect(eng, `${soql}\n${sql}`).toEqual(ora);
      else expect([...eng].sort((a, b) => sortKey(a).localeCompare(sortKey(b))), `${soql}\n${sql}`).toEqual([...ora].sort((a, b) => sortKey(a).localeCompare(sortKey(b))));
      // aggregate rows carry no url; record rows carry their own url
      for (const rec of result.records) {
        const attrs = rec.attributes as Rec;
        if (result.aggregate) expect(attrs).toEqual({ type: 'AggregateResult' });
        else expect(String(attrs.url)).toMatch(new RegExp(`^/services/data/v59\\.0/sobjects/${String(attrs.type)}/[a-zA-Z0-9]{18}$`));
      }
    });
  });
});
