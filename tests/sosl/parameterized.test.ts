// parameterizedSearch: GET query parameters and POST bodies map onto the same engine as SOSL.
import { describe, expect, it } from 'vitest';
import { makeId } from '../../schema/index.js';
import { parameterizedToSosl, normalizeParams } from '../../server/org/search.js';
import { CTX, errorOf, ids, openSoslOrg } from './helpers.js';

const { service, store } = openSoslOrg();

describe('parameterizedSearch', () => {
  it('GET form: q, sobject, <Obj>.fields, <Obj>.limit (the REST docs example)', () => {
    const r = service.parameterizedSearch({ q: 'Acme', sobject: 'Account', 'Account.fields': 'id,name', 'Account.limit': '10' }, CTX);
    expect(r.searchRecords).toEqual([
      { attributes: { type: 'Account', url: `/services/data/v59.0/sobjects/Account/${makeId('001', 1)}` }, Id: makeId('001', 1), Name: 'Acme Corp' },
    ]);
  });

  it('q alone: a global search, Id only, like FIND {q}', () => {
    expect(service.parameterizedSearch({ q: 'acme' }, CTX)).toEqual(service.search('FIND {acme}', CTX));
  });

  it('POST form: sobjects with fields / limit / where, top-level fields, in, overallLimit, defaultLimit', () => {
    const body = {
      q: 'running',
      in: 'ALL',
      fields: ['Id', 'Name'],
      sobjects: [{ name: 'Product2', where: "Family = 'Footwear'", limit: 2 }, { name: 'Knowledge__kav', fields: ['Id', 'Title'] }],
      overallLimit: 100,
    };
    const r = service.parameterizedSearch(body, CTX).searchRecords;
    const products = r.filter((x) => (x.attributes as { type: string }).type === 'Product2');
    expect(products.length).toBe(2);
    for (const p of products) expect(Object.keys(p)).toEqual(['attributes', 'Id', 'Name']);
    const articles = r.filter((x) => (x.attributes as { type: string }).type === 'Knowledge__kav');
    expect(articles.map((a) => a.Title)).toContain('How to Clean Running Shoes');
    expect(parameterizedToSosl(normalizeParams(body), store.registry.objects)).toBe(
      "FIND {running} IN ALL FIELDS RETURNING Product2(Id, Name WHERE Family = 'Footwear' LIMIT 2), Knowledge__kav(Id, Title) LIMIT 100",
    );
    const capped = service.parameterizedSearch({ ...body, overallLimit: 1 }, CTX).searchRecords;
    expect(capped.length).toBe(1);
    const dflt = service.parameterizedSearch({ q: 'running', sobjects: [{ name: 'Product2' }], defaultLimit: 3 }, CTX).searchRecords;
    expect(dflt.length).toBe(3);
  });

  it('in=NAME / EMAIL / PHONE scopes', () => {
    expect(ids(service.parameterizedSearch({ q: 'portland', in: 'NAME', sobject: 'Account', 'Account.fields': 'Id' }, CTX))).toEqual([]);
    expect(ids(service.parameterizedSearch({ q: 'acme.com', in: 'EMAIL', sobject: 'Contact' }, CTX))).toEqual([makeId('003', 1)]);
    expect(ids(service.parameterizedSearch({ q: '4155551212', in: 'PHONE', sobject: 'Account' }, CTX))).toEqual([makeId('001', 1)]);
  });

  it('fields without sobjects: every searchable object, with the fields it has', () => {
    const r = service.parameterizedSearch({ q: 'acme', fields: 'Id,Name,Email' }, CTX).searchRecords;
    const acc = r.find((x) => (x.attributes as { type: string }).type === 'Account')!;
    const con = r.find((x) => (x.attributes as { type: string }).type === 'Contact')!;
    expect(Object.keys(acc)).toEqual(['attributes', 'Id', 'Name']);
    expect(Object.keys(con)).toEqual(['attributes', 'Id', 'Name', 'Email']);
  });

  it("q is literal text: braces and apostrophes need no escaping", () => {
    expect(ids(service.parameterizedSearch({ q: "Women's leggings", sobject: 'Product2' }, CTX))).toEqual([makeId('01t', 5)]);
    expect(ids(service.parameterizedSearch({ q: 'leggings}', sobject: 'Product2' }, CTX)).length).toBe(2);
  });

  it('rejects bad parameters with Salesforce-shaped errors', () => {
    expect(errorOf(() => service.parameterizedSearch({}, CTX)).errorCode).toBe('MALFORMED_SEARCH');
    expect(errorOf(() => service.parameterizedSearch({ q: 'a' }, CTX)).message).toBe('search term must be longer than one character: a');
    expect(errorOf(() => service.parameterizedSearch({ q: 'acme', sobject: 'Nope' }, CTX)).errorCode).toBe('INVALID_TYPE');
    expect(errorOf(() => service.parameterizedSearch({ q: 'acme', sobject: 'Account', 'Account.fields': 'Id,Nope' }, CTX)).errorCode).toBe('INVALID_FIELD');
    expect(errorOf(() => service.parameterizedSearch({ q: 'acme', overallLimit: 'x' }, CTX)).errorCode).toBe('MALFORMED_SEARCH');
    expect(errorOf(() => service.parameterizedSearch({ q: 'acme', in: 'BOGUS' }, CTX)).errorCode).toBe('MALFORMED_SEARCH');
    expect(errorOf(() => service.parameterizedSearch({ q: 'acme', snippet: 'true' }, CTX)).errorCode).toBe('NOT_EMULATED');
    expect(errorOf(() => service.parameterizedSearch({ q: 'acme', sobjects: 'Account' }, CTX)).errorCode).toBe('MALFORMED_SEARCH');
  });
});
