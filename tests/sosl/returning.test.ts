// RETURNING field lists, WHERE, ORDER BY, LIMIT, OFFSET through the SOQL engine; overall LIMIT;
// record shapes; relevance order; errors in the SOQL parts re-pointed at the SOSL text.
import { describe, expect, it } from 'vitest';
import { makeId } from '../../schema/index.js';
import { fairShares } from '../../server/org/search.js';
import { CTX, errorOf, ids, openSoslOrg } from './helpers.js';

const { service } = openSoslOrg();
const P = (n: number) => makeId('01t', n);

describe('RETURNING', () => {
  it('returns the listed fields in order, with attributes first (CRMArena search_products)', () => {
    const r = service.search('FIND {trail running shoes} IN ALL FIELDS RETURNING Product2(Id, Name, Description)', CTX);
    expect(r.searchRecords.length).toBe(2);
    for (const rec of r.searchRecords) {
      expect(Object.keys(rec)).toEqual(['attributes', 'Id', 'Name', 'Description']);
      expect(rec.attributes).toEqual({ type: 'Product2', url: `/services/data/v59.0/sobjects/Product2/${rec.Id}` });
    }
    expect(ids(r).sort()).toEqual([P(1), P(2)]);
  });

  it('CRMArena search_knowledge_articles: WHERE PublishStatus/Language, HTML field returned as stored', () => {
    const q = "FIND {return} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title, FAQ_Answer__c WHERE PublishStatus='Online' AND Language='en_US')";
    const r = service.search(q, CTX);
    const titles = r.searchRecords.map((x) => x.Title);
    expect(titles).toContain('Return and Refund Policy');
    expect(titles).not.toContain('Draft: Holiday Return Extension');
    expect(String(r.searchRecords[0]!.FAQ_Answer__c)).toMatch(/^<p>/);
  });

  it('without a field list: attributes and Id only', () => {
    const r = service.search('FIND {acme} RETURNING Account', CTX);
    expect(r.searchRecords).toEqual([{ attributes: { type: 'Account', url: `/services/data/v59.0/sobjects/Account/${makeId('001', 1)}` }, Id: makeId('001', 1) }]);
  });

  it('fields need not include Id; canonical casing; parent fields nest', () => {
    const r = service.search('FIND {zipper} RETURNING Case(subject, account.name)', CTX);
    expect(r.searchRecords).toEqual([
      {
        attributes: { type: 'Case', url: `/services/data/v59.0/sobjects/Case/${makeId('500', 5)}` },
        Subject: 'Jacket zipper broken',
        Account: { attributes: { type: 'Account', url: `/services/data/v59.0/sobjects/Account/${makeId('001', 5)}` }, Name: 'Joan Smithers' },
      },
    ]);
  });

  it('WHERE filters, ORDER BY orders, LIMIT / OFFSET slice', () => {
    const all = service.search('FIND {running} RETURNING Product2(Name ORDER BY Name)', CTX).searchRecords.map((x) => x.Name);
    expect(all).toEqual([...all].sort());
    expect(all.length).toBeGreaterThan(4);
    const desc = service.search('FIND {running} RETURNING Product2(Name ORDER BY Name DESC LIMIT 2 OFFSET 1)', CTX).searchRecords.map((x) => x.Name);
    expect(desc).toEqual([...all].reverse().slice(1, 3));
    const foot = service.search("FIND {running} RETURNING Product2(Name, Family WHERE Family = 'Footwear' ORDER BY Name)", CTX).searchRecords;
    expect(foot.every((x) => x.Family === 'Footwear')).toBe(true);
    expect(foot.map((x) => x.Name)).toEqual(['Metro Road Runner', 'Ridgeline Trail Running Shoe', 'Summit Trail Runner']);
    const inactive = service.search('FIND {tennis} RETURNING Product2(Name WHERE IsActive = false)', CTX).searchRecords;
    expect(inactive.map((x) => x.Name)).toEqual(['Tennis Ace Racket']);
  });

  it('without ORDER BY: relevance order, name-field hits first', () => {
    const r = service.search('FIND {runner} RETURNING Product2(Name, Description)', CTX).searchRecords;
    const nameHits = r.map((x) => String(x.Name).toLowerCase().includes('runner'));
    // every name hit precedes every description-only hit
    expect(nameHits.indexOf(false) === -1 || nameHits.lastIndexOf(true) < nameHits.indexOf(false)).toBe(true);
    // more terms matched first
    const k = service.search('FIND {yoga OR mat OR cloth} RETURNING Knowledge__kav(Title), Product2(Name)', CTX).searchRecords;
    expect(k[0]!.Title).toBe('Caring for Yoga Mats');
  });

  it('per-object LIMIT and the overall LIMIT (shared evenly among the objects)', () => {
    const count = (r: { searchRecords: Array<Record<string, unknown>> }, t: string) => r.searchRecords.filter((x) => (x.attributes as { type: string }).type === t).length;
    const r = service.search('FIND {running} RETURNING Product2(Id LIMIT 2), Knowledge__kav(Id)', CTX);
    expect(count(r, 'Product2')).toBe(2);
    // 7 products and 1 article match: LIMIT 3 → 2 products + the article; LIMIT 4 → 3 + 1
    const all = service.search('FIND {running} RETURNING Product2, Knowledge__kav', CTX);
    expect([count(all, 'Product2'), count(all, 'Knowledge__kav')]).toEqual([7, 1]);
    const o = service.search('FIND {running} RETURNING Product2, Knowledge__kav LIMIT 3', CTX);
    expect([count(o, 'Product2'), count(o, 'Knowledge__kav')]).toEqual([2, 1]);
    const p = service.search('FIND {running OR leggings} RETURNING Product2(Id LIMIT 1), Knowledge__kav, Account LIMIT 4', CTX);
    expect([count(p, 'Product2'), count(p, 'Knowledge__kav')]).toEqual([1, 1]);
    // one account matches: it keeps its row, the products get the rest of the share
    const q = service.search('FIND {trail OR running} RETURNING Product2, Account LIMIT 5', CTX);
    expect([count(q, 'Product2'), count(q, 'Account')]).toEqual([4, 1]);
    expect(o.searchRecords.map((x) => (x.attributes as { type: string }).type)).toEqual(['Product2', 'Product2', 'Knowledge__kav']);
    const z = service.search('FIND {running} RETURNING Product2 LIMIT 0', CTX);
    expect(z.searchRecords).toEqual([]);
  });

  it('search strings over 4,000 characters lose their operators (OR); over 10,000 return nothing (SOSL syntax docs)', () => {
    const pad = ' zzqq'.repeat(800); // 4,000 characters of a word no record has
    expect(ids(service.search('FIND {leggings AND yoga} RETURNING Product2', CTX))).toEqual([P(5)]);
    expect(ids(service.search(`FIND {leggings AND yoga${pad}} RETURNING Product2`, CTX)).sort()).toEqual([P(5), P(6), P(7)]);
    expect(ids(service.search(`FIND {leggings AND yoga${pad.repeat(3)}} RETURNING Product2`, CTX))).toEqual([]);
    expect(ids(service.search(`FIND {leggings${' AND NOT yoga'.repeat(300)}} RETURNING Product2`, CTX))).toEqual([P(6)]);
  });

  it('soft-deleted records are never returned', () => {
    const r = service.search('FIND {deleted trail runner} RETURNING Product2(Id, Name)', CTX);
    expect(r.searchRecords).toEqual([]);
  });

  it('without RETURNING: every searchable object, Id only', () => {
    const r = service.search('FIND {acme}', CTX);
    const types = new Set(r.searchRecords.map((x) => (x.attributes as { type: string }).type));
    expect(types).toEqual(new Set(['Account', 'Contact']));
    for (const rec of r.searchRecords) expect(Object.keys(rec)).toEqual(['attributes', 'Id']);
  });

  it('IN NAME FIELDS does not restrict Product2 and Knowledge (searched in all fields, per the SearchGroup docs)', () => {
    expect(ids(service.search('FIND {muddy} IN NAME FIELDS RETURNING Product2', CTX))).toEqual([P(1)]);
    expect(ids(service.search('FIND {muddy} IN NAME FIELDS RETURNING Account', CTX))).toEqual([]);
    expect(ids(service.search('FIND {portland} IN NAME FIELDS RETURNING Account', CTX))).toEqual([]);
    expect(ids(service.search('FIND {portland} IN ALL FIELDS RETURNING Account', CTX)).length).toBe(3);
  });
});

describe('fairShares (overall LIMIT split)', () => {
  it('follows the docs example and leaves unused shares to others', () => {
    expect(fairShares([19, 35], 20)).toEqual([10, 10]);
    expect(fairShares([7, 500], 100)).toEqual([7, 93]);
    expect(fairShares([20, 500, 500], 100)).toEqual([20, 40, 40]);
    expect(fairShares([5, 5, 5], 7)).toEqual([3, 2, 2]);
    expect(fairShares([0, 3, 0], 10)).toEqual([0, 3, 0]);
    expect(fairShares([4, 4], 0)).toEqual([0, 0]);
  });
});

describe('errors inside RETURNING come from the SOQL engine, pointed at the SOSL text', () => {
  it('unknown field', () => {
    const q = 'FIND {acme} RETURNING Account(Id, Foo)';
    const e = errorOf(() => service.search(q, CTX));
    expect(e.errorCode).toBe('INVALID_FIELD');
    expect(e.message).toBe(
      `\n${q}\n${' '.repeat(34)}^\nERROR at Row:1:Column:35\nNo such column 'Foo' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  });

  it('unknown field in WHERE', () => {
    const q = "FIND {acme} RETURNING Account(Id WHERE Bogus = 'x')";
    const e = errorOf(() => service.search(q, CTX));
    expect(e.errorCode).toBe('INVALID_FIELD');
    expect(e.message).toContain('ERROR at Row:1:Column:40\nNo such column \'Bogus\' on entity \'Account\'.');
  });

  it('every RETURNING clause is checked, even when nothing matches or the overall LIMIT is reached', () => {
    expect(errorOf(() => service.search('FIND {nothingmatchesthis} RETURNING Account(Id, Foo)', CTX)).errorCode).toBe('INVALID_FIELD');
    expect(errorOf(() => service.search('FIND {acme} RETURNING Account(Id), Contact(Bar) LIMIT 1', CTX)).message).toContain("No such column 'Bar' on entity 'Contact'");
  });

  it('SOQL syntax error in WHERE → MALFORMED_SEARCH', () => {
    const q = 'FIND {acme} RETURNING Account(Id WHERE Name = = 1)';
    const e = errorOf(() => service.search(q, CTX));
    expect(e.errorCode).toBe('MALFORMED_SEARCH');
    expect(e.message).toMatch(/ERROR at Row:1:Column:4[0-9]\n/);
  });

  it('long text fields cannot be filtered', () => {
    const e = errorOf(() => service.search("FIND {clean} RETURNING Knowledge__kav(Id WHERE FAQ_Answer__c = 'x')", CTX));
    expect(e.errorCode).toBe('INVALID_FIELD');
    expect(e.message).toContain("field 'FAQ_Answer__c' can not be filtered in a query call");
  });
});

describe('an injected SOQL runner without the plan cache (a bare QueryPort) falls back to the engine', () => {
  it('gives the same results and carets as the default runner', async () => {
    const { QueryService } = await import('../../server/org/query.js');
    const plain = openSoslOrg();
    const qs = new QueryService(plain.deps);
    const generic = openSoslOrg({ query: (s: string, c: Parameters<typeof qs.query>[1]) => qs.query(s, c) });
    for (const q of [
      'FIND {running} RETURNING Product2(Name, Family ORDER BY Name DESC LIMIT 3 OFFSET 1)', 'FIND {running} RETURNING Product2(Name, Family ORDER BY Name DESC LIMIT 3), Knowledge__kav(Title)',
      "FIND {trail OR leggings} RETURNING Product2(Name WHERE Family = 'Apparel')",
      'FIND {zipper OR refund} RETURNING Case(Subject, Account.Name)',
    ]) {
      expect(generic.service.search(q, CTX)).toEqual(plain.service.search(q, CTX));
    }
    const e = errorOf(() => generic.service.search("FIND {acme} RETURNING Account(Id WHERE Bogus = 'x')", CTX));
    expect(e.message).toContain('ERROR at Row:1:Column:40\n');
  });
});
