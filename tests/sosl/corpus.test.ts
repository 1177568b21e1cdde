// SOSL corpus: each numbered query runs through SearchService (RETURNING every searchable object, Id
// only) and its matches per object are compared with the independent reference matcher
// (tests/sosl/reference.ts); each is also parsed, printed and re-parsed (round trip).
import { describe, expect, it } from 'vitest';
import { parseSosl } from '../../server/soql/sosl/parser.js';
import { printSosl } from '../../server/soql/sosl/printer.js';
import { referenceIds, type Scope } from './reference.js';
import { CTX, openSoslOrg } from './helpers.js';

const { store, service } = openSoslOrg();
const OBJECTS = ['Account', 'Contact', 'User', 'Product2', 'Knowledge__kav', 'Case', 'Issue__c'];

/** [terms, scope] — terms go inside FIND's braces. */
export const CORPUS: Array<[string, Scope]> = [
  ['trail', 'ALL'], ['trail running', 'ALL'], ['trail running shoes', 'ALL'], ['TRAIL RUNNING SHOES', 'ALL'],
  ['"trail running"', 'ALL'], ['"running trail"', 'ALL'], ['runner', 'ALL'], ['runners', 'ALL'], ['running', 'ALL'],
  ['run*', 'ALL'], ['ru?', 'ALL'], ['r?n', 'ALL'], ['sm*th', 'ALL'], ['smith*', 'ALL'], ['jo?n', 'ALL'], ['j*n', 'ALL'],
  ['leggings', 'ALL'], ['leggings AND NOT compression', 'ALL'], ['leggings AND compression', 'ALL'], ['leggings OR jacket', 'ALL'],
  ['yoga OR tennis OR basketball', 'ALL'], ['(yoga OR tennis) AND mat', 'ALL'], ['(trail OR road) AND (shoe OR jacket)', 'ALL'],
  ['shoe AND NOT (trail OR road)', 'ALL'], ['running AND NOT "trail running"', 'ALL'], ['refund', 'ALL'], ['refunds', 'ALL'],
  ['return refund policy', 'ALL'], ['how long does shipping take', 'ALL'], ['warranty on footwear', 'ALL'], ['clean running shoes', 'ALL'],
  ['can t be returned', 'ALL'], ['"can t"', 'ALL'], ['30 days', 'ALL'], ['"30 days"', 'ALL'], ['10 14 days', 'ALL'],
  ['web2case', 'ALL'], ['web 2 case', 'ALL'], ['"web 2 case"', 'ALL'], ['2000', 'ALL'], ['aeroflex', 'ALL'], ['aeroflex2000', 'ALL'],
  ['usb-c', 'ALL'], ['usb\\-c', 'ALL'], ['x5', 'ALL'], ['2l', 'ALL'], ['acme', 'ALL'], ['acme.com', 'ALL'], ['billing@acme.com', 'ALL'],
  ['"billing acme"', 'ALL'], ['globex', 'NAME'], ['acme', 'NAME'], ['runner', 'NAME'], ['portland', 'ALL'], ['portland', 'NAME'],
  ['acme.com', 'EMAIL'], ['jane', 'EMAIL'], ['runner', 'EMAIL'], ['4155551212', 'PHONE'], ['415-555-1212', 'PHONE'], ['(415) 555-1212', 'ALL'],
  ['555', 'PHONE'], ['6505550199', 'PHONE'], ['16505550199', 'PHONE'], ['555 0123', 'PHONE'], ['sole detached', 'NAME'], ['zipper', 'ALL'],
  ['zipper', 'NAME'], ['the', 'ALL'], ['the trail', 'ALL'], ['policy', 'NAME'], ['ada', 'ALL'], ['lovelace', 'NAME'], ['service agent', 'ALL'],
  ['deleted trail runner', 'ALL'], ['holiday', 'ALL'], ['parcel late', 'ALL'], ['Product Defect', 'NAME'], ['faulty OR broke', 'ALL'],
  ['café', 'ALL'], ['CAFE', 'ALL'], ['nothingmatchesthis', 'ALL'], ['running gloves winter', 'ALL'], ['touchscreen*', 'ALL'],
  ['muddy paths', 'ALL'], ['"muddy path"', 'ALL'], ['lantern AND NOT x5', 'ALL'], ['points OR credit', 'ALL'], ['$75', 'ALL'],
];

describe('SOSL corpus vs reference matcher', () => {
  it('has at least 60 queries', () => expect(CORPUS.length).toBeGreaterThanOrEqual(60));

  it.each(CORPUS.map(([t, s], i) => [i + 1, t, s] as const))('#%i FIND {%s} IN %s FIELDS', (_n, terms, scope) => {
    const sosl = `FIND {${terms}} IN ${scope} FIELDS RETURNING ${OBJECTS.join(', ')}`;
    const res = service.search(sosl, CTX);
    for (const obj of OBJECTS) {
      const got = res.searchRecords.filter((r) => (r.attributes as { type: string }).type === obj).map((r) => r.Id as string);
      expect(new Set(got).size, `${obj}: duplicates`).toBe(got.length);
      expect([...got].sort(), `${obj} for ${sosl}`).toEqual([...referenceIds(store, sosl, obj, scope)].sort());
    }
    // records are grouped by object, in RETURNING order
    const order = res.searchRecords.map((r) => OBJECTS.indexOf((r.attributes as { type: string }).type));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it.each(CORPUS.map(([t, s]) => `FIND {${t}} IN ${s} FIELDS RETURNING Account(Id, Name WHERE Name != null ORDER BY Name LIMIT 5 OFFSET 1), Product2 LIMIT 20`))(
    'round trip: %s',
    (sosl) => {
      const a = parseSosl(sosl);
      const printed = printSosl(a);
      expect(printSosl(parseSosl(printed))).toBe(printed);
      expect(stripSpans(parseSosl(printed))).toEqual(stripSpans(a));
    },
  );

  it('finds something for most corpus queries (the corpus is not vacuous)', () => {
    let nonEmpty = 0;
    for (const [t, s] of CORPUS) if (service.search(`FIND {${t}} IN ${s} FIELDS`, CTX).searchRecords.length > 0) nonEmpty++;
    expect(nonEmpty).toBeGreaterThan(CORPUS.length * 0.8);
  });
});

function stripSpans(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(stripSpans);
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (k !== 'span' && k !== 'nameSpan' && k !== 'raw') out[k] = stripSpans(v);
    return out;
  }
  return x;
}

describe('typed AST', () => {
  it('carries SOQL ASTs (absolute spans) for the field list, WHERE and ORDER BY', () => {
    const q = "FIND {shoes} RETURNING Product2(Id, Name WHERE Family = 'Footwear' AND IsActive = true ORDER BY Name DESC NULLS LAST, Id LIMIT 5 OFFSET 2)";
    const o = parseSosl(q).returning![0]!;
    expect(o.fields!.map((f) => f.ast.kind)).toEqual(['selectField', 'selectField']);
    expect(o.where!.ast.kind).toBe('and');
    expect(q.slice(o.where!.ast.span.start, o.where!.ast.span.end)).toBe("Family = 'Footwear' AND IsActive = true");
    expect(o.orderBy!.ast.map((i) => [i.direction, i.nulls])).toEqual([['DESC', 'LAST'], [undefined, undefined]]);
    expect([o.limit!.value, o.offset!.value]).toEqual([5, 2]);
    const t = parseSosl('FIND {a1 "b c" OR (d* AND NOT e?)}').search.terms;
    expect(t.kind).toBe('or');
  });
});
